"""The demo store: the same methods as the real one, kept in memory, practice cases only.

On Binder or another public host (:func:`ddkit.mode.is_demo`) nothing is written to disk and a
case not marked ``fictional: true`` is refused with a plain message (SECURITY.md finding 12).
Everything is gone when the kernel stops.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime

from ddkit.case import Case
from ddkit.store.codes import case_code, matches, parse_code
from ddkit.store.drafts import check_draft_id, encode_draft
from ddkit.store.errors import BadSetting, DemoRefused, UnknownCase
from ddkit.store.listing import CaseEntry, case_entry, draft_entry, find, lookup, with_codes
from ddkit.store.records import CaseSummary, check_case_id, flags_of, month
from ddkit.store.retention import ENV, cutoff, parse_days
from ddkit.store.trackers import MemoryTrackersMixin


class MemoryStore(MemoryTrackersMixin):
    """Practice cases in memory for demo mode; refuses anything not marked fictional."""

    demo = True
    path = None
    retries = 0

    def __init__(self):
        self._cases: dict[str, tuple[Case, datetime, datetime]] = {}
        self._keys: dict[str, str] = {}
        self._drafts: dict[str, bytes] = {}
        self._audit: list[tuple[datetime, str, str]] = []
        self._retention: int | None = None

    def save(self, case: Case, idempotency_key: str | None = None, case_id: str | None = None
             ) -> str:  # fmt: skip
        """Keep a practice case in memory and return its id; a real case is refused."""
        if not isinstance(case, Case):
            raise TypeError("save() expects a Case")
        if not case.fictional:
            raise DemoRefused()
        if idempotency_key in self._keys:  # the same work again: same case, updated if changed
            known = self._keys[idempotency_key]
            if self._cases[known][0] == case:
                return known
            case_id = known
        now = datetime.now(UTC)
        if case_id is not None:
            case_id = check_case_id(case_id)
            if case_id not in self._cases:
                raise UnknownCase.named(case_id)
            created = self._cases[case_id][1]
            self._audit.append((now, case_id, "update"))
        else:
            case_id, created = self._fresh_id(), now
            self._audit.append((now, case_id, "create"))
        self._cases[case_id] = (case.model_copy(deep=True), created, now)
        if idempotency_key:
            self._keys[idempotency_key] = case_id
        return case_id

    def load(self, case_id: str) -> Case:
        """The practice case with this id."""
        case_id = check_case_id(case_id)
        if case_id not in self._cases:
            raise UnknownCase.named(case_id)
        return self._cases[case_id][0].model_copy(deep=True)

    def list(self) -> list[CaseSummary]:
        """Every practice case as a summary, most recently changed first."""
        rows = sorted(self._cases.items(), key=lambda item: (-item[1][2].timestamp(), item[0]))
        return [
            CaseSummary(
                id=case_id,
                created=month(created),
                updated=month(updated),
                stage=case.proceedings.stage,
                detained=case.custody.detained,
                fictional=case.fictional,
                flags=flags_of(case),
            )
            for case_id, (case, created, updated) in rows
        ]

    def _fresh_id(self) -> str:
        """A random id whose code no other practice case has."""
        while True:
            case_id = uuid.uuid4().hex
            if not self.ids_with_code(parse_code(case_code(case_id))):
                return case_id

    def case_list(self, on: date | None = None) -> list[CaseEntry]:
        """Every practice case and draft, with names, most recently changed first."""
        on = on or date.today()
        entries = [
            case_entry(case_id, case, updated, on)
            for case_id, (case, _, updated) in self._cases.items()
        ]
        entries += [draft_entry(i, json.loads(body), on) for i, body in self._drafts.items()]
        return with_codes(entries)

    def ids_with_code(self, signs: str) -> list[str]:
        """The practice cases whose code begins with ``signs``."""
        return sorted(case_id for case_id in self._cases if matches(case_id, signs))

    def find(self, text: str) -> str:
        """The id of the practice case named by its code or full id."""
        return find(self, text)

    def lookup(self, text: str) -> tuple[str, str]:
        """``("case", id)`` or ``("draft", id)`` for a code or an id."""
        return lookup(self, text)

    def withdraw_consent(self, case_id: str, on: date | None = None) -> Case:
        """Take back every consent of a practice case, recorded in the audit log."""
        from ddkit.consent import withdraw

        case_id = check_case_id(case_id)
        case = withdraw(self.load(case_id), on)
        created = self._cases[case_id][1]
        self._cases[case_id] = (case, created, datetime.now(UTC))
        self.record("consent_withdrawn", case_id)
        return case.model_copy(deep=True)

    def delete(self, case_id: str) -> None:
        """Forget one practice case."""
        case_id = check_case_id(case_id)
        if self._cases.pop(case_id, None) is None:
            raise UnknownCase.named(case_id)
        self._forget_keys(case_id)
        self._forget_trackers(case_id)
        self.record("delete", case_id)

    def purge_all(self) -> int:
        """Forget every practice case and draft."""
        ids = list(self._cases)
        for case_id in ids:
            self.delete(case_id)
        self._drafts.clear()
        return len(ids)

    def save_draft(self, draft_id: str, data: dict, step: str) -> None:
        """Keep the answers so far (copied, so later edits on screen do not change them)."""
        self._drafts[check_draft_id(draft_id)] = encode_draft(data, step, datetime.now(UTC))

    def load_draft(self, draft_id: str) -> tuple[dict, str]:
        """The saved answers and step of a draft."""
        if check_draft_id(draft_id) not in self._drafts:
            raise UnknownCase.named(draft_id)
        body = json.loads(self._drafts[draft_id])
        return body["data"], body["step"]

    def delete_draft(self, draft_id: str) -> None:
        """Forget a draft."""
        self._drafts.pop(check_draft_id(draft_id), None)

    def draft_ids(self) -> list[str]:
        """The ids of every draft."""
        return sorted(self._drafts)

    def retention_days(self) -> int | None:
        """The retention period in days (``DDKIT_RETENTION_DAYS`` or the setting)."""
        if os.environ.get(ENV, "").strip():
            return parse_days(os.environ[ENV])
        return self._retention

    def set_retention(self, days: int | None) -> None:
        """Keep practice cases ``days`` days after their last change."""
        self._retention = parse_days(days)

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Forget practice cases and drafts older than the retention period."""
        days = self.retention_days()
        if days is None:
            return []
        limit = cutoff(now, days)
        expired = [cid for cid, (_, _, updated) in self._cases.items() if updated < limit]
        for case_id in expired:
            del self._cases[case_id]
            self._forget_keys(case_id)
            self._forget_trackers(case_id)
            self.record("expire", case_id)
        for draft_id in list(self._drafts):
            if datetime.fromisoformat(json.loads(self._drafts[draft_id])["updated"]) < limit:
                del self._drafts[draft_id]
        return expired

    def audit_log(self) -> list[tuple[datetime, str, str]]:
        """What happened to which practice case and when."""
        return list(self._audit)

    def record(self, action: str, case_id: str = "*") -> None:
        """Add an audit entry."""
        self._audit.append((datetime.now(UTC), case_id, action))

    def verify_passphrase(self, passphrase: str | None) -> None:
        """Demo mode has no passphrase: practice cases only."""

    def checkpoint(self) -> bool:
        """Nothing to fold: nothing is on disk."""
        return True

    def backup(self, path) -> None:
        """Refused: demo mode keeps nothing on disk."""
        raise BadSetting(what="backup")

    def close(self) -> None:
        """Forget everything."""
        self._cases.clear()
        self._drafts.clear()
        self._keys.clear()
        self._tracker_rows().clear()

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _forget_keys(self, case_id: str) -> None:
        for key in [k for k, v in self._keys.items() if v == case_id]:
            del self._keys[key]
