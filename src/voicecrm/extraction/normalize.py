"""Turning spoken forms into field values: number words, spoken emails, phone numbers, amounts.

Both backends (rules and LLM) pass their raw values through :func:`normalize_fields`, so a value
is normalised the same way whichever backend found it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import phonenumbers
from pydantic import ValidationError
from text_to_num import alpha2digit

from .schema import DEFAULT_REGION, PUBLIC_SUFFIXES, ClientFields, ExtractedField

log = logging.getLogger(__name__)

# A word spelled letter by letter, as Whisper writes it: "S-H-A-R-M-A", "a-u-b-r-y" (three letters or more).
_SPELLED = re.compile(r"(?<![\w-])(?:[^\W\d_]-){2,}[^\W\d_](?![\w-])")
_SPELLING_OF_WORD = re.compile(r"\b([^\W\d_]{3,})([,:]?\s+)((?:[^\W\d_]-){2,}[^\W\d_])(?![\w-])")


def clean_text(text: str) -> str:
    """Unicode NFC, straight apostrophes, single spaces, and a word spelled letter by letter joined ("S-H-A-R-M-A" →
    "SHARMA"): what every pattern below assumes."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    # … dropped where it only spells the word said before it ("it's Sharma, S-H-A-R-M-A"), else joined.
    text = _SPELLING_OF_WORD.sub(
        lambda m: m.group(1) if m.group(3).replace("-", "").casefold() == m.group(1).casefold() else m.group(0), text)
    text = _SPELLED.sub(lambda m: m.group(0).replace("-", ""), text)
    return re.sub(r"\s+", " ", text).strip()


_FRENCH_AND = re.compile(
    r"(?<!vingt )(?<!trente )(?<!quarante )(?<!cinquante )(?<!soixante )(\bet\b)"
    r"|(\bet\b)(?!\s+(?:un|une|onze)\b)", re.IGNORECASE)


_SMALL_NUMBERS = {"one": "1", "two": "2", "un": "1", "une": "1", "deux": "2"}
_SMALL_RANGE_LOW = re.compile(r"\b(one|two|une?|deux)(?=\s+(?:to|or|à|ou|et|-)\s+\d)", re.IGNORECASE)


def _alpha2digit(text: str, language: str) -> str:
    try:
        return alpha2digit(text, language)
    except Exception:  # text2num raises on odd inputs; the words are then left as they were
        log.debug("alpha2digit failed on %r", text, exc_info=True)
        return text


# A unit said alone (not the end of "vingt-deux", "soixante et un", "1,5"), then a million and a half.
_SMALL_WORDS = (r"(?<![-\w])(?<!\bet )(?<!\band )(?<![\d,.])"
                r"(un|une|one|a|deux|two|trois|three|quatre|four|cinq|five|\d+)")
_HALF_MILLION_AFTER = re.compile(rf"{_SMALL_WORDS}\s+millions?\s+(?:et\s+demie?|and\s+a\s+half)\b(?!-)|"
                                 rf"{_SMALL_WORDS}\s+and\s+a\s+half\s+millions?\b", re.IGNORECASE)
_UNITS = {"un": "1", "une": "1", "one": "1", "a": "1", "deux": "2", "two": "2", "trois": "3", "three": "3",
          "quatre": "4", "four": "4", "cinq": "5", "five": "5"}
_HALF_A_MILLION = re.compile(r"\b(?:half\s+a\s+million|un\s+demi-?\s*million)\b", re.IGNORECASE)


_DIGIT_WORD = re.compile(r"(?:zero|one|two|three|four|five|six|seven|eight|nine|\d)", re.IGNORECASE)
_OH = re.compile(r"\b(?<!')oh\b", re.IGNORECASE)


