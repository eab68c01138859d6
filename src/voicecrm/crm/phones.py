"""Phone numbers as people read and type them: shown in their user's region, found by any written form.

Numbers are stored in E.164 (``+16175550198``, extraction.schema validates them); these helpers only read.
"""

from __future__ import annotations

import re

import phonenumbers

# A search that is only a phone number as people write it: digits with spaces, dots, dashes, brackets, a
# leading + or 00, and at least six digits (shorter runs are postcodes, ages, budgets).
_PHONE_LIKE = re.compile(r"^\+?[\d\s().\-/]+$")
MIN_SEARCH_DIGITS = 6


def phone_display(number: str | None, region: str) -> str:
    """``number`` (E.164) as its owner writes it: national format for a number of ``region`` ("06 12 34 56 78"
    for FR, "(617) 555-0198" for US), international otherwise ("+44 20 7946 0958"), per libphonenumber's
    formats. A value that does not parse is returned as stored; None gives ""."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, region or None)
    except phonenumbers.NumberParseException:
        return number
    if phonenumbers.region_code_for_number(parsed) == (region or "").upper():
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_forms(text: str, regions: list[str]) -> tuple[set[str], str] | None:
    """What a search for a phone number matches, or None when ``text`` is not a phone number.

    Args:
        text: the search as typed ("617-555-0198", "+1 617 555 0198", "06 12 34 56 78").
        regions: ISO 3166-1 alpha-2 regions to read a number without a country code in, in order (the user's
            region first).

    Returns:
        ``(numbers, digits)``: the E.164 numbers the text is in those regions (valid ones only), and its
        national significant digits without a trunk "0" — the part every stored form contains — for a number
        that no region validates (a partial one).
    """
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    if not _PHONE_LIKE.match(text) or len(digits) < MIN_SEARCH_DIGITS:
        return None
    numbers: set[str] = set()
    for region in [None] if text.startswith("+") else [r.upper() for r in regions if r]:
        try:
            parsed = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            numbers.add(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    return numbers, digits.removeprefix("00").lstrip("0")
