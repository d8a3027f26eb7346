"""The words of a plan: each task's title, its default owner (a role) and its note, in a language.

A task row (see :mod:`ddkit.campaign.plan`) carries a catalog ``key`` and the ``values`` its
title needs; the sentences themselves live in ``locales/<lang>/campaign.yaml``.
"""

from __future__ import annotations

from datetime import date

from ddkit.i18n import has, t

# Who usually carries each task; the committee changes owners in the plan table.
OWNERS = {
    "legal_consult": "attorney",
    "consent_talk": "committee",
    "family_plan": "family",
    "letters": "letters_team",
    "request_stay_of_removal": "attorney",
    "request_pd_request": "attorney",
    "request_release_request": "attorney",
    "request_opla_pd_request": "attorney",
    "congressional_inquiry": "committee",
    "petition_launch": "committee",
    "call_in": "supporters",
    "press": "press_team",
    "accompaniment": "committee",
    "court_support": "committee",
    "vigil": "committee",
}


def title(row: dict, lang: str) -> str:
    """The task's title, with its letter kind, target or event filled in."""
    values = dict(row["values"])
    if "kind" in values:
        values["kind"] = t(f"campaign.letter_kind.{values['kind']}", lang)
        values["target"] = row["target"]
    if "event" in values:
        values["event"] = t(f"campaign.event.{values['event']}", lang)
    return t(f"campaign.task.{row['key']}", lang, **values)


def owner(row: dict, lang: str) -> str:
    """The role that usually carries the task, in ``lang``."""
    role = OWNERS.get(row["task"]) or OWNERS[row["key"]]
    return t(f"campaign.role.{role}", lang)


def note(row: dict, key_date: date, lang: str, extra: str | None = None) -> str:
    """The task's own caution, if it has one, the person's limits on going public, ``extra``
    (the case's field office or members of Congress), and why it is too late, if it is."""
    notes = []
    own = f"campaign.note.{row['task']}"
    if has(own, lang):
        notes.append(t(own, lang))
    for limit in row.get("limits", ()):
        notes.append(t(f"campaign.note.limit.{limit}", lang))
    if extra:
        notes.append(extra)
    if row["status"] == "too_late":
        notes.append(t("campaign.note.too_late", lang, day=key_date.isoformat()))
    return " ".join(notes)
