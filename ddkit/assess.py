"""Assess a case: which interventions it opens, under which policy, and by when.

The result is a plain value. Every item carries a reason in English and Spanish, and the
assessment always says which policy it applied and whether that policy was in force on the day
asked. The kit never says anyone is "eligible" or "will win": it reports what the policy says
and what organizers can do, and always routes to a lawyer.

Reads top to bottom: small named checks, each adding interventions or flags, collected in
:data:`CHECKS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ddkit.case import Case
from ddkit.factors import PREDICATES, years_between
from ddkit.i18n import LANGS, both, check_lang
from ddkit.policy import Policy, get_policy, policy_on

URGENT_DAYS = 14  # the kit's own planning horizon, not a policy number

INTERVENTIONS: tuple[str, ...] = (
    "legal_referral",
    "release_request",
    "stay_of_removal",
    "check_in_accompaniment",
    "family_preparedness",
    "court_support",
    "opla_pd_request",
    "pd_request",
    "letters_of_support",
    "congressional_inquiry",
    "public_campaign",
)
FLAGS: tuple[str, ...] = (
    "urgent",
    "attorney_review",
    "expedited_removal_risk",
    "policy_not_in_force",
    "needs_consent",
)

Message = dict[str, str]


@dataclass(frozen=True)
class Intervention:
    """Something organizers can do, with a lawyer, for this case."""

    id: str
    rank: int
    deadline: date | None
    why: tuple[Message, ...]
    cautions: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Flag:
    """Something the committee must keep in mind before acting."""

    id: str
    why: Message


@dataclass(frozen=True)
class Assessment:
    """What the policy says about a case on a given day, and what organizers can do."""

    on: date
    policy: Policy
    in_force: bool
    interventions: tuple[Intervention, ...]
    flags: tuple[Flag, ...]
    priority: str | None
    priority_why: Message | None
    factors: dict[str, tuple[str, ...]]
    cautions: tuple[Message, ...] = ()

    def intervention(self, intervention_id: str) -> Intervention | None:
        return next((i for i in self.interventions if i.id == intervention_id), None)

    def has(self, item_id: str) -> bool:
        """Whether the assessment holds this intervention or flag."""
        return any(i.id == item_id for i in (*self.interventions, *self.flags))

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
            "policy": {
                "id": self.policy.id,
                "title": self.policy.title(lang),
                "in_force": self.in_force,
                "sources": [
                    {"url": s.url, "title": s.title, "accessed": s.accessed.isoformat()}
                    for s in self.policy.sources
                ],
            },
            "interventions": [
                {
                    "id": i.id,
                    "rank": i.rank,
                    "deadline": i.deadline.isoformat() if i.deadline else None,
                    "why": [m[lang] for m in i.why],
                    "cautions": [m[lang] for m in i.cautions],
                }
                for i in self.interventions
            ],
            "flags": [{"id": f.id, "why": f.why[lang]} for f in self.flags],
            "priority": self.priority,
            "priority_why": self.priority_why[lang] if self.priority_why else None,
            "factors": {kind: list(ids) for kind, ids in self.factors.items()},
            "cautions": [m[lang] for m in self.cautions],
        }


# ------------------------------------------------------------------ the checks


@dataclass
class _Draft:
    case: Case
    on: date
    policy: Policy
    found: dict[str, tuple[date | None, list[Message]]] = field(default_factory=dict)
    flags: dict[str, Message] = field(default_factory=dict)

    def add(self, intervention: str, key: str, deadline: date | None = None, **values) -> None:
        _, reasons = self.found.setdefault(intervention, (deadline, []))
        self.found[intervention] = (deadline, reasons)
        reasons.append(both(f"assess.why.{key}", **values))

    def add_message(self, intervention: str, message: Message) -> None:
        """Add a reason already written in every language to an intervention found."""
        self.found[intervention][1].append(message)

    def flag(self, flag_id: str, key: str | None = None, **values) -> None:
        self.flags.setdefault(flag_id, both(f"assess.flag.{key or flag_id}", **values))

    @property
    def at_risk(self) -> bool:
        """Whether ICE or a court is already acting on the person."""
        p = self.case.proceedings
        return (
            self.case.custody.detained
            or p.stage != "none"
            or p.under_supervision
            or p.removal_date is not None
        )


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "?"


def legal_referral(d: _Draft) -> None:
    if d.case.attorney.name:
        d.add("legal_referral", "legal_referral_has_attorney")
    else:
        d.add("legal_referral", "legal_referral")


def detained(d: _Draft) -> None:
    if d.case.custody.detained:
        d.add("release_request", "release_request", since=_iso(d.case.custody.detained_since))


def final_order(d: _Draft) -> None:
    p = d.case.proceedings
    if p.stage != "final_order":
        return
    dates = [day for day in (p.removal_date, p.next_check_in) if day is not None]
    d.add("stay_of_removal", "stay_of_removal", min(dates) if dates else None)


def stay_filing_office(d: _Draft) -> None:
    """Name the field office the stay request goes to (custody, else home), or say why not."""
    if "stay_of_removal" not in d.found:
        return
    from ddkit.campaign.targets import filing_office
    from ddkit.law import forms

    where, rule = filing_office(d.case), forms().i246.where_to_file
    d.add_message("stay_of_removal", {lang: f"{where.text(lang)} {rule(lang)}" for lang in LANGS})


def check_in(d: _Draft) -> None:
    p = d.case.proceedings
    if p.under_supervision and p.next_check_in:
        d.add("check_in_accompaniment", "check_in", p.next_check_in, day=_iso(p.next_check_in))


def family(d: _Draft) -> None:
    if d.case.has_children_or_caregiving() and d.at_risk:
        d.add(
            "family_preparedness",
            "family_preparedness",
            children=d.case.equities.us_citizen_children,
        )


def in_court(d: _Draft) -> None:
    p = d.case.proceedings
    if p.stage != "in_proceedings":
        return
    d.add("court_support", "court_support", p.next_hearing, day=_iso(p.next_hearing))
    d.add("opla_pd_request", "opla_pd_request")


def field_office_request(d: _Draft) -> None:
    p = d.case.proceedings
    if d.case.custody.detained or p.stage == "final_order" or p.under_supervision:
        d.add("pd_request", "pd_request")


def letters(d: _Draft) -> None:
    asks = {"pd_request", "opla_pd_request", "stay_of_removal", "release_request", "court_support"}
    if asks & d.found.keys():
        d.add("letters_of_support", "letters_of_support")
    if d.case.proceedings.pending_relief:
        d.add("letters_of_support", "letters_relief")


def consent_to_go_public(d: _Draft) -> None:
    if not d.at_risk:
        return
    consent = d.case.consent
    if consent.congressional_contact:
        d.add("congressional_inquiry", "congressional_inquiry")
    if consent.public_campaign:
        d.add("public_campaign", "public_campaign")
    if consent.withdrawn_on and not (consent.public_campaign or consent.congressional_contact):
        d.flag("needs_consent", "consent_withdrawn", day=consent.withdrawn_on.isoformat())
    elif not (consent.public_campaign and consent.congressional_contact):
        d.flag("needs_consent")


def deadlines_soon(d: _Draft) -> None:
    p = d.case.proceedings
    for day in (p.removal_date, p.next_check_in, p.next_hearing):
        if day is not None and d.on <= day <= d.on + timedelta(days=URGENT_DAYS):
            d.flag("urgent", days=(day - d.on).days, day=day.isoformat())
            return


def criminal_or_immigration_history(d: _Draft) -> None:
    records = [r for r in d.case.criminal_history if r.disposition not in ("dismissed", "vacated")]
    if records:
        d.flag("attorney_review", "attorney_review_criminal")
    elif d.case.proceedings.prior_removals > 0:
        d.flag("attorney_review", "attorney_review_removal")


def expedited_removal(d: _Draft) -> None:
    years = d.policy.rule("expedited_removal_presence_years")
    if years is None:
        return
    person = d.case.person
    if person.entry_manner == "parole" and d.policy.rule("expedited_removal_parole"):
        d.flag("expedited_removal_risk", "expedited_removal_parole")
    elif person.entry_date and years_between(person.entry_date, d.on) < years:
        d.flag("expedited_removal_risk", "expedited_removal_recent", years=years)


def policy_in_force(d: _Draft) -> None:
    if not d.policy.in_force_on(d.on):
        d.flag("policy_not_in_force", policy=d.policy.id, day=d.on.isoformat())


CHECKS = (
    legal_referral,
    detained,
    final_order,
    stay_filing_office,
    check_in,
    family,
    in_court,
    field_office_request,
    letters,
    consent_to_go_public,
    deadlines_soon,
    criminal_or_immigration_history,
    expedited_removal,
    policy_in_force,
)

# ------------------------------------------------------------------ priority and factors


def _priority(case: Case, policy: Policy) -> tuple[str | None, Message | None]:
    """The 2021-style enforcement priority the facts point to, if the framework has any.

    National security cannot be judged from intake facts, so the kit never assigns it.
    """
    ids = {p.id for p in policy.priorities}
    if not ids:
        return None, None
    cutoff = policy.rule("border_security_entry_after")
    person = case.person
    if "public_safety" in ids and any(
        r.disposition in ("convicted", "pending") and (r.severity == "felony" or r.weapon)
        for r in case.criminal_history
    ):
        return "public_safety", both("assess.priority.public_safety")
    if (
        "border_security" in ids
        and cutoff
        and person.entry_manner == "without_inspection"
        and person.entry_date
        and person.entry_date > cutoff
    ):
        return "border_security", both("assess.priority.border_security", cutoff=cutoff.isoformat())
    return None, None


def _factors(case: Case, on: date, policy: Policy) -> dict[str, tuple[str, ...]]:
    return {
        kind: tuple(
            f.id for f in getattr(policy.factors, kind) if PREDICATES[f.when](case, on, **f.params)
        )
        for kind in ("aggravating", "mitigating")
    }


def _rank(found: dict[str, tuple[date | None, list[Message]]]) -> list[str]:
    """Legal referral first (a consult comes before any filing), then by deadline, then by kind."""

    def key(item_id: str):
        deadline = found[item_id][0]
        first = item_id != "legal_referral"
        return (first, deadline is None, deadline or date.max, INTERVENTIONS.index(item_id))

    return sorted(found, key=key)


def assess(case: Case, on: date | None = None, policy: str | Policy | None = None) -> Assessment:
    """Interventions and flags for ``case`` under the policy in force ``on`` that day.

    ``policy`` names a framework to apply instead (for teaching); the result then says whether
    that framework was in force on ``on``.
    """
    on = on or date.today()
    if isinstance(policy, str):
        policy = get_policy(policy)
    policy = policy or policy_on(on)
    draft = _Draft(case=case, on=on, policy=policy)
    for step in CHECKS:
        step(draft)
    interventions = tuple(
        Intervention(
            id=item_id,
            rank=rank,
            deadline=draft.found[item_id][0],
            why=tuple(draft.found[item_id][1]),
            cautions=tuple(c.text.model_dump() for c in policy.cautions_for(item_id)),
        )
        for rank, item_id in enumerate(_rank(draft.found), start=1)
    )
    priority, priority_why = _priority(case, policy)
    return Assessment(
        on=on,
        policy=policy,
        in_force=policy.in_force_on(on),
        interventions=interventions,
        flags=tuple(
            Flag(flag_id, draft.flags[flag_id]) for flag_id in FLAGS if flag_id in draft.flags
        ),
        priority=priority,
        priority_why=priority_why,
        factors=_factors(case, on, policy),
        cautions=tuple(c.text.model_dump() for c in policy.cautions_for(None)),
    )
