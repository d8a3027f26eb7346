"""The app after unlocking, in plain pytest: my cases, the case page, the lock.

Widgets are driven with ``.value =`` and ``.click()``; what the browser would hold is read
from the kernel's own widget registry. Every person here is fictional.
"""

from __future__ import annotations

import base64
import io
import json
import re
from datetime import date

import pypdf
import pytest

from ddkit.case import parse_case
from ddkit.store.codes import case_code
from ddkit.store.memory import MemoryStore
from ddkit.ui.session import Session, live_widgets
from tests.ui_helpers import XSS_PAYLOADS, fill_person, walk_to_review

NAME = "Rosa Inventada Núñez (fictional)"  # not plain ASCII: the state is read as typed
A_NUMBER = "A000000303"


def fictional(n: int = 1, **changes):
    data = {
        "fictional": True,
        "person": {"name": f"{NAME} {n}", "a_number": f"A00000030{n}"},
        "custody": {"detained": True, "state": "TX"},
        "proceedings": {"stage": "in_proceedings", "next_hearing": "2027-01-12"},
        "equities": {"us_citizen_children": 2, "community_ties": "Choir."},
        "consent": {"public_campaign": True, "congressional_contact": True},
    }
    data.update(changes)
    return parse_case(data)


@pytest.fixture
def store():
    return MemoryStore()


@pytest.fixture
def locked():
    return []


@pytest.fixture
def session(store, locked):
    BEFORE.clear()
    BEFORE.update(live_widgets())
    made = Session(store, "en", demo=True, on_lock=lambda: locked.append(True), seconds=None)
    yield made
    if not made.locked:
        made.lock()


BEFORE: set[str] = set()  # widgets other tests left behind in this process


def state_text() -> str:
    """Everything the browser could hold of this test: the state of every live widget made
    since the test began, as text."""
    made = [w for key, w in list(live_widgets().items()) if key not in BEFORE]
    return json.dumps([w.get_state() for w in made], default=str, ensure_ascii=False)


