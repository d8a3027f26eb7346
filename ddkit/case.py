"""The case: one validated description of a person's situation (case file format, version 1).

Every other part of the kit (assessment, letters, intake form, store, campaign) reads a
:class:`Case`. Field metadata says which fields are *sensitive*, so that storage, exports
and logs can treat them specially; labels and help text live in the language catalogs
under ``field.<dotted path>``.

The format is documented in ``docs/case-file.md``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from ddkit import yamlio
from ddkit.i18n import t

FORMAT_VERSION = 1
MAX_AGE_YEARS = 120
DATE_RANGE = (1900, 2100)

# ---------------------------------------------------------------- cleaned input

# Bidi overrides and zero-width characters can disguise a name (SECURITY.md INP-1).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\x00]")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any) -> Any:
    """Normalize text: NFC, no NUL, bidi, zero-width or control characters, trimmed.

    >>> clean_text("  Ana\\u202e  ")
    'Ana'
    >>> clean_text("a\\x00b")
    'ab'
    """
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)
    value = _INVISIBLE.sub("", value)
    value = _CONTROL.sub(" ", value)
    return value.strip()


def _text(max_length: int):
    return Annotated[
        str, BeforeValidator(clean_text), StringConstraints(min_length=1, max_length=max_length)
    ]


Name = _text(200)
ShortText = _text(200)
LongText = _text(5000)

# ---------------------------------------------------------------- A-numbers

_A_NUMBER = re.compile(r"^[Aa]?(\d{8,9})$")


def normalize_a_number(value: Any) -> Any:
    """Normalize an A-number to ``A`` plus 9 digits, or raise a clear error.

    8-digit numbers take a leading zero (DOMAIN.md section 5).

    >>> normalize_a_number("A12345678")
    'A012345678'
    >>> normalize_a_number("A 012 345 678")
    'A012345678'
    >>> normalize_a_number("012-345-678")
    'A012345678'
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("a_number", "not an A-number")
    compact = re.sub(r"[\s.\-]", "", clean_text(value))
    if compact == "":
        return None
    match = _A_NUMBER.match(compact)
    if not match:
        raise PydanticCustomError("a_number", "not an A-number")
    return "A" + match.group(1).zfill(9)


ANumber = Annotated[str | None, BeforeValidator(normalize_a_number)]

