"""Keep count during a campaign: calls, letters gathered, petition signatures, plan tasks done.

Trackers live in the case store with the case they belong to (:mod:`ddkit.store.trackers`):
sealed with the case's own key like the case itself, shared when an organization runs the kit
on its server, and purged with the case. In demo mode (Binder) the store is in memory, and so
are the trackers. This module checks what a volunteer logs, and lines the letters gathered up
against the plan's targets for the charts.

Old tracker files (JSON beside the store, from earlier versions of the kit) are moved into the
store once: :mod:`ddkit.campaign.tracker_files`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ddkit.campaign.plan import LETTER_KINDS
from ddkit.errors import UserError
from ddkit.store.trackers import MAX_COUNT, MAX_TEXT, WHAT, Entry, Tracker

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_COUNT", "WHAT", "Entry", "Tracker", "letters_progress", "make_action",
           "make_entry", "plan_targets"]  # fmt: skip
LOGGED = ("letter", "call", "signature")  # what a volunteer logs as a count


def _text(value: str | None, name: str) -> str | None:
    from ddkit.values import clean_text

    value = clean_text(value) if isinstance(value, str) else value
    if value and len(value) > MAX_TEXT[name]:
        raise UserError(f"campaign.track.{name}_too_long", max=MAX_TEXT[name])
    return value or None


def make_entry(
    what: str,
    count: int | str = 1,
    kind: str | None = None,
    on: date | None = None,
    today: date | None = None,
    caller: str | None = None,
    note: str | None = None,
) -> Entry:
    """Check one thing to log, or raise :class:`~ddkit.errors.UserError` saying what is wrong.

    ``caller`` (who called, for calls) and ``note`` are optional; both are sealed in the store.
    """
    today = today or date.today()
    if what not in LOGGED:
        raise UserError("campaign.track.bad_what", choices=", ".join(LOGGED))
    try:
        number = int(str(count).strip())
    except ValueError:
        raise UserError("campaign.track.bad_count", max=MAX_COUNT) from None
    if not 1 <= number <= MAX_COUNT:
        raise UserError("campaign.track.bad_count", max=MAX_COUNT)
    if what == "letter":
        if not kind:
            raise UserError("campaign.track.kind_needed", choices=", ".join(LETTER_KINDS))
        if kind not in LETTER_KINDS:
            raise UserError("campaign.track.bad_kind", choices=", ".join(LETTER_KINDS))
    elif kind:
        raise UserError("campaign.track.kind_not_allowed")
    if caller and what != "call":
        raise UserError("campaign.track.caller_for_calls")
    on = _day(on, today)
    return Entry(what=what, count=number, on=on, kind=kind if what == "letter" else None,
                 caller=_text(caller, "caller"), note=_text(note, "note"))  # fmt: skip


def make_action(task: str, on: date | None = None, note: str | None = None,
                today: date | None = None, tasks: list[str] | None = None) -> Entry:  # fmt: skip
    """A plan task marked done (``task`` as in the plan's ``task`` column)."""
    if not isinstance(task, str) or not task.strip() or (tasks is not None and task not in tasks):
        raise UserError("campaign.track.bad_task", choices=", ".join(tasks or ()))
    return Entry("action", 1, _day(on, today or date.today()), task=task.strip(),
                 note=_text(note, "note"))  # fmt: skip


def _day(on: date | None, today: date) -> date:
    on = on or today
    if on > today:
        raise UserError("campaign.track.future_date")
    return on


def plan_targets(plan: pd.DataFrame) -> dict[str, int]:
    """The letter targets in a plan, by kind (from its ``letters_<kind>`` tasks)."""
    import pandas as pd

    targets = {}
    for row in plan.itertuples(index=False):
        if row.task.startswith("letters_") and not pd.isna(row.target):
            targets[row.task.removeprefix("letters_")] = int(row.target)
    return targets


def letters_progress(tracker: Tracker, targets: dict[str, int] | None = None) -> pd.DataFrame:
    """Letters gathered by kind beside their targets: columns ``kind``, ``target``, ``collected``."""
    import pandas as pd

    targets = targets or {}
    collected = tracker.letters()
    kinds = [k for k in LETTER_KINDS if k in targets or k in collected]
    return pd.DataFrame(
        {
            "kind": kinds,
            "target": pd.array([targets.get(k) for k in kinds], dtype="Int64"),
            "collected": [collected.get(k, 0) for k in kinds],
        }
    )
