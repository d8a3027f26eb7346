"""Helpers of workshop module 01 for the law of 2025-26: what is in force where, and when.

Plain Python (no widgets), read from the legal data in :mod:`ddkit.law` and from the
assessment itself, so that the workshop never says anything the kit would not:

- :func:`law_in_force` and :func:`law_lines`: the legal developments in force on a day for a
  state, each with its confidence word and sources, and the legal data's review date (the
  same list as ``ddkit law --on DATE --state XX``);
- :func:`developments_frame`: every development as a table, for the 2025-26 timeline;
- :func:`moved_to` and :func:`place_differences`: the same case held in another state, and
  what the assessment says differently there (the Texas / New York exercise).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ddkit.i18n import check_lang, t

if TYPE_CHECKING:
    import pandas as pd

    from ddkit.case import Case
    from ddkit.law import Development


def _state(state: str | None) -> str | None:
    """A state code as the law data spells it, or ``None`` when the place is unknown."""
    from ddkit.values import US_STATES

    code = state.strip().upper() if isinstance(state, str) else ""
    if not code:
        return None
    if code not in US_STATES:
        raise ValueError(f"unknown state code {state!r}; use two letters, like TX")
    return code


def place_name(state: str | None, lang: str = "en") -> str:
    """A state with its federal circuit, the way the workshop names a place.

    >>> place_name("TX"), place_name(None)
    ('TX (the Fifth Circuit)', 'place unknown')
    """
    from ddkit.law import circuit_of

    lang = check_lang(lang)
    state = _state(state)
    if state is None:
        return t("workshop.law.place_unknown", lang)
    circuit = circuit_of(state)
    name = t(f"law.circuit.{circuit}", lang) if circuit else t("workshop.law.no_circuit", lang)
    return t("workshop.law.place", lang, state=state, circuit=name)


def where_it_holds(development: Development, lang: str = "en") -> str:
    """Where a development holds, in words: the whole country, some circuits, some states."""
    lang = check_lang(lang)
    place = development.jurisdiction
    if place.national:
        return t("law.jurisdiction.national", lang)
    if place.circuits:
        names = ", ".join(t(f"law.circuit.{c}", lang) for c in place.circuits)
        return t("law.jurisdiction.circuits", lang, names=names)
    return t("law.jurisdiction.states", lang, names=", ".join(place.states))


def law_in_force(on: date, state: str | None = None) -> tuple[Development, ...]:
    """The legal developments in force on ``on`` for ``state``, oldest first.

    The same list as ``ddkit law --on DATE --state XX``: with a state, the national ones and
    those of its circuit or of the state itself; with none (place unknown), every one in force
    that day, wherever it holds.
    """
    from ddkit.law import in_force

    return tuple(in_force(on, state=_state(state)))


def law_outdated_on(on: date) -> bool:
    """Whether ``on`` is so long after the legal data's review that the law may have changed."""
    from ddkit.law import review

    return on > review().reviewed + timedelta(days=review().stale_after_days)


def _development_lines(d: Development, lang: str, place_known: bool) -> list[str]:
    confidence = t(f"law.confidence.{d.confidence}", lang)
    head = f"- {d.title(lang)} [{confidence}] · {d.date.isoformat()} · {where_it_holds(d, lang)}"
    lines = [head]
    if not place_known and d.jurisdiction.place_specific:
        lines.append(f"   ? {t('law.depends_on_place', lang)}")
    lines.append(f"   {d.summary(lang)}")
    if d.disputed:
        lines.append(f"   ! {t('law.disputed', lang)}: {d.disputed(lang)}")
    lines += [f"   {s.title}: {s.url} ({s.accessed.isoformat()})" for s in d.sources]
    return lines


def law_lines(on: date, state: str | None = None, lang: str = "en") -> list[str]:
    """The developments in force on ``on`` for ``state`` as lines of text, for a screen.

    The lines start with the legal data's review date (and a warning when ``on`` is long after
    it); each development then has its title, confidence word, date, where it holds, summary,
    and its sources.
    """
    from ddkit.law import circuits, reviewed

    lang = check_lang(lang)
    state = _state(state)
    found = law_in_force(on, state)
    lines = [t("law.reviewed", lang, day=reviewed().isoformat())]
    if law_outdated_on(on):
        lines.append("! " + t("workshop.law.outdated", lang, on=on.isoformat(),
                              day=reviewed().isoformat()))  # fmt: skip
    key = "workshop.law.head" if state else "workshop.law.head_anywhere"
    lines += ["", t(key, lang, on=on.isoformat(), place=place_name(state, lang), n=len(found))]
    if state in circuits().no_circuit:  # American Samoa: which court's rules apply is unclear
        lines.append("? " + circuits().no_circuit[state](lang))
    for development in found:
        lines += [""] + _development_lines(development, lang, place_known=state is not None)
    if not found:
        lines.append(t("workshop.law.none", lang))
    return lines


