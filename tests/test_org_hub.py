"""The hub's pre-spawn hook on its own (ddkit/org/hub.py), without a hub: what a person's
server is given, and the plain refusals. The whole hub is in tests/test_hub.py."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest

from ddkit.org.hub import LANDING, NO_GROUP, NO_ROLE, HubSettings, pre_spawn_hook
from tests.org_helpers import PASSPHRASE, needs_postgres, org_database


def _run(coro):
    """Run the hook's coroutine in a thread of its own: in the parallel run an earlier test
    (Playwright's sync API) may leave this thread's event loop running."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=120)


def spawner(name: str, *groups: str):
    user = SimpleNamespace(name=name, groups=[SimpleNamespace(name=g) for g in groups])
    return SimpleNamespace(user=user, environment={"KEPT": "1"}, default_url="",
                           notebook_dir="", disable_user_config=False)  # fmt: skip


@pytest.fixture(scope="module")
def org(tmp_path_factory):
    from ddkit.org.admin import add_user, init_org

    folder = tmp_path_factory.mktemp("hub-hook")
    key = folder / "master.key"
    key.write_text(PASSPHRASE + "\n")
    key.chmod(0o600)
    with org_database() as url:
        init_org(url, PASSPHRASE)
        add_user(url, "ana", "volunteer")
        add_user(url, "cora", "coordinator")
        yield url, HubSettings(url, key, folder / "workshop", folder / "state")


@needs_postgres
def test_an_intake_volunteer_s_server_gets_her_role_the_key_and_the_intake_app_only(org):
    url, settings = org
    ana = spawner("ana", "intake")
    _run(pre_spawn_hook(ana, settings))
    given = urlsplit(ana.environment["DDKIT_DATABASE_URL"])
    assert unquote(given.username) == url.rsplit("/", 1)[1] + ".ana" and given.password
    assert ana.environment["DDKIT_PASSPHRASE"] == PASSPHRASE and ana.environment["KEPT"] == "1"
    assert ana.default_url == LANDING["intake"] and ana.disable_user_config
    served = sorted(p.name for p in (settings.state / "apps" / "intake").iterdir())
    assert ana.notebook_dir == str(settings.state / "apps" / "intake") and served == [
        "intake.ipynb"
    ]
    again = spawner("ana", "intake")
    _run(pre_spawn_hook(again, settings))  # each start: a new password
    assert urlsplit(again.environment["DDKIT_DATABASE_URL"]).password != given.password


@needs_postgres
def test_a_committee_member_lands_on_the_campaign_app_with_the_workshop(org):
    _, settings = org
    cora = spawner("cora", "committee", "intake")
    _run(pre_spawn_hook(cora, settings))
    assert cora.default_url == LANDING["committee"] and cora.notebook_dir == str(settings.workshop)
    assert not cora.disable_user_config
    assert cora.environment["JUPYTER_CONFIG_PATH"].endswith("server/committee")


@needs_postgres
@pytest.mark.parametrize(("who", "message"), [(("bea", "intake"), NO_ROLE), (("ana",), NO_GROUP)])
def test_no_group_or_no_role_gets_no_server_and_a_plain_message(org, who, message):
    from tornado import web

    _, settings = org
    refused = spawner(*who)
    with pytest.raises(web.HTTPError) as error:
        _run(pre_spawn_hook(refused, settings))
    assert error.value.status_code == 403 and error.value.jupyterhub_message == message
    assert "DDKIT_DATABASE_URL" not in refused.environment
