"""Policy frameworks as dated data: one YAML file each in ``ddkit/policies/``.

Python never holds a date or a number that a policy published; the YAML does, with its
sources. Files are validated on load: unknown keys, duplicate keys, bad dates and unknown
factor checks are rejected with the file name and the offending key.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ddkit import datacache, yamlio
from ddkit.factors import PREDICATES
from ddkit.i18n import LANGS

POLICY_DIR = Path(__file__).with_name("policies")


class PolicyError(ValueError):
    """A policy file is broken. The message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str):
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(_Strict):
    """A sentence in every language of the kit."""

    en: str = Field(min_length=1)
    es: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


class Interval(_Strict):
    """A stretch of time when a framework was in force; ``until`` is exclusive, open when null."""

    start: date = Field(alias="from")
    until: date | None = None
    note: Text

    @model_validator(mode="after")
    def _ordered(self):
        if self.until is not None and self.until <= self.start:
            raise ValueError("'until' must come after 'from'")
        return self

    def covers(self, on: date) -> bool:
        return self.start <= on and (self.until is None or on < self.until)


class Source(_Strict):
    url: str = Field(pattern=r"^https://")
    title: str = Field(min_length=1)
    accessed: date


class Priority(_Strict):
    id: str
    label: Text
    explanation: Text


class Factor(_Strict):
    id: str
    when: str
    params: dict[str, int] = Field(default_factory=dict)
    label: Text

    @field_validator("when")
    @classmethod
    def _known_check(cls, value: str) -> str:
        if value not in PREDICATES:
            raise ValueError(f"unknown check {value!r}; known: {', '.join(sorted(PREDICATES))}")
        return value


class Factors(_Strict):
    aggravating: list[Factor] = Field(default_factory=list)
    mitigating: list[Factor] = Field(default_factory=list)


class Caution(_Strict):
    id: str
    text: Text
    applies_to: list[str] = Field(default_factory=list)


class Policy(_Strict):
    """One policy framework: what it says, when it was in force, and where that comes from."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: Text
    issuer: str
    issued: date
    in_force: list[Interval] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    summary: Text
    rules: dict[str, bool | int | date] = Field(default_factory=dict)
    priorities: list[Priority] = Field(default_factory=list)
    factors: Factors = Field(default_factory=Factors)
    cautions: list[Caution] = Field(default_factory=list)

    def in_force_on(self, on: date) -> bool:
        """Whether the framework was in force on ``on``."""
        return any(interval.covers(on) for interval in self.in_force)

    def rule(self, name: str, default: Any = None) -> Any:
        return self.rules.get(name, default)

    def cautions_for(self, intervention: str | None = None) -> list[Caution]:
        """Cautions that apply to an intervention, or the general ones when ``None``."""
        if intervention is None:
            return [c for c in self.cautions if not c.applies_to]
        return [c for c in self.cautions if intervention in c.applies_to]


# ------------------------------------------------------------------ loading


def load_policy_file(path: str | Path) -> Policy:
    """Load and validate one policy file, or raise :class:`PolicyError` naming file and key."""
    path = Path(path)
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise PolicyError(path.name, f"line {line}", exc.problem or str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(path.name, "-", f"cannot read the file ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise PolicyError(path.name, "-", "expected a mapping at the top level")
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "-"
        raise PolicyError(path.name, key, err["msg"]) from None
    if policy.id != path.stem:
        raise PolicyError(path.name, "id", f"must match the file name ({path.stem!r})")
    for lang in LANGS:
        if lang not in Text.model_fields:
            raise PolicyError(path.name, "-", f"the kit language {lang!r} has no text field")
    return policy


@cache
def policies() -> dict[str, Policy]:
    """Every shipped framework, by id, oldest first."""
    files = sorted(POLICY_DIR.glob("*.yaml"))
    return datacache.load("policies", files, lambda: _load_policies(files))


def _load_policies(files: list[Path]) -> dict[str, Policy]:
    loaded = [load_policy_file(p) for p in files]
    return {p.id: p for p in sorted(loaded, key=lambda p: p.issued)}


def get_policy(policy_id: str) -> Policy:
    """The framework with this id, or ``KeyError`` listing the known ids."""
    try:
        return policies()[policy_id]
    except KeyError:
        known = ", ".join(policies())
        raise KeyError(f"unknown policy {policy_id!r}; known: {known}") from None


def policy_on(on: date) -> Policy:
    """The framework in force on ``on``.

    If none was in force that day (for example between the 2022 vacatur and the 2023
    reinstatement), this is the latest framework issued before ``on`` (or the earliest), and
    the assessment flags ``policy_not_in_force``.
    """
    all_policies = list(policies().values())
    for policy in reversed(all_policies):
        if policy.in_force_on(on):
            return policy
    issued_before = [p for p in all_policies if p.issued <= on]
    return (issued_before or all_policies)[-1 if issued_before else 0]


class TimelineEvent(_Strict):
    date: date
    en: str
    es: str
    source: dict[str, Any]


@cache
def timeline() -> list[TimelineEvent]:
    """The policy timeline taught in the workshop, oldest first, each event with its source."""
    path = Path(__file__).with_name("data") / "timeline.yaml"
    return datacache.load("timeline", [path], lambda: _load_timeline(path))


def _load_timeline(path: Path) -> list[TimelineEvent]:
    data = yamlio.load(path.read_text(encoding="utf-8"))
    return sorted((TimelineEvent.model_validate(e) for e in data["events"]), key=lambda e: e.date)
