"""Applying the legal developments to an assessment: which ones hold, and what they change.

A development holds for a case when it is in force on the day asked, covers the place (the
state of detention, else the home state) and all its named checks hold. Its effects are applied
from the data, in three passes, so the order of the files never matters:

1. every ``flag`` is raised;
2. every ``lift`` takes back a flag (a circuit ruling that departs from a national one), and a
   development whose flag was taken back no longer counts as having raised it;
3. the ``reason``, ``caution``, ``after_attorney`` effects are added, each only when its
   intervention is in the assessment and, with ``if_flags``, when one of those flags is raised.

``not_relief`` works before the assessment's own checks: :func:`discount_relief` gives the
case as the law sees it (a terminated TPS is not pending relief).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from ddkit.case import Case
from ddkit.i18n import LANGS, has, t
from ddkit.law.loader import circuit_of, developments, reviewed
from ddkit.law.schema import Development, Effect

Message = dict[str, str]


class Draft(Protocol):
    """What the assessment under construction lets the law change."""

    flags: dict[str, Message]
    found: dict

    def raise_flag(self, flag_id: str, message: Message) -> None: ...
    def lift_flag(self, flag_id: str) -> None: ...
    def reason(self, intervention: str, message: Message) -> None: ...
    def caution(self, intervention: str, message: Message) -> None: ...
    def after_attorney(self, intervention: str) -> None: ...


@dataclass(frozen=True)
class Place:
    """The state and circuit whose law applies, and why (``custody``, ``home`` or ``unknown``)."""

    state: str | None
    circuit: str | None
    basis: str


def place_of(case: Case) -> Place:
    """Detained: the state where the person is held. Not detained: the home state. Never a guess."""
    if case.custody.detained:
        state, basis = case.custody.state, "custody"
    else:
        state, basis = case.person.state, "home"
    if state is None:
        return Place(None, None, "unknown")
    return Place(state, circuit_of(state), basis)


@dataclass
class Found:
    """The developments that hold for a case, and those that depend on an unknown place."""

    applied: list[Development] = field(default_factory=list)
    depends_on_place: list[Development] = field(default_factory=list)
    touched: dict[str, list[str]] = field(default_factory=dict)

    def touch(self, development: Development, item: str) -> None:
        items = self.touched.setdefault(development.id, [])
        if item not in items:
            items.append(item)

    def untouch(self, development: Development, item: str) -> None:
        items = self.touched.get(development.id, [])
        if item in items:
            items.remove(item)


def relevant(case: Case, on: date, place: Place) -> Found:
    """The developments in force ``on`` that hold for ``case`` at ``place``."""
    found = Found()
    for development in developments():
        if not (development.in_force_on(on) and development.applies_to(case, on)):
            continue
        covers = development.jurisdiction.covers(place.state, place.circuit)
        if covers:
            found.applied.append(development)
        elif covers is None:
            found.depends_on_place.append(development)
    return found


def discount_relief(case: Case, found: Found) -> Case:
    """The case without the pending applications a development says no longer count."""
    dropped = set()
    for development in found.applied:
        for effect in development.effects:
            if effect.kind == "not_relief" and effect.not_relief in case.proceedings.pending_relief:
                dropped.add(effect.not_relief)
                found.touch(development, "factors")
    if not dropped:
        return case
    kept = [r for r in case.proceedings.pending_relief if r not in dropped]
    proceedings = case.proceedings.model_copy(update={"pending_relief": kept})
    return case.model_copy(update={"proceedings": proceedings})


def _values(place: Place, on: date, lang: str) -> dict[str, str]:
    return {
        "circuit": t(f"law.circuit.{place.circuit or 'unknown'}", lang),
        "state": place.state or "?",
        "reviewed": reviewed().isoformat(),
        "on": on.isoformat(),
    }


def message(effect: Effect, place: Place, on: date) -> Message:
    """An effect's sentence in every language: its own text, or the catalog's for its flag.

    A flag may have a different sentence for an unknown place (``assess.flag_where_unknown``).
    """
    out = {}
    for lang in LANGS:
        values = _values(place, on, lang)
        if effect.text is not None:
            out[lang] = effect.text(lang).format(**values)
            continue
        key = f"assess.flag.{effect.flag}"
        if place.circuit is None and has(f"assess.flag_where_unknown.{effect.flag}", lang):
            key = f"assess.flag_where_unknown.{effect.flag}"
        out[lang] = t(key, lang, **values)
    return out


def apply(draft: Draft, found: Found, place: Place, on: date) -> None:
    """Apply every effect of the developments that hold, in the three passes above."""
    for development, effect in _effects(found, "flag"):
        draft.raise_flag(effect.flag, message(effect, place, on))
        found.touch(development, effect.flag)
    for development, effect in _effects(found, "lift"):
        if effect.lift in draft.flags:
            draft.lift_flag(effect.lift)
            found.touch(development, effect.lift)
    for development, effect in _effects(found, "flag"):
        if effect.flag not in draft.flags:  # lifted: this development changed nothing there
            found.untouch(development, effect.flag)
    for development, effect in _effects(found, "reason", "caution", "after_attorney"):
        if effect.if_flags and not set(effect.if_flags) & set(draft.flags):
            continue
        if effect.target not in draft.found:
            continue
        if effect.kind == "after_attorney":
            draft.after_attorney(effect.target)
        else:
            getattr(draft, effect.kind)(effect.target, message(effect, place, on))
        found.touch(development, effect.target)


def _effects(found: Found, *kinds: str):
    for development in found.applied:
        for effect in development.effects:
            if effect.kind in kinds:
                yield development, effect
