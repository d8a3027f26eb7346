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
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
)

from ddkit import yamlio
from ddkit.i18n import t
from ddkit.values import (  # noqa: F401  (re-exported: other modules import them from here)
    DATE_RANGE,
    MAX_AGE_YEARS,
    US_STATES,
    ANumber,
    BirthDay,
    Day,
    LongText,
    Name,
    ShortText,
    State,
    Zip,
    clean_text,
    normalize_a_number,
    parse_date,
)

FORMAT_VERSION = 1
# ---------------------------------------------------------------- the model

SENSITIVE = {"sensitive": True}


def _sensitive(**kwargs: Any) -> Any:
    return Field(json_schema_extra=SENSITIVE, **kwargs)


class _Section(BaseModel):
    # Every model of the kit is built on first use (defer_build), not at import: a command
    # pays only for the models it validates with (issue 13).
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, str_strip_whitespace=True, defer_build=True
    )


EntryManner = Literal["inspected", "without_inspection", "parole", "unknown"]
Stage = Literal["none", "in_proceedings", "final_order"]
HearingType = Literal["master", "individual", "bond"]
Relief = Literal["asylum", "u_visa", "t_visa", "vawa", "adjustment", "tps", "daca", "other"]
Disposition = Literal["convicted", "pending", "dismissed", "vacated", "arrested_only"]
Severity = Literal["infraction", "misdemeanor", "felony"]
# The Laken Riley Act's categories (DOMAIN.md section 8, D5), plus "other".
OffenseCategory = Literal[
    "theft",
    "burglary",
    "larceny",
    "shoplifting",
    "assault_on_officer",
    "death_or_serious_injury",
    "other",
]
Protection = Literal["withholding", "cat", "none"]


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
    presence_proof_since: Day = None
    state: State = None
    address: LongText | None = _sensitive(default=None)
    zip: Zip = _sensitive(default=None)  # decides the congressional district and field office
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
    order_in_absentia: bool = False
    protection_granted: Protection | None = _sensitive(default=None)
    removal_country: ShortText | None = _sensitive(default=None)


class CriminalRecord(_Section):
    """One arrest, charge or conviction."""

    offense: ShortText
    date: Day = None
    disposition: Disposition | None = None
    category: OffenseCategory | None = None
    severity: Severity | None = None
    sentence_days: int | None = Field(default=None, ge=0, le=365 * 100)
    weapon: bool = False
    harm_caused: bool = False
    sophisticated: bool = False


class Immigration(_Section):
    """Status the person holds or held (TPS), as far as the committee knows it."""

    tps_country: ShortText | None = None
    tps_until: Day = None


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


ConsentLimit = Literal["first_name_only", "no_photos", "no_press"]


class Consent(_Section):
    """What the person has agreed to, once it was explained. Nothing public happens without it.

    The record says who explained it, on which day and in which language, and the limits the
    person set; letters and the campaign plan honour the limits (:mod:`ddkit.consent`).
    Every field but the two consents is optional, so version-1 files without them still read.
    """

    explained_by: ShortText | None = None
    explained_on: Day = None
    explained_in: ShortText | None = None
    public_campaign: bool = False
    congressional_contact: bool = False
    limits: list[ConsentLimit] = Field(default_factory=list, max_length=10)
    other_limits: LongText | None = None
    withdrawn_on: Day = None


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
    immigration: Immigration = Field(default_factory=Immigration)
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
    "immigration",
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

    model_config = ConfigDict(defer_build=True)
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
    own = kind.startswith(("a_number", "date", "dob", "state", "zip"))
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
