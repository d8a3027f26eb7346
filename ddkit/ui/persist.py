"""Saving and loading the intake: drafts, the saved case, resume by id, a new case.

"Saved" shows only after the store has committed the case. Loading a draft or a case replaces
every answer on screen; it never appends to them.
"""

from __future__ import annotations

import uuid
from typing import Any

from ddkit.case import parse_case
from ddkit.i18n import t
from ddkit.ui.inputs import from_case_value, to_case_value
from ddkit.ui.rows import MAX_ROWS, row_specs
from ddkit.ui.steps import REVIEW, STEP_IDS, all_specs


def new_draft_id() -> str:
    """A random id for a draft (it says nothing about the person)."""
    return uuid.uuid4().hex


class SaveAndLoad:
    """The saving and loading half of :class:`~ddkit.ui.intake.IntakeForm`."""

    def save(self, _button=None) -> None:
        """Save the case; say "saved" only once the store has committed it."""
        if self.step != REVIEW or self._saving:  # a disabled button's click still arrives
            return
        problems = self.problems()
        if problems:
            self.ui.show_review(problems)
            self.ui.say(lambda lang: t("ui.status.fix_review", lang))
            return
        case = parse_case(self.answers()[0])
        if self.demo and not case.fictional:
            self.ui.say(lambda lang: t("ui.demo.refused", lang), "error")
            return
        self._saving = True
        self.ui.busy(True)
        try:
            extra = {"case_id": self.case_id} if self.case_id else {}
            case_id = self.store.save(case, idempotency_key=self.draft_id, **extra)
        finally:
            self._saving = False
            self.ui.busy(False)
        self.case_id = case_id
        self.saved.show(case, case_id)
        self.ui.save.disabled = True  # saved: nothing new to save until an answer changes
        self.ui.show_ids()
        from ddkit.store.codes import case_code

        code = case_code(case_id)
        self.ui.say(lambda lang: t("ui.status.saved", lang, id=code), "ok")
        self.store.delete_draft(self.draft_id)

    def load(self, data: dict[str, Any], step: str | None = None) -> None:
        """Show these answers instead of the current ones (loading replaces, never appends).

        Questions of steps not built yet keep their answers aside until they show.
        """
        data = data if isinstance(data, dict) else {}
        self._loading = True
        try:
            self._pending = {}
            for spec in all_specs():
                value = _get(data, spec.path, self._default(spec.path))
                field = self.fields.get(spec.path)
                if field is None:
                    self._pending[spec.path] = normal(spec, value)
                else:
                    field.set_value(value)
            records = data.get("criminal_history")
            records = (
                [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
            )
            if self.rows is None:
                self._pending_rows = [normal_record(r) for r in records[:MAX_ROWS]]
            else:
                self.rows.set_rows(records)
        finally:
            self._loading = False
        self.show_problems([])
        self._apply_visibility()
        self.saved.hide()
        self.go_to(step or STEP_IDS[0])

    def resume(self, text: str) -> None:
        """Open a draft or a saved case by its id, replacing what is on screen."""
        from ddkit.ui.resume import find

        found = find(self.store, text)
        if found is None:
            self.ui.say(lambda lang: t("ui.resume.not_found", lang), "error")
            return
        kind, item_id, data, step = found
        self.load(data, step)
        self.draft_id = item_id if kind == "draft" else new_draft_id()
        self.case_id = item_id if kind == "case" else None
        self.ui.show_ids()
        self.ui.say(lambda lang: t(f"ui.resume.loaded_{kind}", lang), "ok")

    def new_case(self, _button=None) -> None:
        """Start a blank case (the previous one stays saved, or in its draft)."""
        self.load({})
        self.draft_id, self.case_id = new_draft_id(), None
        self.ui.show_ids()
        self.ui.say("")


def normal(spec, value: Any) -> Any:
    """A stored answer as the form would give it back (odd or tampered values become blank)."""
    return to_case_value(spec, from_case_value(spec, value))


def normal_record(record: dict[str, Any]) -> dict[str, Any]:
    """One criminal-history record, each answer normalized, blanks left out."""
    out = {}
    for spec in row_specs():
        value = normal(spec, record.get(spec.name, spec.default))
        if value is not None:
            out[spec.name] = value
    return out


def _get(data: Any, path: str, default: Any) -> Any:
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return default
        data = data[part]
    return data