def _oh_among_digits(text: str) -> str:
    """"oh" said for zero among spoken digits ("two five oh one", "oh seven four one …") as "zero", which text2num
    reads; an "oh" of surprise ("oh, and …", "Oh no") stays."""
    def zero(m: re.Match[str]) -> str:
        after = re.match(r"[\s,.-]+(\S+)", text[m.end():])
        before = re.search(r"(\S+)[\s,-]+$", text[:m.start()])
        digit_after = bool(after and _DIGIT_WORD.fullmatch(after.group(1).strip(",.")))
        digit_before = bool(before and _DIGIT_WORD.fullmatch(before.group(1).strip(",.")))
        return "zero" if digit_after and (digit_before or not re.match(r"\s*,", text[m.end():])) else m.group(0)

    return _OH.sub(zero, text)


def numbers_to_digits(text: str, language: str) -> str:
    """Write number words as digits ("trente-cinq ans" -> "35 ans", "four zero four" -> "4 04")."""
    lang = "fr" if language == "fr" else "en"
    # Halves of a million said in words, which text2num reads as a whole one ("un million et demi" → 1000000 et
    # demi, "half a million" → half a 1000000): "1.5M", "0.5M".
    text = _HALF_MILLION_AFTER.sub(lambda m: f"{_UNITS.get((m[1] or m[2]).lower(), m[1] or m[2])}.5M", text)
    text = _HALF_A_MILLION.sub("0.5M", text)
    # "10 thousand" would become "10 1000", which reads like two digit groups of a phone number.
    text = re.sub(
        r"(\d+(?:[.,]\d+)?)\s*(thousand|mille|grand)\b", r"\1k", text, flags=re.IGNORECASE
    )
    text = re.sub(r"(\d+(?:[.,]\d+)?)\s*(millions?)\b", r"\1M", text, flags=re.IGNORECASE)
    if lang == "fr":
        # text2num 3.1 joins numbers across "et" ("dix et cent" → 1000, "mille et cent mille" → "1100 1000"):
        # in French "et" joins the words of one number only between a tens word and "un", "une" or "onze"
        # ("vingt et un", "soixante et onze"); any other "et" parts two numbers, so each side is read alone
        # ("entre dix et cent mille" → "entre 10 et 100000").
        parts = _FRENCH_AND.split(text)  # text, "et", None, text… (one of the two groups matched)
        text = "".join(part if i % 3 else _alpha2digit(part, lang) for i, part in enumerate(parts) if part)
    else:
        if lang == "en":
            # "oh" for zero among spoken digits ("two five oh one", "oh seven four …"): a zero text2num can read.
            text = _oh_among_digits(text)
        text = _alpha2digit(text, lang)
    # text2num leaves "one", "two", "un", "deux" alone as words; as the low end of a range they are numbers
    # ("one or two million", "deux à trois mille euros").
    text = _SMALL_RANGE_LOW.sub(lambda m: _SMALL_NUMBERS[m.group(1).lower()], text)
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
# Joiners said in several words: French names "_" "tiret bas", or "tiret du huit" after the AZERTY key it
# shares with 8, and "-" "tiret du six" (the key of 6); a transcript may split "under score".
_SPOKEN_JOINERS = {
    ("tiret", "du", "bas"): "_", ("tiret", "du", "huit"): "_", ("tiret", "du", "8"): "_", ("tiret", "bas"): "_",
    ("tiret", "huit"): "_", ("tiret", "8"): "_", ("under", "score"): "_", ("tiret", "du", "six"): "-",
    ("tiret", "du", "6"): "-", ("tiret", "six"): "-", ("tiret", "6"): "-",
}
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
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EXPLICIT_EMAIL = re.compile(r"[\w.+'-]+@" + _LABEL + r"(?:\." + _LABEL + r")+", re.UNICODE)
_LOCAL_TOKEN = re.compile(r"[\w+'-]+(?:\.[\w+'-]+)*|[.,:;!?()]")
# Between two labels of a domain: a written dot, or a spoken "point" / "dot".
_DOMAIN_SEP = r"(?:\s*\.(?=[A-Za-z0-9])|\s+(?:point|dot)\s+)"
# A hyphen said inside a label: "azur tiret events point com" → azur-events.com.
_SPOKEN_HYPHEN = r"\s+(?:tiret|dash|hyphen)\s+"
_SPOKEN_LABEL = _LABEL + r"(?:" + _SPOKEN_HYPHEN + _LABEL + r")*"


