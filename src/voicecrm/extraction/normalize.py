"""Turning spoken forms into field values: number words, spoken emails, phone numbers, amounts.

Both backends (rules and LLM) pass their raw values through :func:`normalize_fields`, so a value
is normalised the same way whichever backend found it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import phonenumbers
from pydantic import ValidationError
from text_to_num import alpha2digit

from .schema import DEFAULT_REGION, ClientFields, ExtractedField

log = logging.getLogger(__name__)

NANP_REGIONS = ("US", "CA")


def clean_text(text: str) -> str:
    """Unicode NFC, straight apostrophes, single spaces: what every pattern below assumes."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def numbers_to_digits(text: str, language: str) -> str:
    """Write number words as digits ("trente-cinq ans" -> "35 ans", "four zero four" -> "4 04")."""
    lang = "fr" if language == "fr" else "en"
    # "10 thousand" would become "10 1000", which reads like two digit groups of a phone number.
    text = re.sub(
        r"(\d+(?:[.,]\d+)?)\s*(thousand|mille|grand)\b", r"\1k", text, flags=re.IGNORECASE
    )
    text = re.sub(r"(\d+(?:[.,]\d+)?)\s*(millions?)\b", r"\1M", text, flags=re.IGNORECASE)
    try:
        text = alpha2digit(text, lang)
    except Exception:  # text2num raises on odd inputs; the words are then left as they were
        log.debug("alpha2digit failed on %r", text, exc_info=True)
    if lang == "en":
        # Phone numbers are often read with "oh" for zero and "double"/"triple" for repeats.
        text = re.sub(r"(?<=\d)\s+oh\b|\boh\s+(?=\d)", lambda m: m.group(0).replace("oh", "0"), text)
        text = re.sub(r"\bdouble\s+(\d)\b", r"\1 \1", text)
        text = re.sub(r"\btriple\s+(\d)\b", r"\1 \1 \1", text)
    return text


# --- emails -------------------------------------------------------------------------------------

