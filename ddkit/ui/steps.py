"""The steps of the intake, and which questions show when.

Each step asks the questions of one or more parts of the case model (see
:data:`ddkit.case.SECTIONS`); the questions themselves come from the model. Some questions only
make sense after another answer: where someone is held only if they are detained, the next
check-in only if they report to ICE.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ddkit.case import (
    SECTIONS,
    Attorney,
    Case,
    Consent,
    Custody,
    Equities,
    Immigration,
    Person,
    Proceedings,
)
from ddkit.ui.fields import FieldSpec, field_specs


@dataclass(frozen=True)
class Step:
    """One screen of the wizard: its catalog id and the parts of the case it asks about."""

    id: str
    parts: tuple[str, ...] = ()

    def owns(self, path: str) -> bool:
        """Whether a problem at ``path`` (``person.name``, ``criminal_history.0.offense``) is ours."""
        return path.split(".", 1)[0] in self.parts


STEPS: tuple[Step, ...] = (
    Step("person", ("person", "fictional")),
    Step("custody", ("custody",)),
    Step("proceedings", ("proceedings", "immigration")),
    Step("criminal_history", ("criminal_history",)),
    Step("equities", ("equities", "story")),
    Step("consent", ("consent",)),
    Step("attorney", ("attorney",)),
    Step("review"),
)
STEP_IDS: tuple[str, ...] = tuple(step.id for step in STEPS)
REVIEW = len(STEPS) - 1  # the last step: review and save

_SECTION_MODELS = {
    "person": Person,
    "custody": Custody,
    "proceedings": Proceedings,
    "immigration": Immigration,
    "equities": Equities,
    "consent": Consent,
    "attorney": Attorney,
}
assert set(_SECTION_MODELS) | {"criminal_history"} == set(SECTIONS)

# A question shows only when another answer has this value (UI flow, not legal rules).
SHOWN_IF: dict[str, tuple[str, Any]] = {
    "custody.facility": ("custody.detained", True),
    "custody.detained_since": ("custody.detained", True),
    "custody.state": ("custody.detained", True),
    "custody.county": ("custody.detained", True),
    "proceedings.next_hearing": ("proceedings.stage", "in_proceedings"),
    "proceedings.hearing_type": ("proceedings.stage", "in_proceedings"),
    "proceedings.final_order_date": ("proceedings.stage", "final_order"),
    "proceedings.next_check_in": ("proceedings.under_supervision", True),
    "proceedings.order_in_absentia": ("proceedings.stage", "final_order"),
    "proceedings.protection_granted": ("proceedings.stage", "final_order"),
    "proceedings.removal_country": ("proceedings.stage", "final_order"),
}


@cache
def step_specs(step: Step) -> tuple[FieldSpec, ...]:
    """The questions a step asks, generated from the case model (rows excluded)."""
    top = {spec.path: spec for spec in field_specs(Case)}
    specs: list[FieldSpec] = []
    for part in step.parts:
        if part in _SECTION_MODELS:
            specs.extend(field_specs(_SECTION_MODELS[part], part + "."))
        elif part in top:
            specs.append(top[part])
    return tuple(specs)


@cache
def all_specs() -> tuple[FieldSpec, ...]:
    """Every question of the intake except the repeatable rows."""
    return tuple(spec for step in STEPS for spec in step_specs(step))


@cache
def spec_at(path: str) -> FieldSpec:
    """The question at ``path``; ``KeyError`` if the intake does not ask it."""
    for spec in all_specs():
        if spec.path == path:
            return spec
    raise KeyError(path)


def is_shown(path: str, answer_of) -> bool:
    """Whether a question shows, given ``answer_of(path)`` for the answers it depends on.

    >>> is_shown("custody.facility", {"custody.detained": False}.get)
    False
    >>> is_shown("person.name", {}.get)
    True
    """
    rule = SHOWN_IF.get(path)
    return rule is None or answer_of(rule[0]) == rule[1]


def step_index(step_id: str | None) -> int:
    """The position of a step, or 0 for an unknown one (an old or tampered draft)."""
    return STEP_IDS.index(step_id) if step_id in STEP_IDS else 0