def _written_domain(spoken: str) -> str:
    """A domain as said or half-written, as written: "Azur tiret events point com" → "azur-events.com"."""
    return re.sub(_SPOKEN_HYPHEN, "-", re.sub(r"\s*\.\s*|\s+(?:point|dot)\s+", ".", spoken, flags=re.I),
                  flags=re.I).lower()


def _spoken_domain_re(language: str) -> re.Pattern[str]:
    at = _AT_WORDS.get(language, _AT_WORDS["en"]) + "|" + _AT_WORDS["fr"]
    return re.compile(
        r"(?:(?<=\s)|(?<=^))(?:@|(?:" + at + r")\b)\s*"
        # A top-level domain has no hyphen: the last label is a plain one ("orange point fr tiret je crois").
        r"(?P<domain>" + _SPOKEN_LABEL + r"(?:" + _DOMAIN_SEP + _SPOKEN_LABEL + r")*" + _DOMAIN_SEP + _LABEL + r")\b",
        re.IGNORECASE,
    )


def _domain_end(domain: str) -> int | None:
    """How much of a spoken label chain is the domain, by the Public Suffix List; None if no part is.

    The domain ends at the first label that is a top-level domain ("gmail point com point voilà" stops at
    "com"), extended while the next label makes a longer public suffix ("yahoo point co point uk": "co.uk"),
    so "free point fr point il" stays "free.fr" although "il" is a top-level domain too.
    """
    labels = re.split(_DOMAIN_SEP, domain, flags=re.IGNORECASE)
    ends = [m.start() for m in re.finditer(_DOMAIN_SEP, domain, re.IGNORECASE)] + [len(domain)]
    chosen, chosen_size = 0, 0
    for k in range(2, len(labels) + 1):
        suffix = PUBLIC_SUFFIXES.publicsuffix(_written_domain(".".join(labels[:k])), accept_unknown=False)
        size = suffix.count(".") + 1 if suffix else 0
        if not size or size >= k or (chosen and size <= chosen_size):
            if chosen:
                break
            continue
        chosen, chosen_size = k, size
    return ends[chosen - 1] if chosen else None


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
    i = len(tokens)
    while i > 0:
        i -= 1
        m = tokens[i]
        tok = m.group(0)
        low = tok.lower()
        said = next((said for said in _SPOKEN_JOINERS if i >= len(said) - 1
                     and said == tuple(t.group(0).lower() for t in tokens[i - len(said) + 1:i + 1])), None)
        if said:  # "tiret bas", "tiret du huit": one joiner
            i -= len(said) - 1
            parts.insert(0, (_SPOKEN_JOINERS[said], tokens[i].start(), _JOINER))
            continue
        if tok == "," and not parts:
            continue  # Whisper's pause before "arobase": "Nadine Morel, arobase Outlook.com"
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
    # A dictated name keeps its accents in speech, not in the address: "Hélène point Faure" → helene.faure
    # (addresses with non-ASCII local parts, RFC 6531, are rare and never dictated letter by letter).
    local = "".join(c for c in unicodedata.normalize("NFKD", "".join(p[0] for p in parts).lower())
                    if unicodedata.category(c) != "Mn")
    # Whisper writes a spelled initial as "L-Wilson"; the address has no hyphen there.
    local = re.sub(r"^([a-z])-(?=[a-z]{2})", r"\1", local)
    return local, parts[0][1]


# A spoken local part that ends like a domain ("merrick.com") is Whisper mishearing the name, not an address
# anyone dictates: the classic top-level domains only (".paris" or ".london" may end a real local part).
_AS_DOMAIN = re.compile(r"\.(?:com|net|org|edu|gov|fr|me|io|co|uk|de)$")


