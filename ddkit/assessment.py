"""What an assessment holds: interventions, flags, the policy and the law applied, and where.

:func:`ddkit.assess.assess` builds it; the report, the letters, the campaign plan and the apps
read it. It is a plain value, and :meth:`Assessment.to_dict` is the documented JSON shape
(``docs/cli.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ddkit.i18n import check_lang
from ddkit.law import Development, reviewed
from ddkit.policy import Policy

Message = dict[str, str]


@dataclass(frozen=True)
class Intervention:
    """Something organizers can do, with a lawyer, for this case.

    ``after_attorney`` marks a step to take only after the attorney agrees (it is then ranked
    after the legal steps).
    """

    id: str
    rank: int
    deadline: date | None
    why: tuple[Message, ...]
    cautions: tuple[Message, ...] = ()
    after_attorney: bool = False


@dataclass(frozen=True)
class Flag:
    """Something the committee must keep in mind before acting."""

    id: str
    why: Message


@dataclass(frozen=True)
class Jurisdiction:
    """Where the law is taken from: the state of detention, else the home state, else unknown."""

    state: str | None = None
    circuit: str | None = None
    basis: str = "unknown"  # custody | home | unknown

    def to_dict(self) -> dict[str, str | None]:
        return {"state": self.state, "circuit": self.circuit}


@dataclass(frozen=True)
class Applied:
    """A development that applied to the case, and the interventions and flags it touched."""

    development: Development
    touched: tuple[str, ...] = ()


def _sources(sources) -> list[dict[str, str]]:
    return [{"url": s.url, "title": s.title, "accessed": s.accessed.isoformat()} for s in sources]


def _development(d: Development, lang: str, touched: tuple[str, ...] | None = None):
    item: dict[str, Any] = {
        "id": d.id,
        "title": d.title(lang),
        "summary": d.summary(lang),
        "date": d.date.isoformat(),
        "confidence": d.confidence,
        "disputed": d.disputed(lang) if d.disputed else None,
        "sources": _sources(d.sources),
    }
    if touched is not None:
        item["touched"] = list(touched)
    return item


@dataclass(frozen=True)
class Assessment:
    """What the policy and the law say about a case on a given day, and what organizers can do.

    ``developments`` are the legal developments that applied (in force that day, for that
    place, and to this case); ``depends_on_place`` are those that would apply but hold only in
    some circuits or states while the place is unknown: "ask the attorney".
    """

    on: date
    policy: Policy
    in_force: bool
    interventions: tuple[Intervention, ...]
    flags: tuple[Flag, ...]
    priority: str | None
    priority_why: Message | None
    factors: dict[str, tuple[str, ...]]
    cautions: tuple[Message, ...] = ()
    law_reviewed: date = field(default_factory=reviewed)
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)
    developments: tuple[Applied, ...] = ()
    depends_on_place: tuple[Development, ...] = ()

    def intervention(self, intervention_id: str) -> Intervention | None:
        return next((i for i in self.interventions if i.id == intervention_id), None)

    def flag(self, flag_id: str) -> Flag | None:
        return next((f for f in self.flags if f.id == flag_id), None)

    def has(self, item_id: str) -> bool:
        """Whether the assessment holds this intervention or flag."""
        return any(i.id == item_id for i in (*self.interventions, *self.flags))

    def applied(self, development_id: str) -> bool:
        """Whether this legal development applied to the case."""
        return any(a.development.id == development_id for a in self.developments)

    def factor_label(self, factor_id: str, lang: str = "en") -> str:
        for factor in (*self.policy.factors.aggravating, *self.policy.factors.mitigating):
            if factor.id == factor_id:
                return factor.label(check_lang(lang))
        raise KeyError(factor_id)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The documented JSON shape, with every sentence in ``lang``."""
        lang = check_lang(lang)
        return {
            "on": self.on.isoformat(),
            "law_reviewed": self.law_reviewed.isoformat(),
            "jurisdiction": self.jurisdiction.to_dict(),
            "policy": {
                "id": self.policy.id,
                "title": self.policy.title(lang),
                "in_force": self.in_force,
                "sources": _sources(self.policy.sources),
            },
            "interventions": [
                {
                    "id": i.id,
                    "rank": i.rank,
                    "deadline": i.deadline.isoformat() if i.deadline else None,
                    "why": [m[lang] for m in i.why],
                    "cautions": [m[lang] for m in i.cautions],
                    "after_attorney": i.after_attorney,
                }
                for i in self.interventions
            ],
            "flags": [{"id": f.id, "why": f.why[lang]} for f in self.flags],
            "priority": self.priority,
            "priority_why": self.priority_why[lang] if self.priority_why else None,
            "factors": {kind: list(ids) for kind, ids in self.factors.items()},
            "cautions": [m[lang] for m in self.cautions],
            "developments": [
                _development(a.development, lang, a.touched) for a in self.developments
            ],
            "depends_on_place": [_development(d, lang) for d in self.depends_on_place],
        }
