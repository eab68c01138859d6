"""The client fields: one validation schema shared by extraction and the API, and the extraction result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, get_args

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from publicsuffixlist import PublicSuffixList
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_serializer, field_validator

DEFAULT_REGION = "FR"

# The Public Suffix List as the wheel ships it (read once, never downloaded at run time); ICANN section only:
# mail is delivered to names under delegated top-level domains, not under private registries' suffixes.
PUBLIC_SUFFIXES = PublicSuffixList(only_icann=True)


class ClientFields(BaseModel):
    """Every client field, all optional; validation also normalises (E.164 phone, lower-cased email).

    The default region for phone numbers written without a country code comes from the validation
    context: ``ClientFields.model_validate(data, context={"default_region": "US"})`` (FR when absent).
    A phone number must be valid (libphonenumber's ``is_valid_number``: an assigned range, the right
    length), an email address well formed (``email-validator``) on a domain under a real public suffix
    (the Public Suffix List's ICANN section, as the ``publicsuffixlist`` wheel ships it).
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    first_name: str | None = Field(default=None, max_length=150)
    last_name: str | None = Field(default=None, max_length=150)
    age: int | None = Field(default=None, ge=0, le=130)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    city: str | None = Field(default=None, max_length=150)
    company: str | None = Field(default=None, max_length=150)
    job_title: str | None = Field(default=None, max_length=150)
    budget: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    notes: str | None = Field(default=None, max_length=5000)

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        # A spoken or typed "nothing" must clear the field rather than store an empty string.
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("age", mode="before")
    @classmethod
    def _age_whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("age must be a whole number of years")
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("age must be a whole number of years")
        return value

    @field_validator("budget", mode="before")
    @classmethod
    def _budget_number(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("budget must be a number")
        if isinstance(value, str):
            cleaned = value.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
            cleaned = cleaned.lstrip("$€£").removesuffix("€").removesuffix("$")
            return cleaned
        return value

    @field_validator("email")
    @classmethod
    def _valid_email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            checked = validate_email(value, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValueError(f"not a valid email address: {exc}") from None
        domain = checked.ascii_domain.lower()
        suffix = PUBLIC_SUFFIXES.publicsuffix(domain, accept_unknown=False)
        if suffix is None:
            raise ValueError(f"not a valid email address: {value!r} does not end in a known top-level domain "
                             "(such as .com, .fr or .co.uk)")
        if suffix == domain:
            raise ValueError(f"not a valid email address: {value!r} has no name before {suffix!r}")
        return checked.normalized.lower()

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        region = ((info.context or {}).get("default_region") or DEFAULT_REGION).upper()
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            raise ValueError(
                f"not a phone number: {value!r} (write it with its country code, e.g. +33 6 12 34 56 78)"
            ) from None
        country = phonenumbers.region_code_for_country_code(number.country_code)
        advice = "check the digits, or write it with its country code (e.g. +44 20 7946 0958)"
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
            length = {phonenumbers.ValidationResult.TOO_SHORT: "too short",
                      phonenumbers.ValidationResult.TOO_LONG: "too long"}.get(reason, "not of a possible length")
            raise ValueError(f"not a possible phone number for {country}: {value!r} is {length}; {advice}")
        if not phonenumbers.is_valid_number(number):
            # A possible length but no such range in libphonenumber's metadata: a typo, or a number of
            # another country typed without its country code.
            raise ValueError(f"not a valid phone number: {value!r} is not an assigned number in {country}; {advice}")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @field_serializer("budget")
    def _budget_plain(self, value: Decimal | None) -> int | float | None:
        # JSON clients expect a number; whole amounts are written without a fractional part.
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)


def _value_type(annotation: Any) -> type:
    return next(arg for arg in get_args(annotation) if arg is not type(None))


# The one list of client fields and of their value types (str, int or Decimal), read from ClientFields:
# the CRM's columns, the LLM's JSON schema and the merge all take them from here.
FIELD_TYPES: dict[str, type] = {name: _value_type(info.annotation) for name, info in ClientFields.model_fields.items()}
FIELD_NAMES: tuple[str, ...] = tuple(FIELD_TYPES)
NUMBER_FIELDS: frozenset[str] = frozenset(name for name, kind in FIELD_TYPES.items() if kind is not str)


def validate_client_fields(data: dict[str, Any], *, default_region: str = DEFAULT_REGION) -> dict[str, Any]:
    """Validate and normalise ``data``; return only the fields it sets. Raises pydantic.ValidationError."""
    model = ClientFields.model_validate(data, context={"default_region": default_region})
    return model.model_dump(exclude_unset=True)


@dataclass
class ExtractedField:
    """One value found in a transcript, how sure the extractor is, and the words it came from."""

    value: Any
    confidence: float
    evidence: str

    def to_json(self) -> dict[str, Any]:
        """JSON-safe: a Decimal budget becomes a number (an int when it is whole)."""
        value = self.value
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        return {"value": value, "confidence": round(self.confidence, 3), "evidence": self.evidence}


@dataclass(frozen=True)
class FollowUp:
    """A task a transcript asks for: what to do, when it is due, and the words it was read from.

    ``due`` is a ``date``, or a naive local ``datetime`` when a time of day was said ("demain à 10 h").
    """

    title: str
    due: date | datetime
    evidence: str = ""
    confidence: float = 0.8

    @property
    def due_text(self) -> str:
        """``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` when a time of day was said."""
        if isinstance(self.due, datetime):
            return self.due.strftime("%Y-%m-%dT%H:%M")
        return self.due.isoformat()

    def to_json(self) -> dict[str, str]:
        """``{"title", "due"}`` as the ``extract --jsonl`` contract writes a task."""
        return {"title": self.title, "due": self.due_text}


@dataclass
class Extraction:
    """The fields an utterance states (fields it does not mention are absent), the follow-up tasks it asks
    for, and its note: what was said about the relationship, without the dictated card fields (None when
    nothing is left)."""

    fields: dict[str, ExtractedField] = field(default_factory=dict)
    language: str | None = None
    tasks: list[FollowUp] = field(default_factory=list)
    note: str | None = None

    def values(self) -> dict[str, Any]:
        """The stated values only, keyed by field name."""
        return {name: f.value for name, f in self.fields.items() if f.value is not None}

    def to_json(self) -> dict[str, dict[str, Any]]:
        """``{field: {"value", "confidence", "evidence"}}``, as the status API shows it."""
        return {name: f.to_json() for name, f in self.fields.items() if f.value is not None}

    def tasks_json(self) -> list[dict[str, str]]:
        """``[{"title", "due"}]``, as the ``extract --jsonl`` contract writes the tasks."""
        return [task.to_json() for task in self.tasks]