def find_emails(text: str, language: str = "en") -> list[Found]:
    """Email addresses written out or spoken ("jean point dupont arobase gmail point com"). A spoken address
    too garbled to keep is a Found whose value is None: where it was, so that it is not read as anything
    else."""
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
        size = _domain_end(m.group("domain"))
        if size is None:
            continue
        spoken = m.group("domain")[:size]
        domain = _written_domain(spoken)
        if _AS_DOMAIN.search(local[0]):
            # "Email Merrick.com at Outlook.com": Whisper put a domain where the name was said. No address,
            # but the span is reported (value None) so that its words are not read as a job or an employer.
            found.append(Found(None, local[1], m.start("domain") + size))
            continue
        address = f"{local[0]}@{domain}"
        if _valid_email(address):
            found.append(Found(address, local[1], m.start("domain") + size))
    found.sort(key=lambda f: f.start)
    return found


def _valid_email(address: str) -> bool:
    try:
        ClientFields.model_validate({"email": address})
    except ValidationError:
        return False
    return True


# --- phone numbers ------------------------------------------------------------------------------

# The numbering plan a speaker of each language reads without a country code: French speech gives French
# national numbers, English speech North American ones (one plan, +1, for the US and Canada). Other
# plans are read only in the deployment's own region (VOICECRM_DEFAULT_REGION) or with a country code.
LANGUAGE_REGIONS: dict[str, str] = {"fr": "FR", "en": "US"}
# Plans also read in a language's speech, after its home plan, where no number of one can be taken for a number
# of the other: French is spoken in Québec, whose ten-digit North American numbers never start with 0, and
# every French national number does ("418 555 0163" is +1 418…). English is not given the British or Australian
# plan here: their national numbers start with 0 too, so "0412…" would have to be guessed between them; only their
# grouping tells them apart (LANGUAGE_GROUPED_REGIONS).
LANGUAGE_OTHER_REGIONS: dict[str, tuple[str, ...]] = {"fr": ("CA",)}
# Plans whose national numbers a language's speakers say with the same trunk "0" as its home plan's, told apart
# only by how the digits are grouped: "079 412 35 68" is grouped as a Swiss number and "07 94 12 35 68" as a
# French one, "087 123 4567" as an Irish mobile (:func:`_plan_by_grouping`).
LANGUAGE_GROUPED_REGIONS: dict[str, tuple[str, ...]] = {"fr": ("FR", "BE", "CH"), "en": ("GB", "IE", "AU", "NZ")}

# A run of digit groups, possibly opened by a country code ("+44", "plus 44", "0044").
_PHONE_RUN = re.compile(r"(?:\+\s*|\bplus\s+|\b00)?\(?\d[\d().,/\s-]*\d", re.IGNORECASE)
_DIGIT_GROUP = re.compile(r"\d+")


def _language_code(language: str | None) -> str:
    return (language or "").lower()[:2]


def _other_regions(language: str | None) -> tuple[str, ...]:
    """The plans read beside the language's home one (:data:`LANGUAGE_OTHER_REGIONS`), for their own numbers."""
    return LANGUAGE_OTHER_REGIONS.get(_language_code(language), ())


def phone_regions(default_region: str = DEFAULT_REGION, language: str | None = None) -> list[str]:
    """The regions whose national numbers an utterance may state without a country code, in order.

    The deployment's region comes first (its operator configured it: on a conflict it wins), then the
    home plan of the utterance's language (:data:`LANGUAGE_REGIONS`), then the plans its speakers also use that
    no number of the others fits (:data:`LANGUAGE_OTHER_REGIONS`). No other region is guessed.
    """
    regions = [(default_region or DEFAULT_REGION).upper()]
    for region in (LANGUAGE_REGIONS.get(_language_code(language)), *_other_regions(language)):
        if region and region not in regions:
            regions.append(region)
    return regions


