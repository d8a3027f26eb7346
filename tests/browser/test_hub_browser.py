"""Issue 12 in headless Chromium: the organization server, through the hub's own login page.

A real JupyterHub on 127.0.0.1 with the deployment's configuration, configurable-http-proxy and
the organization's store on PostgreSQL (tests/hub_helpers.py). Volunteers ana and bea sign in
to the intake app; coordinator cora to the campaign app and JupyterLab. What each one sees is
decided by PostgreSQL under their own role. Everyone typed here is fictional.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from ddkit.store.codes import case_code
from tests.browser.conftest import IntakePage
from tests.org_helpers import PASSPHRASE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.hub]

HUB_TIMEOUT_MS = 300_000  # a first sign-in starts a server and a kernel on a loaded machine


class HubTab(IntakePage):
    """A browser tab signed in on the hub's login page as ``name``."""

    def __init__(self, browser, world, name: str, *, wait: bool = True):
        super().__init__(browser, world.hub.url + "/hub/login", wait=False)
        self.world, self.name = world, name
        self.page.set_default_timeout(HUB_TIMEOUT_MS)
        sign_in(self.page, name, world.passwords[name])
        if wait:
            self.page.wait_for_url(re.compile(rf"/user/{name}/voila/render/"))

    def goto(self, path: str):
        return self.page.goto(self.world.hub.url + path, wait_until="commit")

    def fetch(self, path: str, method: str = "GET", redirects: int = 0) -> int:
        """The status of a request with this tab's cookies (the signed-in person's)."""
        answer = self.context.request.fetch(
            self.world.hub.url + path, method=method, max_redirects=redirects
        )
        return answer.status

    def case_list_text(self) -> str:
        self.wait_text(self.text("ui_session.cases.heading"))
        self.page.locator(".ddkit-case-row").first.wait_for()
        return self.page.inner_text(".ddkit-cases")


def sign_in(page, name: str, password: str) -> None:
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()


@pytest.fixture
def tabs(browser, hub_world):
    opened: list[HubTab] = []

    def open_tab(name: str, **kwargs) -> HubTab:
        tab = HubTab(browser, hub_world, name, **kwargs)
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.close()


def _cases_of(world, name: str) -> set[str]:
    with world.sql() as admin:
        rows = admin.execute(
            "SELECT id FROM cases WHERE created_by = %s", (f"{_database(world)}.{name}",)
        ).fetchall()
    return {row[0] for row in rows}


def _database(world) -> str:
    return world.url.rsplit("/", 1)[1]


def test_a_volunteer_signs_in_lands_on_the_intake_app_not_lab_and_saves_a_case(tabs, hub_world):
    from ddkit.org.admin import audit

    before = _cases_of(hub_world, "ana")
    tab = tabs("ana")
    assert re.search(r"/user/ana/voila/render/intake\.ipynb", tab.page.url)
    tab.start_intake()
    assert "lab" not in tab.page.url and not tab.page.locator("#jp-main-dock-panel").count()
    tab.fill("person.name", "Hortensia Centro Ficticia")
    tab.fill("person.a_number", "A000001212")
    tab.check("fictional")
    tab.walk_to_review()
    tab.button("ui.button.save").click()
    tab.wait_text(tab.text("ui_session.case.dates"))  # the case page: saved
    (new,) = _cases_of(hub_world, "ana") - before
    with hub_world.sql() as admin:
        row = admin.execute("SELECT updated_by FROM cases WHERE id = %s", (new,)).fetchone()
    assert row[0] == f"{_database(hub_world)}.ana"
    entries = [(e.user, e.action, e.case_id) for e in audit(hub_world.url, PASSPHRASE, case_id=new)]
    assert entries == [("ana", "create", new)]


def test_another_volunteer_sees_no_case_of_hers_in_the_list_nor_by_its_code(tabs, hub_world):
    tab = tabs("bea")
    listed = tab.case_list_text()
    assert hub_world.names["bea"] in listed and hub_world.names["ana"] not in listed
    code = case_code(hub_world.cases["ana"])
    search = tab.page.get_by_label(tab.text("ui_session.cases.search"), exact=True)
    search.fill(code)
    search.press("Enter")
    tab.wait_text(tab.text("ui_session.cases.no_match"))
    assert tab.page.locator(".ddkit-case-row").count() == 0
    search.fill(hub_world.cases["ana"])  # the long id itself finds nothing either
    search.press("Enter")
    tab.wait_text(tab.text("ui_session.cases.no_match"))
    assert hub_world.names["ana"] not in tab.body()


def test_the_coordinator_lands_on_the_campaign_app_sees_both_and_opening_is_audited(
    tabs, hub_world
):
    from ddkit.org.admin import audit

    tab = tabs("cora")
    assert re.search(r"/user/cora/voila/render/apps/campaign\.ipynb", tab.page.url)
    tab.wait_text(tab.text("campaign.app.title"))
    tab.goto("/user/cora/voila/render/apps/intake.ipynb")
    listed = tab.case_list_text()
    assert hub_world.names["ana"] in listed and hub_world.names["bea"] in listed
    tab.page.get_by_role("button", name=re.compile(re.escape(hub_world.names["ana"]))).click()
    tab.wait_text(tab.text("ui_session.case.dates"))
    a_case = hub_world.cases["ana"]
    opened = [(e.user, e.action) for e in audit(hub_world.url, PASSPHRASE, case_id=a_case)]
    assert ("ana", "create") in opened and ("cora", "open") in opened
    with hub_world.sql() as admin:
        log = str(admin.execute("SELECT * FROM audit").fetchall())
    assert hub_world.names["ana"] not in log and hub_world.names["bea"] not in log


