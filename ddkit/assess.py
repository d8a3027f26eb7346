"""Assess a case: which interventions it opens, under which policy and which law, and by when.

The result is a plain value (:class:`~ddkit.assessment.Assessment`). Every item carries a
reason in English and Spanish, and the assessment always says which policy it applied, whether
that policy was in force on the day asked, where the person is for the law (state and federal
circuit), which legal developments applied, and when the legal data was last reviewed. The kit
never says anyone is "eligible" or "will win": it reports what the policy and the law say and
what organizers can do, and always routes to a lawyer.

Reads top to bottom: small named checks, each adding interventions or flags, collected in
:data:`CHECKS`; then the legal developments, applied from their data (:mod:`ddkit.law.apply`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ddkit.assessment import (  # noqa: F401  (re-exported: other modules import them from here)
    Applied,
    Assessment,
    Flag,
    Intervention,
    Jurisdiction,
    Message,
)
from ddkit.case import Case
from ddkit.factors import factors_of, priority_of, years_between
from ddkit.i18n import LANGS, both, t
from ddkit.law import apply as law
from ddkit.law import forms, review
from ddkit.law.vocabulary import FLAGS, INTERVENTIONS
from ddkit.policy import Policy, get_policy, policy_on

URGENT_DAYS = 14  # the kit's own planning horizon, not a policy number

__all__ = ["FLAGS", "INTERVENTIONS", "Assessment", "Flag", "Intervention", "assess"]

# ------------------------------------------------------------------ the draft


@dataclass
class _Draft:
    case: Case
    on: date
    policy: Policy
    found: dict[str, tuple[date | None, list[Message]]] = field(default_factory=dict)
    flags: dict[str, Message] = field(default_factory=dict)
    cautions: dict[str, list[Message]] = field(default_factory=dict)
    later: set[str] = field(default_factory=set)

    def add(self, intervention: str, key: str, deadline: date | None = None, **values) -> None:
        self.reason(intervention, both(f"assess.why.{key}", **values), deadline)

    def reason(self, intervention: str, why: Message, deadline: date | None = None) -> None:
        _, reasons = self.found.setdefault(intervention, (deadline, []))
        if why not in reasons:
            reasons.append(why)

    def add_message(self, intervention: str, message: Message) -> None:
        """Add a reason already written in every language to an intervention found."""
        self.reason(intervention, message)

    def caution(self, intervention: str, text: Message) -> None:
        cautions = self.cautions.setdefault(intervention, [])
        if text not in cautions:
            cautions.append(text)

    def flag(self, flag_id: str, key: str | None = None, **values) -> None:
        self.raise_flag(flag_id, both(f"assess.flag.{key or flag_id}", **values))

    def raise_flag(self, flag_id: str, why: Message) -> None:
        self.flags.setdefault(flag_id, why)

    def lift_flag(self, flag_id: str) -> None:
        self.flags.pop(flag_id, None)

    def after_attorney(self, intervention: str) -> None:
        self.later.add(intervention)

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


# ------------------------------------------------------------------ the checks


def legal_referral(d: _Draft) -> None:
    if d.case.attorney.name:
        d.add("legal_referral", "legal_referral_has_attorney")
    else:
        d.add("legal_referral", "legal_referral")


def detained(d: _Draft) -> None:
    if d.case.custody.detained:
        d.add("release_request", "release_request", since=_iso(d.case.custody.detained_since))
        d.caution("release_request", both("assess.caution.release_fast"))


def final_order(d: _Draft) -> None:
    p = d.case.proceedings
    if p.stage != "final_order":
        return
    dates = [day for day in (p.removal_date, p.next_check_in) if day is not None]
    d.add("stay_of_removal", "stay_of_removal", min(dates) if dates else None)
    for name, fact in forms().i246.facts().items():
        if name == "where_to_file":
            continue  # said with the office's name, by stay_filing_office
        line = fact_line(fact)
        if name == "proposed_fee":
            d.caution("stay_of_removal", line)
        else:
            d.reason("stay_of_removal", line)


def stay_filing_office(d: _Draft) -> None:
    """Name the field office the stay request goes to (custody, else home), or say why not."""
    if "stay_of_removal" not in d.found:
        return
    from ddkit.campaign.targets import filing_office

    where, rule = filing_office(d.case), forms().i246.where_to_file
    d.reason(
        "stay_of_removal", {lang: f"{where.text(lang)} {fact_line(rule)[lang]}" for lang in LANGS}
    )


def fact_line(fact) -> Message:
    """A form fact as a sentence in every language, with its confidence word."""
    return {
        lang: t(
            "assess.fact",
            lang,
            fact=fact(lang),
            confidence=t(f"law.confidence.{fact.confidence}", lang),
        )
        for lang in LANGS
    }


def order_in_absentia(d: _Draft) -> None:
    p = d.case.proceedings
    if p.stage == "final_order" and p.order_in_absentia:
        d.reason("stay_of_removal", fact_line(forms().reopen_in_absentia))


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


def law_review_is_recent(d: _Draft) -> None:
    checked = review()
    if (d.on - checked.reviewed).days > checked.stale_after_days:
        d.flag(
            "law_may_be_outdated", day=checked.reviewed.isoformat(), days=checked.stale_after_days
        )


CHECKS = (
    legal_referral,
    detained,
    final_order,
    stay_filing_office,
    order_in_absentia,
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
    law_review_is_recent,
)

# ------------------------------------------------------------------ ranking


def _rank(d: _Draft) -> list[str]:
    """Legal referral first (a consult comes before any filing), then by deadline, then by kind.

    Steps to take only after the attorney agrees come after all the others.
    """

    def key(item_id: str):
        deadline = d.found[item_id][0]
        return (
            item_id in d.later,
            item_id != "legal_referral",
            deadline is None,
            deadline or date.max,
            INTERVENTIONS.index(item_id),
        )

    return sorted(d.found, key=key)


def assess(case: Case, on: date | None = None, policy: str | Policy | None = None) -> Assessment:
    """Interventions and flags for ``case`` under the policy in force ``on`` that day.

    ``policy`` names a framework to apply instead (for teaching); the result then says whether
    that framework was in force on ``on``. The legal developments in force that day, for the
    place the person is held (or lives), are applied from their data.
    """
    on = on or date.today()
    if isinstance(policy, str):
        policy = get_policy(policy)
    policy = policy or policy_on(on)
    place = law.place_of(case)
    found = law.relevant(case, on, place)
    seen = law.discount_relief(case, found)  # the case as the law sees it (ended TPS is no relief)
    draft = _Draft(case=seen, on=on, policy=policy)
    for step in CHECKS:
        step(draft)
    law.apply(draft, found, place, on)
    interventions = tuple(
        Intervention(
            id=item_id,
            rank=rank,
            deadline=draft.found[item_id][0],
            why=tuple(draft.found[item_id][1]),
            cautions=(
                *(c.text.model_dump() for c in policy.cautions_for(item_id)),
                *draft.cautions.get(item_id, ()),
            ),
            after_attorney=item_id in draft.later,
        )
        for rank, item_id in enumerate(_rank(draft), start=1)
    )
    priority, priority_why = priority_of(seen, policy)
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
        factors=factors_of(seen, on, policy),
        cautions=tuple(c.text.model_dump() for c in policy.cautions_for(None)),
        law_reviewed=review().reviewed,
        jurisdiction=Jurisdiction(place.state, place.circuit, place.basis),
        # Only the developments that changed something in this assessment.
        developments=tuple(
            Applied(d, tuple(found.touched[d.id])) for d in found.applied if found.touched.get(d.id)
        ),
        depends_on_place=tuple(found.depends_on_place),
    )