def _national_form(region: str, digits: str) -> bool:
    """Whether ``digits`` is dialled as a national number of ``region`` is: with its trunk prefix ("0" in
    France or Britain: a number without it fits only by adding a digit), except in North America, where the
    trunk "1" is optional and a national number is ten digits not starting with 0 or 1 (NANP plan)."""
    if phonenumbers.country_code_for_region(region) == 1:
        return (len(digits) == 10 and digits[0] not in "01") or (len(digits) == 11 and digits[0] == "1")
    prefix = phonenumbers.PhoneMetadata.metadata_for_region(region).national_prefix
    return not prefix or digits.startswith(prefix)


def _e164_if_valid(number: phonenumbers.PhoneNumber) -> str | None:
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def parse_phone(raw: str, *, default_region: str = DEFAULT_REGION, language: str | None = None,
                signs: Collection[str] = (), mobile: bool = False, grouping: bool = True) -> str | None:
    """The E.164 form of a phone number written in any usual way, or None when it is not a valid number.

    A number is kept only when libphonenumber's ``is_valid_number`` accepts it (a number of an assigned
    range, with the right length for it: "+1 300 …" has no such area code). With a country code ("+44",
    "0044") the code decides the country. Without one, the digits are read in each region of
    :func:`phone_regions` (the deployment's region, then the language's home plan, then the other plans its
    speakers use, for that country's own numbers only) as they are, in their national form
    (:func:`_national_form`); the first region where they are valid wins. A number valid only in another region
    is not guessed: "07709 881223" said in English gives nothing with region FR (it is British) and +44 7709
    881223 with region GB; "212 555 0198" said in French gives nothing (New York), "514 555 0147" +1 514 (Montréal).
    Digits grouped as another plan's national format groups them may be that plan's number instead
    (:func:`_plan_by_grouping`, unless ``grouping`` is off: a country was named): "079 412 35 68" is Swiss when
    the plans above read nothing, or with a second sign of Switzerland (``signs``: regions the utterance points
    to otherwise, such as an address ending in ".ch"; ``mobile``: the number was said to be a mobile, and it is one
    there and not in the plans above).
    """
    raw = raw.strip()
    digits = re.sub(r"\D", "", raw)
    if not 8 <= len(digits) <= 15:
        return None
    if raw.startswith("+") or digits.startswith("00"):
        try:
            number = phonenumbers.parse("+" + (digits[2:] if digits.startswith("00") else digits), None)
        except phonenumbers.NumberParseException:
            return None
        return _e164_if_valid(number)
    home = _plans_reading(digits, default_region, language)
    grouped = _plan_by_grouping(raw, digits, default_region, language, home=home, signs=signs,
                                mobile=mobile) if grouping else None
    return grouped or (phonenumbers.format_number(home, phonenumbers.PhoneNumberFormat.E164) if home else None)


def _plans_reading(digits: str, default_region: str, language: str | None) -> phonenumbers.PhoneNumber | None:
    """The number national ``digits`` are in the first region of :func:`phone_regions` where they are valid, in
    their national form (:func:`_national_form`); None when there is none."""
    return next(filter(None, (_valid_in(region, digits, language)
                              for region in phone_regions(default_region, language))), None)