# ---------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: Any) -> Any:
    """Accept a real calendar date, as a date or as ``YYYY-MM-DD`` text.

    >>> parse_date("2020-02-29")
    datetime.date(2020, 2, 29)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not DATE_RANGE[0] <= value.year <= DATE_RANGE[1]:
            raise PydanticCustomError("date_range", "date out of range")
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("date_impossible", "no such date") from None
        return parse_date(parsed)
    raise PydanticCustomError("date_format", "not a date")


def _birth_date(value: date | None) -> date | None:
    if value is None:
        return None
    today = date.today()
    if value > today:
        raise PydanticCustomError("dob_future", "date of birth in the future")
    if (today.year - value.year) > MAX_AGE_YEARS:
        raise PydanticCustomError("dob_too_old", "date of birth too long ago")
    return value


Day = Annotated[date | None, BeforeValidator(parse_date)]
BirthDay = Annotated[date | None, BeforeValidator(parse_date), AfterValidator(_birth_date)]

# ---------------------------------------------------------------- states

US_STATES: tuple[str, ...] = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI MP AS"
).split()


def _state(value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().upper() not in US_STATES:
        raise PydanticCustomError("state", "not a state code")
    return value.strip().upper()


State = Annotated[str | None, BeforeValidator(_state)]

# ---------------------------------------------------------------- the model

SENSITIVE = {"sensitive": True}


def _sensitive(**kwargs: Any) -> Any:
    return Field(json_schema_extra=SENSITIVE, **kwargs)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


EntryManner = Literal["inspected", "without_inspection", "parole", "unknown"]
Stage = Literal["none", "in_proceedings", "final_order"]
HearingType = Literal["master", "individual", "bond"]
Relief = Literal["asylum", "u_visa", "t_visa", "vawa", "adjustment", "tps", "daca", "other"]
Disposition = Literal["convicted", "pending", "dismissed", "vacated"]
Severity = Literal["infraction", "misdemeanor", "felony"]


class Person(_Section):
    """Who the person is."""

    name: Name = _sensitive()
    aliases: list[Name] = _sensitive(default_factory=list, max_length=20)
    a_number: ANumber = _sensitive(default=None)
    date_of_birth: BirthDay = _sensitive(default=None)
    country_of_birth: ShortText | None = None
    languages: list[ShortText] = Field(default_factory=list, max_length=20)
    entry_date: Day = None
    entry_manner: EntryManner = "unknown"
    address: LongText | None = _sensitive(default=None)
    phone: ShortText | None = _sensitive(default=None)
    email: ShortText | None = _sensitive(default=None)


class Custody(_Section):
    """Whether and where the person is detained."""

    detained: bool = False
    facility: ShortText | None = _sensitive(default=None)
    detained_since: Day = None
    state: State = None
    county: ShortText | None = None


class Proceedings(_Section):
    """Where the person stands in immigration court or with ICE."""

    stage: Stage = "none"
    next_hearing: Day = None
    hearing_type: HearingType | None = None
    final_order_date: Day = None
    under_supervision: bool = False
    next_check_in: Day = None
    removal_date: Day = None
    prior_removals: int = Field(default=0, ge=0, le=50)
    pending_relief: list[Relief] = Field(default_factory=list)


class CriminalRecord(_Section):
    """One arrest, charge or conviction."""

    offense: ShortText
    date: Day = None
    disposition: Disposition | None = None
    severity: Severity | None = None
    sentence_days: int | None = Field(default=None, ge=0, le=365 * 100)
    weapon: bool = False
    harm_caused: bool = False
    sophisticated: bool = False


class Equities(_Section):
    """What ties the person here and what removal would break."""

    us_citizen_children: int = Field(default=0, ge=0, le=30)
    primary_caregiver: bool = False
    serious_health_condition: bool = _sensitive(default=False)
    military_service: bool = False
    crime_victim: bool = False
    pregnant_or_nursing: bool = _sensitive(default=False)
    education_in_us: bool = False
    labor_or_tenant_dispute: bool = False
    community_ties: LongText | None = None
    employment: LongText | None = None


class Consent(_Section):
    """What the person has agreed to. Nothing public happens without it."""

    public_campaign: bool = False
    congressional_contact: bool = False


class Attorney(_Section):
    """The person's lawyer or DOJ-accredited representative, if any."""

    name: ShortText | None = None
    organization: ShortText | None = None
    phone: ShortText | None = None
    email: ShortText | None = None


class Case(_Section):
    """A person facing deportation, as the organizing committee knows the case."""

    version: Literal[1] = FORMAT_VERSION
    fictional: bool = False
    person: Person
    custody: Custody = Field(default_factory=Custody)
    proceedings: Proceedings = Field(default_factory=Proceedings)
    criminal_history: list[CriminalRecord] = _sensitive(default_factory=list, max_length=100)
    equities: Equities = Field(default_factory=Equities)
    consent: Consent = Field(default_factory=Consent)
    attorney: Attorney = Field(default_factory=Attorney)
    story: LongText | None = _sensitive(default=None)

    def has_children_or_caregiving(self) -> bool:
        """Whether removal would take a parent or caregiver from someone here."""
        return self.equities.us_citizen_children > 0 or self.equities.primary_caregiver


SECTIONS: tuple[str, ...] = (
    "person",
    "custody",
    "proceedings",
    "criminal_history",
    "equities",
    "consent",
    "attorney",
)


def is_sensitive(info) -> bool:
    """Whether a pydantic ``FieldInfo`` is marked sensitive."""
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("sensitive"))


def sensitive_paths(model: type[BaseModel] = Case, prefix: str = "") -> frozenset[str]:
    """Dotted paths of every sensitive field.

    >>> "person.a_number" in sensitive_paths()
    True
    >>> "consent.public_campaign" in sensitive_paths()
    False
    """
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        if is_sensitive(info):
            paths.add(path)
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            paths |= sensitive_paths(sub, path + ".")
    return frozenset(paths)


# ---------------------------------------------------------------- errors


