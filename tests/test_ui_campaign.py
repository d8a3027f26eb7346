"""The campaign app, driven as a volunteer would: ``.value =`` and ``.click()``. People are fictional."""

from datetime import date

import pytest

pytest.importorskip("ipywidgets")

from ddkit.store.memory import MemoryStore  # noqa: E402
from ddkit.ui.campaign import CampaignApp, campaign_app  # noqa: E402
from tests.test_store import PASSPHRASE, fictional_case, open_test_store  # noqa: E402


@pytest.fixture
def app():
    return CampaignApp("en", demo=True)


def test_the_app_builds_and_offers_the_practice_cases(app):
    assert "02_final_order_mother" in dict(app.practice.options).values()
    assert app.upload is None  # demo mode: practice cases only
    assert CampaignApp("en", demo=False).upload is not None
    assert campaign_app("es", demo=True) is not None


def test_making_a_plan_shows_it_with_its_timeline_and_downloads(app):
    app.practice.value = "02_final_order_mother"
    app.on.value = date(2026, 12, 1)
    app.make.click()
    assert "check-in on 2026-12-10" in app.plan_view.value
    assert bytes(app.timeline.value).startswith(b"\x89PNG")
    links = [w.value for w in app.downloads.children]
    assert len(links) == 5 and all("campaign-plan-20261201." in v for v in links)
    assert "Lucía" not in "".join(links[:1])  # file names never hold the name


def test_without_a_case_the_app_says_what_to_do(app):
    app.make.click()
    assert "practice case" in app.marks.lines["practice"].value  # next to the case box


def test_the_office_and_the_public_script_follow_the_case(app):
    app.practice.value = "01_detained_father"  # consents to a public campaign
    app.on.value = date(2026, 12, 1)
    app.make.click()
    assert "Houston" in app.office_view.value  # detained in Harris County: candidates listed
    app.state.value = "CA"
    app.county.value = "Imperial"
    app.show_office()
    assert (
        "San Diego" in app.office_view.value and "Verify before you call" in app.office_view.value
    )
    case = app.cases["01_detained_father"]
    assert case.person.name in app.script_view.value
    assert case.person.a_number[1:] not in app.script_view.value  # the public script


def test_typed_text_is_shown_literally(app, tmp_path):
    app.practice.value = "02_final_order_mother"
    app.make.click()
    app.plan.loc[0, "owner"] = "<img src=x onerror=alert(1)>"
    app._show_plan()
    assert "<img" not in app.plan_view.value and "&lt;img" in app.plan_view.value


def test_in_demo_mode_the_practice_case_keeps_its_trackers_in_memory(app):
    app.practice.value = "02_final_order_mother"
    app.on.value = date(2026, 12, 1)
    app.make.click()
    assert isinstance(app.store, MemoryStore) and app.case_id
    tab = app.tracking
    tab.what.value, tab.count.value, tab.day.value = "call", 3, date(2026, 11, 20)
    tab.caller.value = "Ana Llamadora (fictional)"
    tab.log_button.click()
    assert all(bytes(image.value).startswith(b"\x89PNG") for image in tab.charts)
    assert app.store.tracker(app.case_id).total("call") == 3
    assert tab.caller.value == ""  # a typed name does not stay on screen
    tab.task.value = "legal_consult"
    tab.done_button.click()
    assert app.store.tracker(app.case_id).done("legal_consult")
    assert "Legal consult" in tab.done_view.value
    tab.count.value = 1
    tab.day.value = date(2999, 1, 1)
    tab.log_button.click()
    assert "future" in app.marks.lines["day"].value  # next to the day box


def test_an_intervention_marked_done_on_the_case_page_reads_in_words_in_the_trackers(app):
    from ddkit.i18n import t

    app.practice.value = "02_final_order_mother"
    app.make.click()
    app.store.mark_done(app.case_id, "legal_referral")  # as the case page keeps it
    app.tracking.show()
    assert t("assess.intervention.legal_referral", "en") in app.tracking.done_view.value
    assert "legal_referral" not in app.tracking.done_view.value


def test_a_case_file_has_no_trackers_until_it_is_in_the_store(tmp_path):
    app = CampaignApp("en", demo=False, store=MemoryStore())
    app.practice.value = "02_final_order_mother"
    app.make.click()
    assert app.case_id is None and "choose a case from the store" in app.tracking.which.value
    app.tracking.log_button.click()
    assert "choose a case from the store" in app.message.value


def test_a_stored_case_is_opened_from_the_store_with_its_trackers(tmp_path):
    store = open_test_store(tmp_path / "store.db")
    case_id = store.save(fictional_case(1))
    store.log(case_id, __import__("ddkit.campaign.trackers", fromlist=["x"]).make_entry(
        "signature", 40))  # fmt: skip
    app = CampaignApp("en", demo=False, store=store)
    assert case_id in dict(app.stored.options).values()
    app.stored.value = case_id
    app.make.click()
    assert app.case_id == case_id and app.case == fictional_case(1)
    assert "Petition signatures" not in app.message.value
    assert bytes(app.tracking.charts[2].value).startswith(b"\x89PNG")
    store.close()


