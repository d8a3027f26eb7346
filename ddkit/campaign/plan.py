"""The campaign plan: dated tasks worked back from the key date and forward from today.

A campaign races one date, the *key date*: the earliest removal, check-in or hearing among
the assessment's deadlines. Each task has an ideal number of days before that date (letters
two weeks ahead, the request ten days ahead, ...) and a number of days it needs from today.
When the time is short (the assessment says ``urgent``, or there are fewer days than a full
plan needs) the plan is *compressed*: every lead shrinks in proportion. A task that can no
longer fit is kept with status ``too_late`` and a note, never dropped. Nothing public is
planned without the person's consent to a public campaign, and no congressional inquiry
without consent to congressional contact; public tasks follow the limits the person set (no
press, no photos, first name only).

The day counts below are the kit's own planning suggestions, not policy: the committee edits
the dates and owners in the returned table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ddkit.assess import Assessment
from ddkit.campaign.words import note, owner, title
from ddkit.case import Case
from ddkit.consent import is_withdrawn
from ddkit.i18n import check_lang

if TYPE_CHECKING:  # pandas loads only when a plan is made
    import pandas as pd

FULL_PLAN_DAYS = 28  # days a full plan needs between today and the key date
COLUMNS = ("task", "title", "date", "owner", "status", "intervention", "public", "target", "note")
STATUSES = ("todo", "done", "too_late")
REQUESTS = ("stay_of_removal", "pd_request", "release_request", "opla_pd_request")
# Letters the committee gathers, with the kit's suggested target counts (editable).
LETTER_TARGETS = {
    "family_member": 3,
    "teacher_counselor": 2,
    "faith_leader": 1,
    "organizational": 2,
    "mass_personal": 100,
}
LETTER_KINDS = tuple(LETTER_TARGETS)


@dataclass(frozen=True)
class Timing:
    """When a task falls: ``lead`` days before the key date, or ``ready`` days after today.

    ``anchor`` is ``key`` (worked back from the key date) or ``start`` (forward from today).
    ``min_lead`` is the last useful day, counted back from the key date; ``ready`` and
    ``ready_urgent`` are the days the task needs from today in a full and a compressed plan.
    """

    anchor: str
    lead: int
    min_lead: int
    ready: int
    ready_urgent: int


TIMING = {
    "legal_consult": Timing("start", 0, 1, 3, 0),
    "consent_talk": Timing("start", 0, 1, 4, 1),
    "family_plan": Timing("key", 14, 1, 5, 1),
    "letters": Timing("key", 14, 2, 7, 2),
    "request": Timing("key", 10, 1, 10, 1),
    "congressional_inquiry": Timing("key", 10, 2, 5, 1),
    "petition_launch": Timing("key", 21, 1, 5, 0),
    "call_in": Timing("key", 0, 1, 7, 0),  # leads come from CALL_IN_LEADS
    "press": Timing("key", 5, 1, 7, 0),
    "day_of": Timing("key", 0, 0, 0, 0),
}
CALL_IN_LEADS = (14, 7, 2)
# The case dates each intervention races against (ddkit.assess sets the deadlines from these).
EVENT_DATES = {
    "stay_of_removal": ("removal_date", "next_check_in"),
    "check_in_accompaniment": ("next_check_in",),
    "court_support": ("next_hearing",),
}


@dataclass(frozen=True)
class Frame:
    """The dates a plan is built between."""

    on: date
    key: date  # the key date, or the end of the planning horizon when none is known
    key_event: str | None  # removal, check_in, hearing, or None
    compressed: bool
    known: bool = True  # whether ``key`` is a real deadline

    @property
    def scale(self) -> float:
        if not self.compressed:
            return 1.0
        return max(0, (self.key - self.on).days) / FULL_PLAN_DAYS


def key_date(case: Case, assessment: Assessment, on: date) -> tuple[date | None, str | None]:
    """The earliest deadline on or after ``on`` among the assessment's interventions, and what it is.

    Returns ``(None, None)`` when no deadline is known.
    """
    p = case.proceedings
    days = [i.deadline for i in assessment.interventions if i.deadline]
    # A deadline already past (a check-in last week) gives way to the next date still ahead.
    for intervention, events in EVENT_DATES.items():
        if assessment.has(intervention):
            days += [getattr(p, name) for name in events if getattr(p, name)]
    days = [day for day in days if day >= on]
    if not days:
        return None, None
    day = min(days)
    for event, value in (
        ("removal", p.removal_date),
        ("check_in", p.next_check_in),
        ("hearing", p.next_hearing),
    ):
        if value == day:
            return day, event
    return day, None


def _frame(case: Case, assessment: Assessment, on: date) -> Frame:
    key, event = key_date(case, assessment, on)
    if key is None:
        horizon = on + timedelta(days=FULL_PLAN_DAYS)
        return Frame(on=on, key=horizon, key_event=None, compressed=False, known=False)
    short = (key - on).days < FULL_PLAN_DAYS
    return Frame(on=on, key=key, key_event=event, compressed=assessment.has("urgent") or short)


def schedule(timing: Timing, frame: Frame, lead: int | None = None) -> tuple[date, str]:
    """The date and status of one task.

    >>> f = Frame(on=date(2026, 1, 1), key=date(2026, 3, 1), key_event="hearing", compressed=False)
    >>> schedule(TIMING["letters"], f)
    (datetime.date(2026, 2, 15), 'todo')
    >>> short = Frame(date(2026, 1, 1), date(2026, 1, 2), "check_in", True)
    >>> schedule(TIMING["letters"], short)
    (datetime.date(2026, 1, 1), 'too_late')
    """
    lead = timing.lead if lead is None else lead
    ready = timing.ready_urgent if frame.compressed else timing.ready
    if timing.anchor == "start":
        day = frame.on + timedelta(days=ready)
    else:
        lead = max(timing.min_lead, int(lead * frame.scale))
        day = max(frame.key - timedelta(days=lead), frame.on + timedelta(days=ready))
    last = frame.key - timedelta(days=timing.min_lead)
    if day > last:
        return max(frame.on, min(last, frame.key)), "too_late"
    return day, "todo"


def letter_targets(case: Case) -> dict[str, int]:
    """Which letters fit the person's equities, with the kit's suggested target counts.

    Family letters where removal would take a parent or caregiver; teachers or counselors
    where there are children; faith leaders and organizations where there are community ties;
    mass personal letters only with consent to a public campaign (DOMAIN.md section 4).
    """
    eq = case.equities
    kinds = []
    if case.has_children_or_caregiving():
        kinds.append("family_member")
    if eq.us_citizen_children > 0:
        kinds.append("teacher_counselor")
    if eq.community_ties:
        kinds += ["faith_leader", "organizational"]
    if not kinds:
        kinds.append("organizational")  # the committee's own organizations can always write
    if case.consent.public_campaign:
        kinds.append("mass_personal")
    return {kind: LETTER_TARGETS[kind] for kind in kinds}


def _row(task, frame, timing, intervention, public=False, target=None, lead=None, **values):
    day, status = schedule(timing, frame, lead)
    return {
        "task": task,
        "key": values.pop("key", task),
        "values": values,
        "date": day,
        "status": status,
        "intervention": intervention,
        "public": public,
        "target": target,
    }


def _tasks(case: Case, assessment: Assessment, frame: Frame) -> list[dict]:
    has = assessment.has
    public = case.consent.public_campaign and has("public_campaign")
    rows = [_row("legal_consult", frame, TIMING["legal_consult"], "legal_referral")]
    if has("needs_consent") and not is_withdrawn(case):  # after a "no", no talk to press them
        rows.append(_row("consent_talk", frame, TIMING["consent_talk"], ""))
    if has("family_preparedness"):
        rows.append(_row("family_plan", frame, TIMING["family_plan"], "family_preparedness"))
    if has("letters_of_support"):
        for kind, target in letter_targets(case).items():
            if kind == "mass_personal" and not public:
                continue  # mass letters are public: only with consent
            rows.append(
                _row(
                    f"letters_{kind}",
                    frame,
                    TIMING["letters"],
                    "letters_of_support",
                    public=kind == "mass_personal",
                    target=target,
                    key="letters",
                    kind=kind,
                )
            )
    rows += [_row(f"request_{r}", frame, TIMING["request"], r) for r in REQUESTS if has(r)]
    if case.consent.congressional_contact and has("congressional_inquiry"):
        timing = TIMING["congressional_inquiry"]
        rows.append(_row("congressional_inquiry", frame, timing, "congressional_inquiry"))
    if public:
        rows += _public_tasks(frame)
    rows += _day_of(frame, assessment, public)
    return _honour_limits(case, rows)


def _honour_limits(case: Case, rows: list[dict]) -> list[dict]:
    """The limits the person set on going public (:mod:`ddkit.consent`): no press task with
    "no press", and every public task carries the limits so that its note repeats them."""
    limits = tuple(case.consent.limits)
    if "no_press" in limits:
        rows = [row for row in rows if row["task"] != "press"]
    for row in rows:
        row["limits"] = limits if row["public"] else ()
    return rows


def _public_tasks(frame: Frame) -> list[dict]:
    rows = [_row("petition_launch", frame, TIMING["petition_launch"], "public_campaign", True)]
    seen: set[date] = set()
    for n, lead in enumerate(CALL_IN_LEADS, start=1):
        row = _row(
            f"call_in_{n}", frame, TIMING["call_in"], "public_campaign", True, lead=lead,
            key="call_in", n=n,
        )  # fmt: skip
        if row["date"] in seen and row["status"] == "todo":
            continue  # a compressed plan can fold two call-in days into one
        seen.add(row["date"])
        rows.append(row)
    rows.append(_row("press", frame, TIMING["press"], "public_campaign", True))
    return rows


def _day_of(frame: Frame, assessment: Assessment, public: bool) -> list[dict]:
    if not frame.known:
        return []
    timing = TIMING["day_of"]
    rows = []
    if frame.key_event == "check_in" and assessment.has("check_in_accompaniment"):
        rows.append(_row("accompaniment", frame, timing, "check_in_accompaniment"))
    if frame.key_event == "hearing" and assessment.has("court_support"):
        rows.append(_row("court_support", frame, timing, "court_support"))
    if public:
        event = frame.key_event
        rows.append(_row("vigil", frame, timing, "public_campaign", True, event=event))
    return rows


def plan(
    case: Case, assessment: Assessment, on: date | None = None, lang: str = "en"
) -> pd.DataFrame:
    """The campaign plan for a case, as a table the committee can edit.

    Columns: ``task`` (a stable id), ``title`` (in ``lang``), ``date``, ``owner`` (a role,
    editable), ``status`` (``todo`` or ``too_late``), ``intervention``, ``public``, ``target``
    (letters to gather) and ``note``. ``plan.attrs`` holds ``on``, ``key_date``, ``key_event``
    (``removal``, ``check_in``, ``hearing`` or ``None``), ``compressed`` and ``lang``. The
    notes name the field office to file at, the members of Congress to ask (with their data's
    date) and the legal data's review date.
    """
    import pandas as pd

    from ddkit.campaign.targets import plan_notes

    lang = check_lang(lang)
    on = on or assessment.on
    frame = _frame(case, assessment, on)
    rows = _tasks(case, assessment, frame)
    extra = plan_notes(case, lang)  # the field office, the members of Congress, the data's dates
    order = {row["task"]: n for n, row in enumerate(rows)}
    rows.sort(key=lambda r: (r["date"], order[r["task"]]))
    table = pd.DataFrame(
        [
            {
                "task": r["task"],
                "title": title(r, lang),
                "date": r["date"],
                "owner": owner(r, lang),
                "status": r["status"],
                "intervention": r["intervention"],
                "public": r["public"],
                "target": r["target"] if r["target"] is not None else pd.NA,
                "note": note(r, frame.key, lang, extra.get(r["task"])),
            }
            for r in rows
        ],
        columns=list(COLUMNS),
    )
    table["target"] = table["target"].astype("Int64")
    table.attrs.update(
        on=on,
        key_date=frame.key if frame.known else None,
        key_event=frame.key_event,
        horizon=frame.key,
        compressed=frame.compressed,
        lang=lang,
        law_reviewed=_reviewed(),
    )
    return table


def _reviewed():
    """The day the kit's legal data was last reviewed (shown on every output of the plan)."""
    from ddkit.law import reviewed

    return reviewed()