class Problem(BaseModel):
    """One thing wrong with a case: where (dotted path), what kind, and details."""

    path: str
    code: str
    ctx: dict[str, Any] = Field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        """A plain sentence in ``lang``. It never repeats the value that was typed."""
        where = self.path or t("errors.where.file", lang)
        return t("errors.line", lang, path=where, what=t(f"errors.{self.code}", lang, **self.ctx))


class CaseError(ValueError):
    """A case could not be read or validated. ``problems`` lists every field at once."""

    def __init__(self, problems: list[Problem], source: str | None = None):
        self.problems = problems
        self.source = source
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        """Every problem, one per line, in ``lang``, headed by the file name when known."""
        lines = [p.message(lang) for p in self.problems]
        head = (
            t("errors.head_file", lang, file=self.source) if self.source else t("errors.head", lang)
        )
        return "\n".join([head, *("  - " + line for line in lines)])


_PYDANTIC_CODES = {
    "missing": "missing",
    "string_type": "text",
    "string_too_short": "empty",
    "string_too_long": "too_long",
    "too_long": "too_many",
    "too_short": "empty",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "greater_than_equal": "min",
    "less_than_equal": "max",
    "literal_error": "choice",
    "extra_forbidden": "unknown",
    "model_type": "section",
    "model_attributes_type": "section",
    "list_type": "list",
    "dict_type": "section",
}


def _problem(err: dict[str, Any]) -> Problem:
    path = ".".join(str(p) for p in err["loc"])
    kind = err["type"]
    own = kind.startswith(("a_number", "date", "dob", "state"))
    code = _PYDANTIC_CODES.get(kind, kind if own else "invalid")
    ctx: dict[str, Any] = {}
    raw_ctx = err.get("ctx") or {}
    if kind in ("too_short", "too_long") and raw_ctx.get("field_type") == "Value":
        code = "empty" if kind == "too_short" else "too_long"
    if code == "choice":
        ctx["choices"] = ", ".join(re.findall(r"'([^']*)'", str(raw_ctx.get("expected", ""))))
    elif code in ("too_long", "too_many"):
        ctx["max"] = raw_ctx.get("max_length", "")
    elif code == "min":
        ctx["min"] = raw_ctx.get("ge", "")
    elif code == "max":
        ctx["max"] = raw_ctx.get("le", "")
    elif code == "dob_too_old":
        ctx["years"] = MAX_AGE_YEARS
    elif code == "date_range":
        ctx["start"], ctx["end"] = DATE_RANGE
    return Problem(path=path, code=code, ctx=ctx)


def parse_case(data: Any, source: str | None = None) -> Case:
    """Validate a mapping into a :class:`Case`, or raise :class:`CaseError` listing every problem.

    >>> parse_case({"person": {"name": "Ana (fictional)", "a_number": "12345678"}}).person.a_number
    'A012345678'
    """
    if not isinstance(data, dict):
        raise CaseError([Problem(path="", code="not_mapping")], source)
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(e) for e in exc.errors(include_url=False, include_input=False)]
        raise CaseError(problems, source) from None


def load_case(path: str | Path) -> Case:
    """Read a case file (YAML or JSON) and validate it.

    Raises :class:`CaseError` for a missing, empty or unreadable file as well as for bad fields.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseError([Problem(path="", code="file_missing")], name) from None
    except (IsADirectoryError, PermissionError, OSError):
        raise CaseError([Problem(path="", code="file_unreadable")], name) from None
    return parse_case_text(raw, name)


def parse_case_text(raw: bytes | str, source: str | None = None) -> Case:
    """Validate the text of a case file (YAML, of which JSON is a subset)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CaseError([Problem(path="", code="not_utf8")], source) from None
    if not raw.strip():
        raise CaseError([Problem(path="", code="file_empty")], source)
    try:
        data = yamlio.load(raw)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        ctx = {"line": line + 1} if line is not None else {"line": "?"}
        code = "duplicate_key" if "duplicate key" in str(exc) else "not_yaml"
        raise CaseError([Problem(path="", code=code, ctx=ctx)], source) from None
    return parse_case(data, source)


def case_to_dict(case: Case) -> dict[str, Any]:
    """The case as plain JSON-ready data (dates as ``YYYY-MM-DD``)."""
    return json.loads(case.model_dump_json())
