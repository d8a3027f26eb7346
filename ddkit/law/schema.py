"""What a development file may say, checked strictly (the format is in ``docs/policies.md``).

A development is one dated legal change: a court decision, a statute, an agency practice.
Its file says when it was in force, where (the whole country, some federal circuits or some
states), how sure we are, where it was reported, which cases it touches (named checks from
:mod:`ddkit.law.predicates`) and what it does to the assessment (its effects).
"""

from __future__ import annotations

import inspect
import typing
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from ddkit.case import Relief
from ddkit.i18n import placeholders
from ddkit.law.predicates import PREDICATES
from ddkit.law.vocabulary import CIRCUITS, FLAGS, INTERVENTIONS, PLACEHOLDERS
from ddkit.policy import Interval, Source, Text
from ddkit.values import US_STATES

Confidence = Literal["confirmed", "reported", "unverified"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_placeholders(text: Text) -> Text:
    """Sentences may only use the placeholders the assessment fills, the same in every language."""
    names = {lang: placeholders(getattr(text, lang)) for lang in Text.model_fields}
    unknown = set().union(*names.values()) - PLACEHOLDERS
    if unknown:
        raise ValueError(
            f"unknown placeholder {{{sorted(unknown)[0]}}}; allowed: {', '.join(sorted(PLACEHOLDERS))}"
        )
    if len({frozenset(v) for v in names.values()}) > 1:
        raise ValueError("the languages use different placeholders")
    return text


class Jurisdiction(_Strict):
    """Where a development holds: ``national``, or a list of ``circuits``, or of ``states``."""

    national: bool = False
    circuits: tuple[str, ...] = ()
    states: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"national": True} if value == "national" else value

    @field_validator("circuits", mode="before")
    @classmethod
    def _circuit_names(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        names = [str(v).strip().lower() for v in value]
        for name in names:
            if name not in CIRCUITS:
                raise ValueError(f"unknown circuit {name!r}; known: {', '.join(CIRCUITS)}")
        return tuple(names)

    @field_validator("states", mode="before")
    @classmethod
    def _state_codes(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        codes = [str(v).strip().upper() for v in value]
        for code in codes:
            if code not in US_STATES:
                raise ValueError(f"unknown state {code!r}; use two-letter codes like TX")
        return tuple(codes)

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [bool(self.national), bool(self.circuits), bool(self.states)]
        if sum(given) != 1:
            raise ValueError("give exactly one of: national, circuits, states")
        return self

    @property
    def place_specific(self) -> bool:
        return not self.national

    def covers(self, state: str | None, circuit: str | None) -> bool | None:
        """Whether it holds there; ``None`` when the place is unknown and it matters."""
        if self.national:
            return True
        if self.states:
            return None if state is None else state in self.states
        return None if circuit is None else circuit in self.circuits


class Condition(_Strict):
    """One named check on the case, with the numbers or lists it compares against."""

    check: str
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"check": value} if isinstance(value, str) else value

    @field_validator("check")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in PREDICATES:
            raise ValueError(f"unknown check {value!r}; known: {', '.join(sorted(PREDICATES))}")
        return value

    @model_validator(mode="after")
    def _params_fit(self):
        try:
            checked = _params_model(self.check).model_validate(self.params)
        except ValidationError as exc:
            err = exc.errors(include_url=False, include_input=False)[0]
            where = ".".join(str(p) for p in err["loc"])
            raise ValueError(f"params of {self.check!r}: {where}: {err['msg']}") from None
        object.__setattr__(self, "params", dict(checked))
        return self

    def holds(self, case, on: date) -> bool:
        return PREDICATES[self.check](case, on, **self.params)


@cache
def _params_model(name: str) -> type[BaseModel]:
    """A strict model of a check's parameters, built from its signature."""
    fn = PREDICATES[name]
    hints = typing.get_type_hints(fn)
    fields = {
        param: (hints[param], ...)
        for param in list(inspect.signature(fn).parameters)[2:]  # after (case, on)
    }
    return create_model(f"{name}_params", __config__=ConfigDict(extra="forbid"), **fields)


EFFECT_KINDS: tuple[str, ...] = (
    "flag",
    "lift",
    "caution",
    "reason",
    "after_attorney",
    "not_relief",
)


class Effect(_Strict):
    """What a development does to an assessment. Exactly one kind per effect:

    - ``flag: ID`` raises a flag (its sentence is ``text``, or the catalog's);
    - ``lift: ID`` takes back a flag a broader development raised (a circuit ruling that
      departs from a national one);
    - ``caution: INTERVENTION`` / ``reason: INTERVENTION`` add ``text`` to an intervention;
    - ``after_attorney: INTERVENTION`` marks it "only after the attorney agrees";
    - ``not_relief: RELIEF`` says a pending application of that kind no longer counts.

    ``if_flags`` limits the effect to assessments that raise one of those flags.
    """

    flag: str | None = None
    lift: str | None = None
    caution: str | None = None
    reason: str | None = None
    after_attorney: str | None = None
    not_relief: Relief | None = None
    text: Text | None = None
    if_flags: tuple[str, ...] = ()

    @field_validator("flag", "lift")
    @classmethod
    def _known_flag(cls, value: str | None) -> str | None:
        if value is not None and value not in FLAGS:
            raise ValueError(f"unknown flag {value!r}; known: {', '.join(FLAGS)}")
        return value

    @field_validator("if_flags")
    @classmethod
    def _known_flags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for flag in value:
            cls._known_flag(flag)
        return value

    @field_validator("caution", "reason", "after_attorney")
    @classmethod
    def _known_intervention(cls, value: str | None) -> str | None:
        if value is not None and value not in INTERVENTIONS:
            raise ValueError(f"unknown intervention {value!r}; known: {', '.join(INTERVENTIONS)}")
        return value

    @field_validator("text")
    @classmethod
    def _text_placeholders(cls, value: Text | None) -> Text | None:
        return value if value is None else _check_placeholders(value)

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in EFFECT_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(f"give exactly one of: {', '.join(EFFECT_KINDS)}")
        if self.kind in ("caution", "reason") and self.text is None:
            raise ValueError(f"a {self.kind} needs its text (en and es)")
        if self.kind in ("lift", "after_attorney", "not_relief") and self.text is not None:
            raise ValueError(f"a {self.kind} has no text: explain it in a reason or caution")
        if self.kind in ("flag", "lift", "not_relief") and self.if_flags:
            raise ValueError(
                f"if_flags works on reasons, cautions and after_attorney, not on a {self.kind}"
            )
        return self

    @property
    def kind(self) -> str:
        return next(k for k in EFFECT_KINDS if getattr(self, k) is not None)

    @property
    def target(self) -> str:
        return getattr(self, self.kind)


class Development(_Strict):
    """One dated legal change, where it holds, how sure we are, and what it changes."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: Text
    summary: Text
    date: date
    in_force: tuple[Interval, ...] = Field(min_length=1)
    jurisdiction: Jurisdiction
    confidence: Confidence
    disputed: Text | None = None
    sources: tuple[Source, ...] = Field(min_length=1)
    applies_when: tuple[Condition, ...] = ()
    effects: tuple[Effect, ...] = Field(min_length=1)

    def in_force_on(self, on: date) -> bool:
        return any(interval.covers(on) for interval in self.in_force)

    def applies_to(self, case, on: date) -> bool:
        """Whether every named check holds for ``case`` (the place and the date aside)."""
        return all(condition.holds(case, on) for condition in self.applies_when)

    def changed_after(self, day: date) -> bool:
        """Whether it happened, started or stopped being in force after ``day``."""
        moments = [self.date, *(i.start for i in self.in_force)]
        moments += [i.until for i in self.in_force if i.until is not None]
        return any(moment > day for moment in moments)