def test_the_store_opens_with_the_passphrase_typed_and_forgets_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DDKIT_DATA_DIR", str(tmp_path))
    store = open_test_store(tmp_path / "store.db")
    case_id = store.save(fictional_case(2))
    store.close()
    app = CampaignApp("en", demo=False)
    app.passphrase.value = PASSPHRASE
    app.unlock_box.children[1].click()
    assert app.passphrase.value == "" and case_id in dict(app.stored.options).values()


def test_the_dates_start_from_the_day_the_page_is_shown():
    """A preheated kernel may have built the app the day before (issue 14)."""
    from datetime import date, timedelta

    from ddkit.ui.campaign import campaign_app
    from ddkit.ui.shown import _PENDING, page_shown

    _PENDING.clear()
    campaign_app("en", demo=True)
    (callback,) = _PENDING
    app = callback.__self__
    app.on.value = app.day.value = date.today() - timedelta(days=1)
    page_shown()
    assert app.on.value == app.day.value == date.today()


def shown(widget) -> str:
    """What the page shows: the widget's escaped HTML, read back as text."""
    import html

    return html.unescape(widget.value)


def test_the_congress_tab_asks_to_confirm_a_district_the_zip_code_crosses(app):
    app.practice.value = "01_detained_father"  # ZIP code 77036: TX-7 and TX-9; consents
    app.on.value = date(2026, 12, 1)
    app.make.click()
    tab = app.congress
    assert tab.zip.value == "77036" and tab.district.value is None
    assert [v for _, v in tab.district.options] == [None, "TX-7", "TX-9"]
    assert "confirm the person's district" in shown(tab.view)
    assert {m for _, m in tab.member.options} == {"", "C001056", "C001098"}  # senators only
    tab.district.value = "TX-9"
    assert "Al Green" in shown(tab.view) and "Lizzie Fletcher" not in shown(tab.view)
    assert "snapshot of 2026-06-15" in shown(tab.view)
    tab.member.value = "G000553"
    drafts = shown(tab.drafts)
    assert "Office of Representative Al Green (TX-9)" in drafts  # the email's sender
    assert "calling from the office of Representative Al Green" in drafts  # the script
    assert "202-225-7508" in drafts or "Green" in drafts
    assert "snapshot of 2026-06-15" in drafts


def test_without_consent_the_congress_tab_names_no_office(app):
    app.practice.value = "02_final_order_mother"  # no consent to congressional contact
    app.make.click()
    tab = app.congress
    assert "has not consented" in shown(tab.view) and tab.member.options == (("—", ""),)
    tab.zip.value = "78704"
    tab.find()
    assert "Casar" not in shown(tab.view) and "Casar" not in shown(tab.drafts)


# ------------------------------------------------------------------ marks next to the boxes


def _focus_log(app) -> list[str]:
    focused: list[str] = []
    for name, box in app.marks.boxes.items():
        box.focus = lambda name=name: focused.append(name)
    return focused


def test_without_a_case_the_case_box_is_marked_next_to_it_with_the_focus(app):
    focused = _focus_log(app)
    app.make.click()
    assert app.marks.marked() == ["practice"] and focused == ["practice"]
    line = app.marks.lines["practice"].value
    assert line.startswith("Practice case (fictional): ") and "practice case" in line
    assert "ddkit-invalid" in app.practice._dom_classes
    assert "marked next to its box" in app.message.value and "error id" not in app.message.value
    app.practice.value = "02_final_order_mother"
    app.make.click()  # fixed: the mark and the message go
    assert app.marks.marked() == [] and "marked next to its box" not in app.message.value
    assert "ddkit-invalid" not in app.practice._dom_classes


def test_a_zip_code_that_cannot_be_used_is_marked_next_to_its_box(app):
    app.practice.value = "01_detained_father"  # consents to congressional contact
    app.make.click()
    focused = _focus_log(app)
    app.congress.zip.value = "123"
    app.congress.find_button.click()
    assert app.marks.marked() == ["zip"] and focused == ["zip"]
    assert app.marks.lines["zip"].value.startswith("ZIP code: A ZIP code has 5 digits")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_tracker_entry_that_cannot_be_logged_marks_its_box_in_plain_words(lang):
    from tests.test_ui_words import faults

    app = CampaignApp(lang, demo=True)
    app.practice.value = "02_final_order_mother"
    app.make.click()
    tab = app.tracking
    focused = _focus_log(app)
    tab.task.value = ""  # no task chosen
    tab.done_button.click()
    assert app.marks.marked() == ["task"] and focused == ["task"]
    assert faults(app.marks.lines["task"].value) == []  # the plan's task ids are not shown
    from ddkit.campaign.trackers import MAX_TEXT

    tab.what.value, tab.note.value = "call", "x" * (MAX_TEXT["note"] + 1)
    tab.log_button.click()
    assert app.marks.marked() == ["note"] and focused[-1] == "note"
    assert faults(app.message.value) == [] and faults(app.marks.lines["note"].value) == []
