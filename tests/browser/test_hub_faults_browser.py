"""Faults on the organization server (issue 12 §3): a volunteer's server stopped in the middle
of a save, and the hub restarted. What the page acknowledged must be in PostgreSQL, and
nothing half-saved may be there. Everyone typed here is fictional.
"""

from __future__ import annotations

import pytest

from tests.browser.test_hub_browser import tabs  # noqa: F401 - the fixture itself

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.hub]


def saved_names(world) -> dict[str, str]:
    """Every saved case as the coordinator's role reads it: id -> name (each one opens)."""
    with world.store("cora") as cora:
        return {e.id: e.name for e in cora.case_list() if not e.draft and not e.damaged}


def fill_case(tab, name: str, a_number: str) -> None:
    tab.start_intake()
    tab.fill("person.name", name)
    tab.fill("person.a_number", a_number)
    tab.check("fictional")
    tab.walk_to_review()


def test_stopping_her_server_in_the_middle_of_a_save_loses_no_acknowledged_save(
    tabs,  # noqa: F811
    hub_world,
):
    first, second = "Primera Guardada Ficticia", "Segunda Interrumpida Ficticia"
    tab = tabs("ana")
    fill_case(tab, first, "A000003131")
    tab.button("ui.button.save").click()
    tab.wait_text(tab.text("ui_session.case.dates"))  # acknowledged
    other = tabs("ana")
    fill_case(other, second, "A000003232")
    other.button("ui.button.save").click()
    hub_world.hub.stop_server("ana")  # at once, while the save is on its way
    acknowledged = other.page.get_by_text(other.text("ui_session.case.dates")).count() > 0
    names = saved_names(hub_world)
    assert first in names.values()
    if acknowledged:
        assert second in names.values()
    with hub_world.sql() as admin:  # every stored case is whole: it opened above
        stored = admin.execute("SELECT count(*) FROM cases").fetchone()[0]
    assert stored == len(names)
    again = tabs("ana")  # her server starts afresh; her list holds what was saved
    listed = again.case_list_text()
    assert first in listed and (second in listed) == (second in names.values())


def test_restarting_the_hub_keeps_every_case(tabs, hub_world):  # noqa: F811
    before = saved_names(hub_world)
    hub_world.hub.restart()
    assert saved_names(hub_world) == before
    tab = tabs("ana")
    assert hub_world.names["ana"] in tab.case_list_text()
