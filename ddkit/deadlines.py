"""A case's dates that cannot move: removal, check-in, hearing, and what each one races.

The case list shows the next of these dates; the case page lists them all, nearest first,
with the interventions whose deadline each one is (:func:`case_deadlines`), and offers them
as a calendar. The dates are the person's own (from the case); which interventions race them
comes from the assessment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ddkit.assess import Assessment
    from ddkit.case import Case

# The event each date of ``proceedings`` is, in the order a tie is named.
EVENTS: tuple[tuple[str, str], ...] = (
    ("removal", "removal_date"),
    ("check_in", "next_check_in"),
    ("hearing", "next_hearing"),
)
EVENTS_ORDER = {event: n for n, (event, _) in enumerate(EVENTS)}


@dataclass(frozen=True)
class Deadline:
    """One date: what happens then (``event``, or ``None``) and the interventions it is due for."""

    day: date
    event: str | None
    interventions: tuple[str, ...] = ()

    def passed(self, on: date) -> bool:
        return self.day < on


def event_dates(get: Callable[[str], Any]) -> list[tuple[date, str]]:
    """The ``(day, event)`` pairs known, from ``get(name)`` of a ``proceedings`` field.

    ``get`` may return a date, ``YYYY-MM-DD`` text (a draft's answers) or nothing.

    >>> event_dates({"next_hearing": "2026-12-08", "removal_date": "31/02"}.get)
    [(datetime.date(2026, 12, 8), 'hearing')]
    """
    found = []
    for event, name in EVENTS:
        value = get(name)
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                value = None
        if isinstance(value, date):
            found.append((value, event))
    return found


def next_event(dates: list[tuple[date, str]], on: date) -> tuple[date, str] | None:
    """The nearest date on or after ``on``, or ``None`` when every date has passed.

    >>> next_event([(date(2026, 12, 8), "hearing"), (date(2026, 11, 1), "check_in")],
    ...            date(2026, 12, 2))
    (datetime.date(2026, 12, 8), 'hearing')
    """
    ahead = sorted((day, EVENTS_ORDER[event], event) for day, event in dates if day >= on)
    return (ahead[0][0], ahead[0][2]) if ahead else None


def case_deadlines(case: Case, assessment: Assessment) -> list[Deadline]:
    """Every date of the case and the interventions it is due for: the ones ahead nearest
    first, then the ones passed (most recent first)."""
    p = case.proceedings
    by_day: dict[date, list[str]] = {}
    events: dict[date, str] = {}
    for day, event in event_dates(lambda name: getattr(p, name)):
        by_day.setdefault(day, [])
        events.setdefault(day, event)
    for intervention in assessment.interventions:
        if intervention.deadline is not None:
            by_day.setdefault(intervention.deadline, []).append(intervention.id)
    on = assessment.on
    found = [Deadline(day, events.get(day), tuple(ids)) for day, ids in by_day.items()]
    ahead = sorted((d for d in found if not d.passed(on)), key=lambda d: d.day)
    behind = sorted((d for d in found if d.passed(on)), key=lambda d: d.day, reverse=True)
    return ahead + behind


REMINDER_DAYS = (7, 1)  # reminders a week and a day before each date (the kit's suggestion)


def deadlines_ics(deadlines: list[Deadline], code: str, lang: str, on: date) -> bytes:
    """The dates still ahead as an ``.ics`` calendar, each event named by the case code only.

    A calendar travels (phones, shared calendars), so it never holds the person's name.
    """
    from datetime import UTC, datetime, time, timedelta

    from icalendar import Alarm, Calendar, Event

    from ddkit.i18n import t

    cal = Calendar()
    cal.add("prodid", "-//ddkit//case dates//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", t("ui_session.case.ics_calendar", lang, code=code))
    stamp = datetime.combine(on, time(0, 0), tzinfo=UTC)  # deterministic output
    for deadline in deadlines:
        if deadline.passed(on):
            continue
        what = t(f"campaign.event.{deadline.event}", lang) if deadline.event else ""
        what = what or t("ui_session.case.deadline", lang)
        summary = t("ui_session.case.ics_event", lang, what=what, code=code)
        event = Event()
        event.add("uid", f"{code}-{deadline.day:%Y%m%d}-{deadline.event or 'due'}@ddkit")
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("dtstart", deadline.day)
        event.add("dtend", deadline.day + timedelta(days=1))
        if deadline.interventions:
            names = ", ".join(t(f"assess.intervention.{i}", lang) for i in deadline.interventions)
            event.add("description", names)
        for days in REMINDER_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", timedelta(days=-days, hours=9))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
