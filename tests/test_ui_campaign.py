"""The campaign app, driven as a volunteer would: ``.value =`` and ``.click()``. People are fictional."""

from datetime import date

import pytest

pytest.importorskip("ipywidgets")

from ddkit.campaign.trackers import MemoryTrackerStore  # noqa: E402
from ddkit.ui.campaign import CampaignApp, campaign_app  # noqa: E402


@pytest.fixture
def app():
    return CampaignApp("en", store=MemoryTrackerStore())


def test_the_app_builds_and_offers_the_practice_cases(app):
    assert "02_final_order_mother" in dict(app.practice.options).values()
    assert app.upload is not None
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
    assert "practice case" in app.message.value


def test_the_office_and_the_public_script_follow_the_case(app):
    app.practice.value = "01_detained_father"  # consents to a public campaign
    app.on.value = date(2026, 12, 1)
    app.make.click()
    app.state.value = "CA"
    app.county.value = "Imperial"
    app.show_office()
    assert (
        "San Diego" in app.office_view.value and "Verify before you call" in app.office_view.value
    )
    case = app.cases["01_detained_father"]  # consents to both
    public, congressional = app.script_view.value.replace("-", "").split("———")
    assert case.person.name in public and case.person.a_number[1:] not in public
    assert case.person.a_number[1:] in congressional


def test_typed_text_is_shown_literally(app, tmp_path):
    app.practice.value = "02_final_order_mother"
    app.make.click()
    app.plan.loc[0, "owner"] = "<img src=x onerror=alert(1)>"
    app._show_plan()
    assert "<img" not in app.plan_view.value and "&lt;img" in app.plan_view.value


def test_logging_redraws_the_charts_and_bad_input_gets_a_message(app):
    app.case_id.value = "case-1"
    app.what.value = "call"
    app.count.value = 3
    app.day.value = date(2026, 11, 20)
    app.tabs.selected_index = 2
    app.track_box.children[1].children[2].click()
    assert all(bytes(image.value).startswith(b"\x89PNG") for image in app.charts)
    assert app.store.load("case-1").total("call") == 3
    app.case_id.value = "Ana María"
    app.track_box.children[1].children[2].click()
    assert "case id" in app.message.value and "error id" in app.message.value


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