def _valid_in(region: str, digits: str, language: str | None) -> phonenumbers.PhoneNumber | None:
    """The valid number national ``digits`` are in ``region``, dialled in their national form; None otherwise. A
    plan read beside the language's home one (:data:`LANGUAGE_OTHER_REGIONS`) gives only that country's own
    numbers: not a US one in French."""
    if not _national_form(region, digits):
        return None
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if region in _other_regions(language) and phonenumbers.region_code_for_number(number) != region:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _plan_by_grouping(raw: str, digits: str, default_region: str, language: str | None, *,
                      home: phonenumbers.PhoneNumber | None, signs: Collection[str], mobile: bool) -> str | None:
    """The E.164 form of national ``digits`` in a plan whose national format groups them as ``raw`` does, when
    that tells more than the plans' order (``home``, the number :func:`_plans_reading` gives); else None.

    The plans tried are those of :func:`phone_regions` and the ones the language's speakers dial with the same
    trunk prefix (:data:`LANGUAGE_GROUPED_REGIONS`); a plan's grouping is libphonenumber's national format for the
    number in it ("079 412 35 68" in Switzerland, "07 94 12 35 68" in France). When ``home`` is grouped so, it
    stands. Another plan's number is taken when one plan alone groups the digits so and the language's own plans
    read nothing ("087 123 4567" said in English is +353 87 123 4567, whatever the deployment's region), or when a
    second sign points to that plan alone: the utterance names it otherwise (``signs``, such as "v.rochat@….ch",
    "septante", "£"), or the number was said to be a mobile (``mobile``) and is one there but not at home ("Son
    GSM : 0496 12 87 45" is Belgian: in France 04 is a landline). Grouping alone overrides no reading in the
    language's own plan, nor makes a French number that fits no plan Belgian: Whisper may group or drop digits.
    """
    spoken = [len(run) for run in re.findall(r"\d+", raw)]
    if max(spoken, default=0) <= 2 and "," in raw:
        # Said digit by digit ("oh seven four one three, nine three one six one nine"): Whisper marks the
        # speaker's groups with commas, not spaces.
        spoken = [sum(len(run) for run in re.findall(r"\d+", part)) for part in raw.split(",")]
        spoken = [size for size in spoken if size]
    if len(spoken) < 2:
        return None
    tried = dict.fromkeys((*phone_regions(default_region, language),
                           *LANGUAGE_GROUPED_REGIONS.get(_language_code(language), ())))
    grouped: dict[str, tuple[str, phonenumbers.PhoneNumber]] = {}  # E.164 → (region, number)
    for region in tried:
        number = _valid_in(region, digits, language)
        if number is None:
            continue
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        if [len(run) for run in re.findall(r"\d+", national)] == spoken:
            grouped.setdefault(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                               (region, number))
    home_e164 = phonenumbers.format_number(home, phonenumbers.PhoneNumberFormat.E164) if home else None
    if not grouped or home_e164 in grouped:
        return None
    code = _language_code(language)
    if home is None:
        # A "0…" number is no North American one: in English, the plan grouping it so is the likely reading; in
        # French, a number that fits no plan is more likely a French one misheard than a Belgian one.
        alone = phonenumbers.country_code_for_region(LANGUAGE_REGIONS.get(code, "")) == 1
    else:
        # Read only in the deployment's plan, which the language's speakers do not dial ("0412 345 678" said in
        # English, region FR): the language's plan grouping it so is the likely reading.
        alone = phonenumbers.region_code_for_number(home) not in {LANGUAGE_REGIONS.get(code),
                                                                  *LANGUAGE_GROUPED_REGIONS.get(code, ())}
    if alone and len(grouped) == 1:
        return next(iter(grouped))
    mobiles = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    mobile_only_there = mobile and home is not None and phonenumbers.number_type(home) not in mobiles
    backed = [e164 for e164, (region, number) in grouped.items()
              if region in signs or mobile_only_there and phonenumbers.number_type(number) in mobiles]
    return backed[0] if len(backed) == 1 else None


# What names a number that is not a phone, right before it: an order, invoice, file, contract, ticket, account,
# parcel, serial or company registration number ("commande n° 41 85 55 01", "invoice number 4185550163").
_IDENTIFIER_BEFORE = re.compile(
    r"\b(?:commande|order|facture|invoice|dossier|file|r[ée]f[ée]rences?|r[ée]f|ref|contrat|contract|ticket|"
    r"siret|siren|tva|vat|iban|bic|compte|account|colis|parcel|tracking|suivi|s[ée]rie|serial|licen[cs]e|"
    r"matricule|sinistre|claim|case|devis|quote|po|num[ée]ro client|n° client|client number|customer number|"
    r"customer id|client id|membre|member|adh[ée]rent|abonn[ée]|subscriber|transaction|paiement|payment)"
    r"\s*(?:n°|no\.?|nº|#|num[ée]ro|number|id)?\s*(?:est|is|c'est|was|[:=])?\s*(?:le|la|the)?\s*[:#]?\s*$",
    re.IGNORECASE)