def developments_frame(lang: str = "en", on: date | None = None) -> pd.DataFrame:
    """Every legal development the kit knows, oldest first: date, what, where, how sure.

    With ``on``, a last column says whether each one was in force that day (anywhere).
    """
    import pandas as pd

    from ddkit.law import developments

    lang = check_lang(lang)
    rows = []
    for d in developments():
        row = {
            t("workshop.col.date", lang): d.date.isoformat(),
            t("workshop.col.event", lang): d.title(lang),
            t("workshop.col.where", lang): where_it_holds(d, lang),
            t("workshop.col.confidence", lang): t(f"law.confidence.{d.confidence}", lang),
        }
        if on is not None:
            row[t("workshop.col.in_force_on", lang, on=on.isoformat())] = t(
                "common.yes" if d.in_force_on(on) else "common.no", lang
            )
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.index = range(1, len(frame) + 1)
    return frame


# ------------------------------------------------------------------ the same case elsewhere


def moved_to(case: Case, state: str) -> Case:
    """The same case, with the person held in (or, if not detained, living in) ``state``.

    Everything else stays as it was. The county (and, for a home state, the ZIP code) is
    cleared, since it belonged to the old place.
    """
    from ddkit.case import case_to_dict, parse_case

    code = _state(state)
    if code is None:
        raise ValueError("give the state to move the case to, like NY")
    data = case_to_dict(case)
    if case.custody.detained:
        data["custody"] = {**data.get("custody", {}), "state": code, "county": None}
    else:
        data["person"] = {**data["person"], "state": code, "zip": None}
    return parse_case(data)


def _items(result: dict, lang: str) -> dict[tuple, str]:
    """Everything an assessment says, as comparable items, each with the line that shows it."""
    items: dict[tuple, str] = {}
    for flag in result["flags"]:
        title = t(f"assess.flag_title.{flag['id']}", lang)
        items[("flag", flag["id"], flag["why"])] = f"! {title}: {flag['why']}"
    for i in result["interventions"]:
        name = t(f"assess.intervention.{i['id']}", lang)
        items[("intervention", i["id"])] = t("workshop.law.opens", lang, name=name)
        for why in i["why"]:
            items[("why", i["id"], why)] = f"{name}: {why}"
        for caution in i["cautions"]:
            items[("caution", i["id"], caution)] = f"{name}: ! {caution}"
        if i["after_attorney"]:
            items[("after_attorney", i["id"])] = f"{name}: {t('law.after_attorney', lang)}"
    for d in result["developments"]:
        confidence = t(f"law.confidence.{d['confidence']}", lang)
        items[("development", d["id"])] = t("workshop.law.applied", lang, title=d["title"],
                                            confidence=confidence)  # fmt: skip
    return items


def place_differences(case: Case, states: Iterable[str], on: date, lang: str = "en") -> list[str]:
    """What the assessment says differently when the same case is held in each state.

    Only the differences are listed (flags, reasons, cautions, "only after the attorney
    agrees", legal developments), each in the assessment's own words; what is the same
    everywhere is counted, not repeated.
    """
    from ddkit.assess import assess

    lang = check_lang(lang)
    states = [_state(s) for s in states]
    if len(states) < 2 or None in states:
        raise ValueError("give at least two state codes to compare, like TX and NY")
    said = {s: _items(assess(moved_to(case, s), on=on).to_dict(lang), lang) for s in states}
    common = set.intersection(*(set(items) for items in said.values()))
    names = [place_name(s, lang) for s in states]
    names = t("workshop.law.and", lang, first=", ".join(names[:-1]), last=names[-1])
    lines = [t("workshop.law.compare_head", lang, on=on.isoformat(), places=names)]
    for state, items in said.items():
        lines += ["", t("workshop.law.only_in", lang, place=place_name(state, lang))]
        only = [line for key, line in items.items() if key not in common]
        lines += [f"  {line}" for line in only] or [f"  {t('workshop.law.nothing_else', lang)}"]
    lines += ["", t("workshop.law.same_everywhere", lang, n=len(common))]
    return lines
