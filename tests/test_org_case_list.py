"""My cases on an organization's server: the list holds only the cases that user may open.

The list goes through the store under the signed-in user's own PostgreSQL role, so row-level
security decides what comes back (issue 11 with issue 12). Every person here is fictional.
"""

from __future__ import annotations

import json

import pytest

from ddkit.store import UnknownCase
from ddkit.store.codes import case_code
from tests.org_helpers import needs_postgres
from tests.test_org_postgres import org  # noqa: F401 - the organization, as a fixture

pytestmark = needs_postgres


def test_each_user_s_list_and_codes_reach_only_the_cases_they_may_open(org):  # noqa: F811
    ids, stores, names = org["ids"], org["stores"], org["names"]
    ana = {e.id: e.name for e in stores["ana"].case_list() if not e.draft}
    bea = {e.id: e.name for e in stores["bea"].case_list() if not e.draft}
    cora = {e.id: e.name for e in stores["cora"].case_list() if not e.draft}
    assert ana == {ids["ana"]: names["ana"]} and bea == {ids["bea"]: names["bea"]}
    assert {ids["ana"], ids["bea"]} <= set(cora)
    with pytest.raises(UnknownCase):
        stores["bea"].find(case_code(ids["ana"]))  # a code names nothing one may not open
    assert stores["cora"].find(case_code(ids["ana"])) == ids["ana"]


def test_the_app_s_list_for_a_volunteer_holds_no_other_case_in_its_widget_state(org):  # noqa: F811
    from ddkit.ui.session import Session, live_widgets

    before = set(live_widgets())
    session = Session(org["stores"]["bea"], "en", seconds=None)
    session.start()
    made = [w for key, w in list(live_widgets().items()) if key not in before]
    state = json.dumps([w.get_state() for w in made], default=str, ensure_ascii=False)
    assert org["names"]["bea"] in state and org["names"]["ana"] not in state
    assert case_code(org["ids"]["ana"]) not in state
    session.body.children = []  # the shared store stays open for the other tests
    session.locked = True