# Countries named in French or English, as a noun or an adjective ("son numéro suisse", "a British mobile"):
# ISO 3166-1 regions, for a number said without its country code.
_COUNTRY_WORDS = {
    "CH": "suisse|switzerland|swiss", "BE": "belge|belgique|belgian|belgium",
    "LU": "luxembourgeoise?|luxembourg", "CA": "canadienne?|canada|québécoise?|québec|canadian",
    "FR": "français|française|france|french", "GB": "britannique|royaume-uni|angleterre|british|(?-i:UK)|england",
    "US": "américaine?|états-unis|american|(?-i:USA|US)", "IE": "irlandaise?|irlande|irish|ireland",
    "DE": "allemande?|allemagne|german|germany", "ES": "espagnole?|espagne|spanish|spain",
    "IT": "italienne?|italie|italian|italy", "NL": "néerlandaise?|pays-bas|dutch|netherlands",
    "AU": "australienne?|australie|australian|australia",
}
_COUNTRY = re.compile(r"\b(?:" + "|".join(f"(?P<{region}>{words})" for region, words in _COUNTRY_WORDS.items())
                      + r")\b", re.IGNORECASE)


# A number said to be a mobile: "portable", "GSM" (Belgium), "Natel" (Switzerland), "cell", "mobile".
_MOBILE_BEFORE = re.compile(r"\b(?:portable|mobile|gsm|natel|cell|cellphone|handy)\b", re.IGNORECASE)
# Country-code top-level domains of the plans told apart by grouping (LANGUAGE_GROUPED_REGIONS), IANA's root zone.
_CCTLD_REGIONS = {"fr": "FR", "be": "BE", "ch": "CH", "uk": "GB", "ie": "IE", "au": "AU", "nz": "NZ"}
_ADDRESS_TLD = re.compile(r"@[\w.-]+\.([a-z]{2})\b", re.IGNORECASE)
# Words only Belgian and Swiss French says: the numerals "septante", "nonante" ("huitante" only in Switzerland), a
# mobile phone's name ("GSM" in Belgium, "Natel" in Switzerland); the currencies of Switzerland and Britain.
_WORDS_OF = {"BE": re.compile(r"\b(?:septante|nonante|gsm)\b", re.IGNORECASE),
                "CH": re.compile(r"\b(?:septante|huitante|nonante|natel|francs? suisses?|CHF|francs)\b", re.IGNORECASE),
                "GB": re.compile(r"£|\b(?:pounds?|quid|GBP)\b", re.IGNORECASE)}


def region_signs(text: str) -> frozenset[str]:
    """The regions an utterance points to besides its numbers: the country-code domains of the addresses in it
    ("v.rochat@jurahorlogerie.ch" → CH), the words of Belgian and Swiss French ("nonante" → BE, CH; "Natel" →
    CH) and the currencies ("francs" → CH, "pounds" → GB)."""
    found = {_CCTLD_REGIONS[m.group(1).lower()] for m in _ADDRESS_TLD.finditer(text)
             if m.group(1).lower() in _CCTLD_REGIONS}
    found.update(region for region, words in _WORDS_OF.items() if words.search(text))
    return frozenset(found)


def _named_region(text: str, start: int) -> str | None:
    """The region of the last country named in the sentence before ``start`` (at most 60 characters back):
    "son numéro suisse est le 079 345 67 89" is read in Switzerland's plan first (and still in the others
    when it is not valid there)."""
    before = re.split(r"[.!?]\s", text[max(0, start - 60):start])[-1]
    found = [m.lastgroup for m in _COUNTRY.finditer(before)]
    return found[-1] if found else None


