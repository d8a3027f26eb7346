"""Helpers for the intake widget tests: stores and a quick way through the wizard.

Every person here is fictional.
"""

from __future__ import annotations

import copy

FICTIONAL_NAME = "Rosa Ejemplo (fictional)"
FICTIONAL_A_NUMBER = "A987654321"
XSS_PAYLOADS = (
    '<img src=x onerror="document.body.dataset.xss=1">',
    "<svg onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "$$\\href{javascript:alert(1)}{x}$$",
    "</script><script>alert(1)</script>",
)


class FakeStore:
    """The store's interface, in memory, recording every call (no practice-only rule)."""

    def __init__(self):
        self.cases, self.drafts, self.keys, self.calls = {}, {}, {}, []

    def save(self, case, idempotency_key=None, case_id=None):
        self.calls.append(("save", idempotency_key, case_id))
        if idempotency_key in self.keys:
            return self.keys[idempotency_key]
        case_id = case_id or f"{len(self.cases) + 1:032x}"
        self.cases[case_id] = case
        self.keys[idempotency_key] = case_id
        return case_id

    def load(self, case_id):
        if case_id not in self.cases:
            raise KeyError("no such id")
        return self.cases[case_id]

    def save_draft(self, draft_id, data, step):
        self.calls.append(("save_draft", draft_id, step))
        self.drafts[draft_id] = (copy.deepcopy(data), step)

    def load_draft(self, draft_id):
        if draft_id not in self.drafts:
            raise KeyError("no such id")
        data, step = self.drafts[draft_id]
        return copy.deepcopy(data), step

    def delete_draft(self, draft_id):
        self.drafts.pop(draft_id, None)


class BrokenStore(FakeStore):
    """A store whose disk fails, with personal data in the error message (DEP-4)."""

    def __init__(self, fail_drafts: bool = False):
        super().__init__()
        self.fail_drafts = fail_drafts

    @staticmethod
    def _fail():
        from sqlalchemy.exc import OperationalError

        raise OperationalError("INSERT", {}, Exception(f"disk I/O error: {FICTIONAL_A_NUMBER}"))

    def save(self, case, idempotency_key=None, case_id=None):
        self._fail()

    def save_draft(self, draft_id, data, step):
        if self.fail_drafts:
            self._fail()
        super().save_draft(draft_id, data, step)


def fill_person(form, name: str = FICTIONAL_NAME, a_number: str = FICTIONAL_A_NUMBER) -> None:
    form.field("person.name").input.value = name
    form.field("person.a_number").input.value = a_number
    form.field("fictional").input.value = True


def walk_to_review(form) -> None:
    """Press Next until the Review step, failing loudly if a step stops the walk."""
    from ddkit.ui.intake import REVIEW

    for _ in range(REVIEW + 1):
        if form.step == REVIEW:
            return
        before = form.step
        form.ui.next.click()
        assert form.step == before + 1, form.ui.status.value
    assert form.step == REVIEW