def tree(widget):
    """A widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from tree(child)


def rows(session):
    return list(session.cases.rows.children)


def download(holder) -> bytes:
    markup = holder.children[0].value
    return base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", markup).group(1))


def test_the_list_shows_every_case_and_draft_with_its_code_and_opens_one_with_a_click(
    session, store
):
    ids = [store.save(fictional(n)) for n in (1, 2)]
    store.save_draft("d1", {"person": {"name": "Borrador (fictional)"}}, "custody")
    session.start()
    assert session.screen == "list"
    lines = [r.description for r in rows(session)]
    assert len(lines) == 3
    for n, case_id in enumerate(ids, start=1):
        assert any(f"{NAME} {n}" in line and case_code(case_id) in line for line in lines)
    assert not any(re.search(r"[0-9a-f]{32}", line) for line in lines)  # no long id
    target = next(r for r in rows(session) if f"{NAME} 2" in r.description)
    target.click()
    assert session.screen == "case" and session.page.case_id == ids[1]
    assert case_code(ids[1]) in session.page.head.value


def test_search_keeps_only_the_lines_that_match_and_closes_the_others(session, store):
    for n in (1, 2, 3):
        store.save(fictional(n))
    session.start()
    session.cases.search.value = f"{NAME} 2"
    assert [r.description.split(" · ")[0] for r in rows(session)] == [f"{NAME} 2"]
    text = state_text()
    assert f"{NAME} 2" in text and f"{NAME} 1" not in text and f"{NAME} 3" not in text
    code = case_code(store.case_list()[0].id)
    session.cases.search.value = code.lower().replace("-", "")
    assert len(rows(session)) == 1 and code in rows(session)[0].description


def test_an_empty_store_starts_with_the_wizard(session):
    session.start()
    assert session.screen == "wizard" and session.form is not None


def test_a_whole_intake_ends_on_the_case_page_then_edit_answers_updates_the_same_case(
    session, store
):
    session.start()
    form = session.form
    fill_person(form, NAME, A_NUMBER)
    walk_to_review(form)
    form.ui.save.click()
    assert session.screen == "case"
    assert all(w.comm is not None for w in tree(session.widget))  # all still live in the page
    case_id = session.page.case_id
    assert store.load(case_id).person.name == NAME
    assert case_code(case_id) in session.page.head.value
    assert "32" not in session.message.value
    session.page.edit_button.click()
    assert session.screen == "wizard" and session.form.case_id == case_id
    session.form.field("person.name").input.value = NAME + " B"
    walk_to_review(session.form)
    session.form.ui.save.click()
    assert session.page.case_id == case_id and len(store.list()) == 1
    assert store.load(case_id).person.name == NAME + " B"


def test_a_draft_opens_in_the_wizard_at_its_step(session, store):
    store.save_draft("d1", {"person": {"name": "Borrador (fictional)"}}, "custody")
    session.start()
    rows(session)[0].click()
    assert session.screen == "wizard" and session.form.step == 1
    assert session.form.field("person.name").input.value == "Borrador (fictional)"


def test_the_case_page_lists_dates_next_steps_flags_and_only_the_letters_allowed(session, store):
    from ddkit.assess import assess
    from ddkit.letters.allowed import kinds_for

    case = fictional(1, consent={"public_campaign": False})
    case_id = store.save(case)
    session.start()
    rows(session)[0].click()
    page = session.page
    assert "January 12, 2027" in page.dates.value
    assessment = assess(case)
    text = " ".join(w.value for w in page.steps.children if hasattr(w, "value") and
                    isinstance(w.value, str))  # fmt: skip
    for intervention in assessment.interventions:
        from ddkit.i18n import t
        from ddkit.ui.safe import safe_html

        assert safe_html(t(f"assess.intervention.{intervention.id}", "en")) in text
    allowed = kinds_for(case, assessment)
    assert "mass_personal" not in allowed
    assert {v for _, v in page.letters.kind.options} == set(allowed)
    page.letters.kind.value = allowed[0]
    assert case_id == page.case_id


def test_the_calendar_and_the_summary_are_named_by_the_code_and_the_summary_has_no_a_number(
    session, store
):
    case_id = store.save(fictional(1))
    session.start()
    rows(session)[0].click()
    page = session.page
    page.ics_button.click()
    ics = download(page.ics_link).decode()
    assert "BEGIN:VEVENT" in ics and case_code(case_id) in ics and NAME not in ics
    page.summary_lang.value = "es"
    page.summary_button.click()
    assert f"summary-{case_code(case_id)}-" in page.summary_link.children[0].value
    text = pypdf.PdfReader(io.BytesIO(download(page.summary_link))).pages[0].extract_text()
    assert "Resumen del caso" in text and "A000-000-301" not in text and NAME not in text
    page.identifiers.value = True
    page.summary_button.click()
    text = pypdf.PdfReader(io.BytesIO(download(page.summary_link))).pages[0].extract_text()
    assert "A000-000-301" in text
    assert [a for _, _, a in store.audit_log()][-2:] == ["summary", "summary_ids"]


def test_withdrawing_consent_is_one_press_audited_and_the_plan_loses_its_public_tasks(
    session, store
):
    from ddkit.assess import assess
    from ddkit.campaign.plan import plan

    case_id = store.save(fictional(1))
    session.start()
    rows(session)[0].click()
    assert session.page.withdraw_button.layout.display == ""
    session.page.withdraw_button.click()
    case = store.load(case_id)
    assert not case.consent.public_campaign and case.consent.withdrawn_on == date.today()
    assert store.audit_log()[-1][1:] == (case_id, "consent_withdrawn")
    assert not plan(case, assess(case))["public"].any()
    assert session.page.withdraw_button.layout.display == "none"
    assert "mass_personal" not in session.page.kinds


def test_marking_an_intervention_done_is_kept_by_the_store(session, store):
    case_id = store.save(fictional(1))
    session.start()
    rows(session)[0].click()
    first, box = next(iter(session.page.done_boxes.items()))
    box.value = True
    assert store.tracker(case_id).done(first)  # kept by case id and intervention id
    session.show_list()
    rows(session)[0].click()
    assert session.page.done_boxes[first].value is True
    session.page.done_boxes[first].value = False
    assert not store.tracker(case_id).done(first)


def test_locking_closes_every_widget_of_the_session_and_the_store(session, store, locked):
    case_id = store.save(fictional(1))
    session.start()
    rows(session)[0].click()
    session.page.summary_button.click()
    session.page.edit_button.click()
    assert NAME in state_text()
    before = len(live_widgets())
    session.lock_button.click()
    assert locked == [True] and session.store is None
    assert NAME not in state_text() and "A000000301" not in state_text()
    assert "base64" not in state_text() and case_code(case_id) not in state_text()
    assert len(live_widgets()) < before
    session.lock_button.click()  # a click from before the lock: nothing happens
    assert locked == [True]


def test_the_idle_lock_locks_after_the_time_without_input():
    from ddkit.ui.lock import IdleLock

    now = [0.0]
    fired = []
    idle = IdleLock(600, lambda: fired.append(True), clock=lambda: now[0])
    idle.start()
    now[0] = 599
    assert not idle.check()
    idle.touch()
    now[0] = 1198
    assert not idle.check()
    now[0] = 1199.5
    assert idle.check() and fired == [True]
    assert not idle.check()  # once


def test_every_session_callback_counts_as_input(store):
    s = Session(store, "en", demo=True, seconds=600)
    s.idle.last = -1000.0
    s.cases.search.value = "x"
    assert s.idle.idle_for() < 5
    s.lock()


def test_the_minutes_idle_count_from_the_end_of_a_slow_step(store):
    """A case page that takes long to build (a loaded laptop) is not time spent idle."""
    now = [0.0]
    s = Session(store, "en", demo=True, seconds=60)
    s.idle.clock = lambda: now[0]
    s.idle.touch()
    store.save(fictional(1))
    s.start()
    slow = s.open_item

    def open_slowly(kind, item_id):
        now[0] += 90  # longer than the idle time, while the kernel works
        slow(kind, item_id)

    s.cases._open = open_slowly
    rows(s)[0].click()
    assert s.screen == "case"
    assert not s.idle.check() and not s.locked  # the volunteer has just seen the page
    now[0] += 61
    assert s.idle.check() and s.locked


@pytest.mark.parametrize("payload", XSS_PAYLOADS[:4])
def test_a_name_with_markup_is_shown_as_text_in_the_list_and_on_the_page(session, store, payload):
    store.save(fictional(1, person={"name": payload}))
    session.start()
    assert rows(session)[0].description.startswith(payload)
    rows(session)[0].click()
    assert payload not in session.page.head.value
    assert "&lt;" in session.page.head.value


def test_the_plan_on_the_case_page_loses_its_public_tasks_when_consent_is_withdrawn(session, store):
    from ddkit.i18n import t

    store.save(fictional(1))
    session.start()
    rows(session)[0].click()
    public = t("ui_session.case.public_task", "en")
    assert public in session.page.plan.value
    session.page.withdraw_button.click()
    assert public not in session.page.plan.value
    assert t("ui_session.case.no_public", "en").split(":")[0] in session.page.plan.value


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_consent_step_explains_before_it_asks_with_the_visibility_caution(lang):
    from ddkit.consent import visibility_cautions
    from ddkit.i18n import t
    from ddkit.ui.intake import IntakeForm
    from ddkit.ui.safe import safe_html
    from ddkit.ui.steps import step_index
    from tests.ui_helpers import FakeStore

    form = IntakeForm(FakeStore(), lang=lang, demo=False)
    form.go_to("consent")
    shown = form.talk.widget.value
    for part in ("public", "congress", "who", "limits", "withdraw"):
        assert safe_html(t(f"ui_session.consent.{part}", lang)) in shown
    cautions = visibility_cautions(parse_case({"person": {"name": "-"}}))
    assert cautions and all(safe_html(c[lang]) in shown for c in cautions)
    other = "es" if lang == "en" else "en"
    form.set_lang(other)
    assert safe_html(t("ui_session.consent.withdraw", other)) in form.talk.widget.value
    assert form.step == step_index("consent")


def test_done_marks_are_kept_by_the_encrypted_store_across_a_lock_and_show_in_the_plan(tmp_path):
    from ddkit.i18n import t
    from ddkit.store import open_store
    from ddkit.store.crypto import KdfParams

    path, secret = tmp_path / "cases.db", "practice passphrase for tests only"
    kdf = KdfParams(time_cost=1, memory_kib=8192, parallelism=1)
    case_id = open_store(path, secret, kdf=kdf, demo=False).save(fictional(1))
    first = Session(open_store(path, secret, demo=False), "en", seconds=None)
    first.start()
    rows(first)[0].click()
    done = t("ui_session.case.task_done", "en")
    assert done not in first.page.plan.value
    first.page.done_boxes["court_support"].value = True  # an intervention and a plan task
    assert f"{t('campaign.task.court_support', 'en')} {done}" in first.page.plan.value
    first.lock()  # the store closed with its keys
    again = Session(open_store(path, secret, demo=False), "es", seconds=None)
    again.start()
    rows(again)[0].click()
    assert again.page.case_id == case_id
    ticked = {i for i, box in again.page.done_boxes.items() if box.value is True}
    assert ticked == {"court_support"}
    assert t("ui_session.case.task_done", "es") in again.page.plan.value
    assert again.store.tracker(case_id).done("court_support")
    again.lock()


def test_the_limits_the_person_set_follow_the_plan_and_the_mass_letter_on_the_case_page(
    session, store
):
    from ddkit.i18n import t
    from ddkit.ui.safe import safe_html

    consent = {"public_campaign": True, "congressional_contact": True,
               "limits": ["first_name_only", "no_photos", "no_press"]}  # fmt: skip
    store.save(fictional(1, person={"name": "Rosa Inventada Núñez"}, consent=consent))
    session.start()
    rows(session)[0].click()
    page = session.page
    for limit in consent["limits"]:
        assert safe_html(t(f"campaign.note.limit.{limit}", "en")) in page.plan.value
    assert t("campaign.task.press", "en") not in page.plan.value  # no press task at all
    letters = page.letters
    letters.kind.value = "mass_personal"
    signer = {"name": "Łukasz Nowak (fictional)", "city": "Chicago", "state": "IL"}
    for key, value in signer.items():
        letters.signer[key].value = value
    letters.buttons["pdf"].click()
    text = pypdf.PdfReader(io.BytesIO(download(letters.link))).pages[0].extract_text()
    assert "Rosa" in text and "Inventada" not in text and "Núñez" not in text


def test_the_letters_offered_are_only_those_the_assessment_and_consent_allow_with_signers(
    session, store
):
    """Not detained, in court, no order: ICE is not pursuing her, so no discretion request;
    no consent to congressional contact, so no congressional letters."""
    from ddkit.i18n import t
    from ddkit.letters.kinds import kind_info
    from ddkit.ui.safe import safe_html

    store.save(parse_case({
        "fictional": True, "person": {"name": "Ana Inventada (fictional)"},
        "proceedings": {"stage": "in_proceedings", "next_hearing": "2027-01-12"},
        "equities": {"us_citizen_children": 2, "community_ties": "Choir."},
        "consent": {"public_campaign": True, "congressional_contact": False},
    }))  # fmt: skip
    session.start()
    rows(session)[0].click()
    page = session.page
    offered = {v for _, v in page.letters.kind.options}
    assert offered == set(page.kinds) and {"family_member", "mass_personal"} <= offered
    assert "pd_request" not in offered
    assert not {"congressional_email", "congressional_call_script"} & offered
    for kind in page.kinds:
        info = kind_info(kind, "en")
        assert safe_html(t("ui_session.case.signed_by", "en", who=info.signed_by)) in (
            page.letter_kinds.value
        )
    assert safe_html(t("letters.signer.relationship.label", "en")) in page.letter_kinds.value


def test_a_letter_prepared_on_the_case_page_leaves_the_browser_with_the_page(session, store):
    store.save(fictional(1))
    session.start()
    rows(session)[0].click()
    letters = session.page.letters
    letters.kind.value = "mass_personal"
    signer = {"name": "Łukasz Nowak (fictional)", "city": "Chicago", "state": "IL"}
    for key, value in signer.items():
        letters.signer[key].value = value
    letters.buttons["pdf"].click()
    letters.buttons["docx"].click()  # the first file is replaced, and closed
    assert state_text().count("base64,") == 1
    session.show_list()
    assert "base64" not in state_text() and "Łukasz" not in state_text()