_AT_WORDS = {"fr": r"arobases?|arrobases?|arobas|at", "en": r"at"}
_DOT_WORDS = {"point", "dot"}
_JOIN_WORDS = {"underscore": "_", "tiret": "-", "dash": "-", "hyphen": "-"}
# Words that introduce an address: the spoken local part starts after them.
_EMAIL_CUES = {
    "is", "email", "e-mail", "mail", "address", "addresses", "it's", "its", "at", "me", "to", "via",
    "est", "c'est", "courriel", "adresse", "électronique", "mél", "mel", "le", "la", "à", "au", "sur",
    "son", "sa", "mon", "ma", "my", "his", "her", "their", "new", "nouvel", "nouvelle", "nouveau",
    "and", "et", "then", "puis", "email:", "mail:", "maintenant", "désormais", "now", "currently",
    "actuellement", "changé", "changed", "devenu", "become", "became", "plutôt", "rather", "instead",
}
# Words announcing an address: an "at" form without them is a place or an employer, not an email.
_EMAIL_CONTEXT = re.compile(
    r"e-?mail|\bmail|courriel|adresse|address|écri(?:re|vez)|write|contact|joindre|reach", re.IGNORECASE
)
_TLDS = (
    "com|fr|net|org|me|io|co|uk|de|be|ch|ca|eu|info|biz|us|es|it|nl|edu|gov|ai|app|dev|tech|pro|"
    "email|online|lu|pt|re|mc|ie|au|nz|se|no|dk|fi|pl|cz|at|br|mx|in|jp|ma|tn|dz|sn|ci|cm|xyz|club|shop"
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EXPLICIT_EMAIL = re.compile(r"[\w.+'-]+@" + _LABEL + r"(?:\." + _LABEL + r")+", re.UNICODE)
_LOCAL_TOKEN = re.compile(r"[\w+'-]+(?:\.[\w+'-]+)*|[.,:;!?()]")


def _spoken_domain_re(language: str) -> re.Pattern[str]:
    at = _AT_WORDS.get(language, _AT_WORDS["en"]) + "|" + _AT_WORDS["fr"]
    sep = r"(?:\s*\.(?=[A-Za-z0-9])|\s+(?:point|dot)\s+)"
    return re.compile(
        r"(?:(?<=\s)|(?<=^))(?:@|(?:" + at + r")\b)\s*"
        r"(?P<domain>" + _LABEL + r"(?:" + sep + _LABEL + r")*?" + sep + r"(?:" + _TLDS + r"))\b",
        re.IGNORECASE,
    )


_DOMAIN_RES = {lang: _spoken_domain_re(lang) for lang in ("fr", "en")}


@dataclass
class Found:
    """A value found in a text, with where it was."""

    value: Any
    start: int
    end: int


_WORD_PIECE, _JOINER, _STOP = 0, 1, 2


def _local_part(text: str, at_start: int) -> tuple[str, int] | None:
    """Read the spoken local part that ends just before ``at_start``; return it and where it starts."""
    window_start = max(0, at_start - 80)
    tokens = list(_LOCAL_TOKEN.finditer(text, window_start, at_start))
    # (piece, start, kind): kind is _WORD_PIECE, _JOINER (spoken "dot", "underscore") or _STOP (a full stop).
    parts: list[tuple[str, int, int]] = []
    bounded = False
    words = 0
    for m in reversed(tokens):
        tok = m.group(0)
        low = tok.lower()
        if tok == "," and not parts:
            continue  # Whisper's pause before "arobase": "Sophie Bernard, arobase Outlook.com"
        if tok in ",:;!?()":
            bounded = True
            break
        if tok == ".":
            # A sentence full stop Whisper put inside a dictated address ("Victoria. Hughes").
            parts.insert(0, (".", m.start(), _STOP))
            continue
        if low in _DOT_WORDS:
            parts.insert(0, (".", m.start(), _JOINER))
            continue
        if low in _JOIN_WORDS:
            parts.insert(0, (_JOIN_WORDS[low], m.start(), _JOINER))
            continue
        if low in _EMAIL_CUES or "'" in tok:  # elided words ("l'heure", "j'ai") are never in an address
            bounded = True
            break
        if words == 4:
            break
        parts.insert(0, (tok, m.start(), _WORD_PIECE))
        words += 1
    else:
        # The loop ran out of tokens: the address starts the text.
        bounded = window_start == 0
    if not parts:
        return None
    if not bounded:
        # No cue in sight: keep only the last word and what spoken joiners attach to it; a full
        # stop there more likely ends the previous sentence ("I live in Boston. Hughes at …").
        keep = [parts[-1]]
        i = len(parts) - 2
        while i >= 1 and parts[i][2] == _JOINER and parts[i - 1][2] == _WORD_PIECE:
            keep[:0] = [parts[i - 1], parts[i]]
            i -= 2
        parts = keep
    while parts and parts[0][2] != _WORD_PIECE:
        parts.pop(0)
    while parts and parts[-1][2] != _WORD_PIECE:
        parts.pop()
    if not parts:
        return None
    local = "".join(p[0] for p in parts).lower()
    # Whisper writes a spelled initial as "L-Wilson"; the address has no hyphen there.
    local = re.sub(r"^([a-z])-(?=[a-z]{2})", r"\1", local)
    return local, parts[0][1]


def find_emails(text: str, language: str = "en") -> list[Found]:
    """Email addresses written out or spoken ("jean point dupont arobase gmail point com")."""
    found: list[Found] = []
    for m in _EXPLICIT_EMAIL.finditer(text):
        address, start = m.group(0).lower().strip(".'-"), m.start()
        # Whisper half-formats: "jean point dupont@gmail.com" holds the spoken start of the address.
        spoken = re.search(r"(?:[\w-]+\s+(?:point|dot|underscore|tiret|dash|hyphen)\s+)+$", text[:start], re.I)
        if spoken:
            words = spoken.group(0).split()
            prefix = "".join(_JOIN_WORDS.get(w.lower(), "." if w.lower() in _DOT_WORDS else w) for w in words)
            if _valid_email(prefix.lower() + address):
                address, start = prefix.lower() + address, spoken.start()
        found.append(Found(address, start, m.end()))
    domain_re = _DOMAIN_RES.get(language, _DOMAIN_RES["en"])
    for m in domain_re.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        if m.group(0)[:2].lower() == "at" and not _EMAIL_CONTEXT.search(text[max(0, m.start() - 80) : m.start()]):
            continue  # "I work at Salesforce.com" names an employer; a spoken address is announced
        local = _local_part(text, m.start())
        if local is None:
            continue
        domain = re.sub(r"\s*\.\s*|\s+(?:point|dot)\s+", ".", m.group("domain"), flags=re.I).lower()
        address = f"{local[0]}@{domain}"
        if _valid_email(address):
            found.append(Found(address, local[1], m.end()))
    found.sort(key=lambda f: f.start)
    return found


def _valid_email(address: str) -> bool:
    try:
        ClientFields.model_validate({"email": address})
    except ValidationError:
        return False
    return True


# --- phone numbers ------------------------------------------------------------------------------

_PHONE_RUN = re.compile(r"(?:\+|\b00)?\s?\(?\d[\d().,/\s-]*\d")
_DIGIT_GROUP = re.compile(r"\+?\d+")


def _plausible(region: str, digits: str, language: str | None) -> bool:
    if region in NANP_REGIONS:
        return (len(digits) == 10 and digits[0] not in "01") or (len(digits) == 11 and digits[0] == "1")
    # Elsewhere a national number is dialled with its trunk prefix, or nine digits without it; in
    # English nine digits are more likely a North American number missing a digit than that.
    return digits.startswith("0") or (len(digits) == 9 and language != "en")


def parse_phone(raw: str, *, default_region: str = DEFAULT_REGION, language: str | None = None) -> str | None:
    """The E.164 form of a phone number written in any usual way, or None.

    Numbers without a country code are read in the default region, but an English utterance
    tries North America first, so "303 555 2348" said in English becomes +1 303 555 2348.
    """
    raw = raw.strip()
    digits = re.sub(r"\D", "", raw)
    if not 8 <= len(digits) <= 15:
        return None
    if raw.startswith("+") or digits.startswith("00"):
        text = raw if raw.startswith("+") else "+" + digits[2:]
        try:
            number = phonenumbers.parse(text, None)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return None
    default_region = (default_region or DEFAULT_REGION).upper()
    regions = ["US", default_region] if language == "en" else [default_region]
    if language == "fr" and "FR" not in regions:
        regions.append("FR")
    if "US" not in regions:
        regions.append("US")
    parsed = []
    for region in regions:
        try:
            parsed.append((region, phonenumbers.parse(digits, region)))
        except phonenumbers.NumberParseException:
            continue
    for region, number in parsed:
        if phonenumbers.is_valid_number(number) and _plausible(region, digits, language):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    for region, number in parsed:
        if phonenumbers.is_possible_number(number) and _plausible(region, digits, language):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def find_phones(
    text: str, *, default_region: str = DEFAULT_REGION, language: str | None = None
) -> list[Found]:
    """Phone numbers in a text whose number words are already digits; groups may be split by
    spaces, dots, dashes or Whisper's commas ("Phone, 300, 355, 2348")."""
    found: list[Found] = []
    for run in _PHONE_RUN.finditer(text):
        groups = [g for g in _DIGIT_GROUP.finditer(run.group(0))]
        if sum(len(g.group(0).lstrip("+")) for g in groups) < 8:
            continue
        best = _best_phone(run, groups, default_region, language)
        if best:
            found.append(best)
    return found


def _best_phone(run: re.Match[str], groups: list[re.Match[str]], region: str, language: str | None):
    n = len(groups)
    base = run.start()
    text = run.group(0)
    # Groups joined by a dash or a dot were written as one number: never cut a number there, so
    # a garbled "300-555-3600-19" gives nothing rather than a wrong number.
    tied = [bool(re.fullmatch(r"\s*[-.]\s*", text[groups[k].end() : groups[k + 1].start()])) for k in range(n - 1)]
    for i in range(n):
        if i > 0 and tied[i - 1]:
            continue
        for j in range(n, i, -1):
            if j < n and tied[j - 1]:
                continue
            digits = sum(len(g.group(0).lstrip("+")) for g in groups[i:j])
            if not 9 <= digits <= 15:
                continue
            start, end = groups[i].start(), groups[j - 1].end()
            chunk = text[start:end]
            if groups[i].group(0).startswith("+"):
                candidate = "+" + re.sub(r"\D", "", chunk)
            else:
                candidate = re.sub(r"\D", "", chunk)
                if i == 0 and text.lstrip().startswith("00"):
                    candidate = "+" + candidate[2:]
            value = parse_phone(candidate, default_region=region, language=language)
            if value:
                return Found(value, base + start, base + end)
    return None


# --- amounts, ages, job titles ------------------------------------------------------------------

AMOUNT = (
    r"(?P<pre>[$€£]\s?)?"
    r"(?P<num>\d{1,3}(?:[ ,.']\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?)"
    r"\s?(?P<mult>k€|k\$|k|K|mille|thousand|grand|millions?|M€|M)?\b"
    r"(?:\s?(?P<post>€|euros?|EUR|dollars?|USD|bucks|\$))?"
)
_AMOUNT_RE = re.compile(AMOUNT)


def amount_value(num: str, mult: str | None = None) -> int | float | None:
    """A number as spoken or written ("45,000", "5 000", "1,5" + "million") as int or float."""
    num = num.strip()
    if re.fullmatch(r"\d{1,3}(?:[ ,.']\d{3})+", num):
        value = float(re.sub(r"\D", "", num))
    else:
        m = re.fullmatch(r"(\d{1,3}(?:[ ,.']\d{3})*)[.,](\d{1,2})", num)
        if m:
            value = float(re.sub(r"\D", "", m.group(1)) + "." + m.group(2))
        else:
            try:
                value = float(num.replace(",", "."))
            except ValueError:
                return None
    mult = (mult or "").lower()
    if mult.startswith("k") or mult in ("mille", "thousand", "grand"):
        value *= 1000
    elif mult.startswith("m"):
        value *= 1_000_000
    return int(value) if value.is_integer() else round(value, 2)


def parse_amount(raw: str | float | int) -> int | float | None:
    """The first amount in ``raw`` ("$5,000", "5 000 euros", "5k") as a number."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return int(raw) if float(raw).is_integer() else round(float(raw), 2)
    m = _AMOUNT_RE.search(clean_text(str(raw)))
    return amount_value(m.group("num"), m.group("mult")) if m else None


def clean_job_title(raw: str) -> str:
    """A job title as spoken, in lower case except acronyms ("Sales Director" -> "sales director")."""
    words = raw.strip(" ,.;:").split()
    while words and words[0].lower() in {"a", "an", "the", "un", "une", "le", "la", "l'"}:
        words.pop(0)
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


# --- one normalisation for every backend --------------------------------------------------------


def normalize_value(
    name: str, value: Any, *, default_region: str = DEFAULT_REGION, language: str | None = None
) -> Any:
    """Bring one raw value to its stored form, or None when it cannot be read as that field."""
    if value is None:
        return None
    if isinstance(value, str):
        value = clean_text(value)
        if not value:
            return None
    if name == "phone":
        text = numbers_to_digits(str(value), language or "en")
        return parse_phone(text, default_region=default_region, language=language)
    if name == "email":
        text = str(value)
        if "@" not in text:
            # The value is known to be an address, so say so: spoken "at" forms need the cue.
            found = find_emails("email: " + numbers_to_digits(text, language or "en"), language or "en")
            return found[0].value if found else None
        return text.lower()
    if name == "budget":
        if isinstance(value, str):
            value = numbers_to_digits(value, language or "en")
        return parse_amount(value)
    if name == "age":
        if isinstance(value, str):
            m = re.search(r"\d{1,3}", numbers_to_digits(value, language or "en"))
            return int(m.group(0)) if m else None
        return value
    if name == "job_title":
        return clean_job_title(str(value)) or None
    return value


def normalize_fields(
    raw: dict[str, Any], *, default_region: str = DEFAULT_REGION, language: str | None = None
) -> dict[str, Any]:
    """Normalise and validate each field on its own; a field that fails is dropped, not the rest."""
    clean: dict[str, Any] = {}
    for name, value in raw.items():
        value = normalize_value(name, value, default_region=default_region, language=language)
        if value is None:
            continue
        try:
            checked = ClientFields.model_validate({name: value}, context={"default_region": default_region})
        except ValidationError as exc:
            log.info("dropped %s=%r: %s", name, value, exc.errors()[0]["msg"])
            continue
        clean[name] = checked.model_dump(include={name})[name]
    return clean


# Below merge_fields' default threshold: the value is offered as a suggestion, not applied.
UNSURE = 0.5


_CORRECTION = re.compile(
    r"\b(?:correction|corriger|rectificatif|rectification|erratum|orthographe|s'écrit|spelled|spelling|"
    r"misspelled|typo)\b",
    re.IGNORECASE,
)


def temper_names(fields: dict[str, ExtractedField], existing: dict[str, Any], text: str = "") -> None:
    """Lower the confidence of a name that differs from the name on the record being updated.

    On a client's page a different name is more often someone else mentioned (a colleague, a
    spouse, a mishearing) than a rename, so it becomes a suggestion instead of replacing it,
    unless the speaker says they are correcting it.
    """
    if _CORRECTION.search(text):
        return
    for name in ("first_name", "last_name"):
        found, current = fields.get(name), existing.get(name)
        if found and current and str(current).strip().casefold() != str(found.value).strip().casefold():
            found.confidence = min(found.confidence, UNSURE)