def test_each_persons_kernels_talk_over_private_unix_sockets_not_tcp_ports(tabs, hub_world):
    """Every account of the server may connect to a kernel's TCP ports on 127.0.0.1, and its
    output channel needs no key to be read: the kernels use UNIX sockets in a 0700 folder."""
    import psutil

    for name in ("ana", "cora"):  # an intake server and a committee one
        tabs(name).page.locator(".ddkit-form").first.wait_for()
        server = psutil.Process(hub_world.hub.server_pid(name))
        files = [
            Path(line[line.index("-f") + 1])
            for line in (child.cmdline() for child in server.children(recursive=True))
            if "ipykernel_launcher" in " ".join(line) and "-f" in line
        ]
        assert files, f"{name}'s server has no kernel"
        for file in files:
            info = json.loads(file.read_text())
            assert info["transport"] == "ipc", name
            assert stat.S_IMODE(file.parent.stat().st_mode) & 0o077 == 0  # nobody else enters
            assert Path(f"{info['ip']}-{info['iopub_port']}").is_socket()


def test_a_volunteer_is_refused_another_volunteer_s_server(tabs, hub_world):
    hub_world.start_server("ana")
    tab = tabs("bea")
    tab.page.locator(".ddkit-form").first.wait_for()
    for path in ("/user/ana/voila/render/intake.ipynb", "/user/ana/", "/user/ana/api/kernels"):
        assert tab.fetch(path, redirects=10) == 403, path  # the hub's OAuth says no
    answer = tab.goto("/user/ana/voila/render/intake.ipynb")
    tab.page.wait_for_load_state()
    assert answer is not None and "/user/bea/" not in tab.page.url
    assert tab.page.locator(".ddkit-form").count() == 0
    assert hub_world.names["ana"] not in tab.body()


def test_an_intake_volunteer_cannot_reach_lab_terminals_or_files(tabs):
    tab = tabs("ana")
    tab.page.locator(".ddkit-form").first.wait_for()
    base = "/user/ana/"
    for path in ("lab", "tree", "terminals/1", "api/terminals", "notebooks/intake.ipynb",
                 "edit/intake.ipynb"):  # fmt: skip
        assert tab.fetch(base + path) == 404, path
    for path in ("api/contents", "api/contents/intake.ipynb", "api/sessions", "api/nbconvert",
                 "api/config/notebook"):  # fmt: skip
        assert tab.fetch(base + path) == 403, path
    assert tab.fetch(base + "files/intake.ipynb") in (403, 404)
    assert tab.fetch(base + "api/terminals", "POST") in (403, 404)
    assert tab.fetch(base + "api/kernels") == 200  # the app's own kernel: widget messages only


# A raw websocket to the page's own kernel: code first, then a harmless request. The kernel
# answers requests in order, so once the second is answered the first would have been too.
RAW_EXECUTE = """async ([base, marker]) => {
  // The page's own XSRF cookie, sent back as Voilà's own scripts do.
  const xsrf = (document.cookie.match(/(?:^|; )_xsrf=([^;]*)/) || [])[1] || '';
  const listed = await fetch(base + 'api/kernels', {headers: {'X-XSRFToken': xsrf}});
  const kernels = await listed.json();
  if (!Array.isArray(kernels) || !kernels.length)
    throw new Error('no kernel listed: ' + listed.status + ' ' + JSON.stringify(kernels));
  const url = new URL(base + 'api/kernels/' + kernels[0].id + '/channels?session_id=raw',
                      location.href);
  url.protocol = url.protocol.replace('http', 'ws');
  const message = (type, content) => ({
    header: {msg_id: type + '-' + Math.random(), msg_type: type, username: 'raw',
             session: 'raw', date: new Date().toISOString(), version: '5.3'},
    parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []});
  const code = "open(" + JSON.stringify(marker) + ", 'w').write('ran')";
  const socket = new WebSocket(url);
  const seen = [];
  return await new Promise((resolve, reject) => {
    socket.onerror = () => reject(new Error('the websocket failed'));
    socket.onopen = () => {
      socket.send(JSON.stringify(message('execute_request', {code, silent: false,
        store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true})));
      socket.send(JSON.stringify(message('kernel_info_request', {})));
    };
    socket.onmessage = (event) => {
      const type = JSON.parse(event.data).header.msg_type;
      seen.push(type);
      if (type === 'kernel_info_reply') { socket.close(); resolve(seen); }
    };
  });
}"""


def test_code_sent_over_the_kernel_websocket_is_ignored_dep_2(tabs, hub_world, tmp_path):
    marker = tmp_path / "ran"
    tab = tabs("ana")
    tab.page.locator(".ddkit-form").first.wait_for()
    seen = tab.page.evaluate(RAW_EXECUTE, ["/user/ana/", str(marker)])
    assert "kernel_info_reply" in seen  # the channel works
    assert "execute_reply" not in seen and "execute_input" not in seen
    assert not marker.exists()
    assert (
        "execute_request" in hub_world.hub.log_text() and "not allowed" in hub_world.hub.log_text()
    )