def find_phones(
    text: str, *, default_region: str = DEFAULT_REGION, language: str | None = None, signs: Collection[str] = ()
) -> list[Found]:
    """Phone numbers in a text whose number words are already digits; groups may be split by
    spaces, dots, dashes or Whisper's commas ("Phone, 300, 555, 2348"); a country code may be written
    "+44", "0044" or spoken "plus 44". ``signs``: regions the utterance points to otherwise (:func:`region_signs`),
    for numbers grouped as another plan's (:func:`parse_phone`)."""
    found: list[Found] = []
    for run in _PHONE_RUN.finditer(text):
        groups = list(_DIGIT_GROUP.finditer(run.group(0)))
        if sum(len(g.group(0)) for g in groups) < 8:
            continue
        if _IDENTIFIER_BEFORE.search(text, max(0, run.start() - 40), run.start()):
            continue  # "numéro de commande 4185550163": an order, an invoice, an account, not a phone
        named = _named_region(text, run.start())
        mobile = bool(_MOBILE_BEFORE.search(text, max(0, run.start() - 40), run.start()))
        best = _best_phone(run, groups, named or default_region, language, signs=signs, mobile=mobile,
                           grouping=named is None)
        if best:
            found.append(best)
    return found


def _cuttable(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether a number may end at ``left`` and another thing begin at ``right``.

    Only at a clause mark ("26, 06 12 34 56 78": an age, then the number), and only between groups of two
    digits or more: digits read one by one ("0, 7, 7, 0, …") or grouped by spaces, dots or dashes were said
    as one number, and a part of them that happens to be valid is a different number (a dropped digit)."""
    between = text[left.end() : right.start()]
    return bool(re.search(r"[,;:]", between)) and len(left.group(0)) >= 2 and len(right.group(0)) >= 2


def _best_phone(run: re.Match[str], groups: list[re.Match[str]], region: str, language: str | None, *,
                signs: Collection[str] = (), mobile: bool = False, grouping: bool = True):
    n = len(groups)
    base = run.start()
    text = run.group(0)
    international = text.lstrip()[:1] == "+" or text.lstrip()[:4].lower() == "plus" or text.lstrip()[:2] == "00"
    cuts = [_cuttable(text, groups[k], groups[k + 1]) for k in range(n - 1)]
    for i in range(n):
        if i > 0 and not cuts[i - 1]:
            continue
        for j in range(n, i, -1):
            if j < n and not cuts[j - 1]:
                continue
            digits = "".join(g.group(0) for g in groups[i:j])
            if not 8 <= len(digits) <= 15:
                continue
            if i == 0 and international:
                candidate = "+" + (digits[2:] if text.lstrip()[:2] == "00" else digits)
            else:
                candidate = text[groups[i].start():groups[j - 1].end()]  # as grouped: _plan_by_grouping reads it
            value = parse_phone(candidate, default_region=region, language=language, signs=signs, mobile=mobile,
                                grouping=grouping)
            if value:
                start = 0 if i == 0 and international else groups[i].start()
                start += len(text[start:]) - len(text[start:].lstrip())
                return Found(value, base + start, base + groups[j - 1].end())
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


# A client (a buyer, a signatory) is an adult: a younger age heard in a recording is far more often a
# misheard one ("cinquante et un" written "5 ans") or someone else's than the client's. Typed ages are not
# bound by it (ClientFields allows 0-130).
MIN_SPOKEN_AGE = 18


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
            return next((f.value for f in found if f.value), None)
        return text.lower()
    if name == "budget":
        if isinstance(value, str):
            value = numbers_to_digits(value, language or "en")
        return parse_amount(value)
    if name == "age":
        if isinstance(value, str):
            m = re.search(r"\d{1,3}", numbers_to_digits(value, language or "en"))
            value = int(m.group(0)) if m else None
        if isinstance(value, int | float) and not isinstance(value, bool) and value < MIN_SPOKEN_AGE:
            return None
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
    r"misspelled|typo|"
    # … or a new name: "elle s'est mariée, elle s'appelle maintenant …", "she got married, she goes by … now"
    r"mariée?|married|nom d'épouse|nom de jeune fille|maiden name|goes by|changed (?:her|his) name|"
    r"changé de nom|s'appelle (?:maintenant|désormais)|(?:is )?now called)\b",
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
