"""The organization server under load (issue 12 §4), measured side by side in one run.

- Sign-in to the intake app: one volunteer alone, then 20 signing in at once (each a cold
  start: their own server, its kernel, the app), from pressing "Sign in" on the hub's page
  to the app's first screen in Chromium. Median and p95 of the 20 against the one alone;
  the goal is p95 at most 3 times the one alone.
- Memory (RSS) of each volunteer's server with its kernel, once the app shows.
- Saves: 20 volunteers' processes saving cases at once through the store, each as their own
  PostgreSQL role (row-level security, triggers, encryption), against 20 processes making
  plain single-row INSERT transactions of the same size, committed the same way.

Needs ``DDKIT_TEST_POSTGRES_URL`` (a PostgreSQL server's administrator), Chromium and
``make hub-deps``; says "skipped" otherwise. ``DDKIT_BENCH_QUICK=1``: 3 volunteers, 5 saves.
"""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import re
import secrets
import shutil
import statistics
import tempfile
import time
from pathlib import Path

CHROMIUM = Path(os.environ.get("DDKIT_CHROMIUM", "/usr/bin/chromium"))
PASSPHRASE = "bench passphrase, throwaway organization"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip
PAGE_TIMEOUT_MS = 900_000


def libpq(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def run() -> list[tuple[str, str]]:
    from ddkit.org.testhub import CHP

    server = os.environ.get("DDKIT_TEST_POSTGRES_URL")
    why = (
        "no DDKIT_TEST_POSTGRES_URL" if not server else
        f"no configurable-http-proxy at {CHP} (make hub-deps)" if not CHP.exists() else
        f"no Chromium at {CHROMIUM}" if not CHROMIUM.exists() else None
    )  # fmt: skip
    if why:
        return [("hub: sign-in, memory, saves", f"skipped: {why}")]
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    people, saves = (3, 5) if quick else (20, 25)
    folder = Path(tempfile.mkdtemp(prefix="ddkit-bench-hub-"))
    database = "ddkit_bench_" + secrets.token_hex(4)
    url = _create(server, database)
    try:
        names = [f"v{i:02d}" for i in range(people)]
        out = _saves(url, names, saves)
        out += _sign_ins(url, names, folder)
        return out
    finally:
        _drop(server, database)
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the organization


def _create(server: str, database: str) -> str:
    import psycopg

    from ddkit.org.admin import init_org

    with psycopg.connect(libpq(server), autocommit=True) as con:
        con.execute(f"CREATE DATABASE {database}")
    url = server.rsplit("/", 1)[0] + "/" + database
    init_org(url, PASSPHRASE)
    return url


def _drop(server: str, database: str) -> None:
    from ddkit.org.db import drop_practice_database

    drop_practice_database(server, database)


# ---------------------------------------------------------------- saves


def _user_url(url: str, name: str) -> str:
    from ddkit.org.db import url_for

    return url_for(url, f"{url.rsplit('/', 1)[1]}.{name}", None)


def _store_writer(url: str, writer: int, count: int, go, done) -> None:
    from ddkit.store import open_store
    from ddkit.store.stress import practice_case

    store = open_store(url, PASSPHRASE)  # the key derivation happens before the start
    cases = [practice_case(writer, number) for number in range(count)]
    go.wait()
    for number, case in enumerate(cases):
        store.save(case, idempotency_key=f"bench-{writer}-{number}")
    done.put(time.time())  # when the last save was acknowledged
    store.close()


def _raw_writer(url: str, writer: int, count: int, size: int, go, done) -> None:
    import psycopg

    payload = os.urandom(size)
    with psycopg.connect(libpq(url), autocommit=True) as con:
        go.wait()
        for number in range(count):  # one committed transaction per row, as each save is
            con.execute("INSERT INTO raw_saves (writer, number, payload) VALUES (%s, %s, %s)",
                        (writer, number, payload))  # fmt: skip
        done.put(time.time())


def _race(target, args_of, people: int, count: int) -> float:
    """Start ``people`` writer processes of ``count`` saves each, release them together;
    saves per second until the last one was acknowledged."""
    context = multiprocessing.get_context("fork")  # before any browser or hub is started
    go, done = context.Event(), context.Queue()
    procs = [context.Process(target=target, args=(*args_of(i), go, done)) for i in range(people)]
    for proc in procs:
        proc.start()
    time.sleep(3 if people < 10 else 10)  # every writer has opened its store
    start = time.time()
    go.set()
    for proc in procs:
        proc.join(timeout=1800)
    if any(proc.exitcode != 0 for proc in procs):
        raise RuntimeError("a writer failed (its error is above)")
    finished = [done.get(timeout=10) for _ in procs]
    return people * count / (max(finished) - start)


def _saves(url: str, names: list[str], count: int) -> list[tuple[str, str]]:
    import psycopg

    from ddkit.org.admin import add_user

    for name in names:
        add_user(url, name, "volunteer")
    kit = _race(_store_writer, lambda i: (_user_url(url, names[i]), i, count), len(names), count)
    with psycopg.connect(libpq(url), autocommit=True) as con:
        size = con.execute("SELECT avg(pg_column_size(c.*))::int FROM cases c").fetchone()[0]
        stored = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        con.execute("CREATE TABLE raw_saves (id bigserial PRIMARY KEY, writer int, number int,"
                    " payload bytea)")  # fmt: skip
    if stored != len(names) * count:
        raise RuntimeError(f"{stored} cases stored of {len(names) * count} saved")
    raw = _race(_raw_writer, lambda i: (url, i, count, size), len(names), count)
    return [
        (
            f"saves, {len(names)} volunteers at once",
            f"{kit:.0f}/s under their own roles vs {raw:.0f}/s raw INSERTs of {size} bytes"
            f" (ratio {kit / raw:.2f})",
        )
    ]


# ---------------------------------------------------------------- sign-in and memory


def _sign_ins(url: str, names: list[str], folder: Path) -> list[tuple[str, str]]:
    from ddkit.org.testhub import ADMIN, LocalHub

    key = folder / "master.key"
    key.write_text(PASSPHRASE + "\n", encoding="utf-8")
    key.chmod(0o600)
    passwords = {name: f"{name} bench password {secrets.token_hex(4)}" for name in names}
    hub = LocalHub(folder / "hub", url, key, groups={"intake": []}).start()
    try:
        admin_password = secrets.token_urlsafe(16)
        hub.sign_up(ADMIN, admin_password)
        admin = hub.admin_session(admin_password)
        for name in names:
            hub.add_person(admin, name, passwords[name], "intake", None)  # roles made above
        alone, crowd, memory = asyncio.run(_browse(hub, names, passwords))
    finally:
        hub.stop()
    median = statistics.median(crowd)
    p95 = sorted(crowd)[math.ceil(0.95 * len(crowd)) - 1]
    return [
        (f"first screen, {len(names)} signing in at once",
         f"median {median:.1f} s, p95 {p95:.1f} s vs {alone:.1f} s alone"
         f" (p95 ratio {p95 / alone:.1f}; goal <= 3)"),
        ("memory of a volunteer's server + kernel",
         f"median {statistics.median(memory):.0f} MiB, max {max(memory):.0f} MiB RSS"),
    ]  # fmt: skip


async def _browse(hub, names: list[str], passwords: dict[str, str]):
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            alone, _ = await _sign_in(browser, hub, names[0], passwords[names[0]])
            await asyncio.to_thread(hub.stop_server, names[0])  # everyone starts cold below
            crowd = await asyncio.gather(
                *(_sign_in(browser, hub, name, passwords[name]) for name in names)
            )
        finally:
            await browser.close()
    return alone, [seconds for seconds, _ in crowd], [memory for _, memory in crowd]


async def _sign_in(browser, hub, name: str, password: str) -> tuple[float, float]:
    """Seconds from pressing "Sign in" to the intake app's first screen, and the memory of
    that person's server then (with the page open, so with the app's kernel)."""
    from ddkit.i18n import t
    from ddkit.ui.fields import field_label

    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.route(re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])"),
                        lambda route: route.abort())  # fmt: skip
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        await page.goto(hub.url + "/hub/login")
        await page.locator("#username_input").fill(name)
        await page.locator("#password_input").fill(password)
        start = time.perf_counter()
        await page.locator("#login_submit").click()
        first = page.get_by_label(field_label("person.name", "en"), exact=True).or_(
            page.get_by_role("button", name=t("ui_session.cases.new", "en"), exact=True)
        )
        await first.first.wait_for()
        seconds = time.perf_counter() - start
        return seconds, await asyncio.to_thread(_server_memory, hub, name)
    finally:
        await context.close()


def _server_memory(hub, name: str) -> float:
    """RSS of ``name``'s server and everything it started (the app's kernel), in MiB."""
    import psutil

    pid = hub.server_pid(name)
    if pid is None:
        return float("nan")
    server = psutil.Process(pid)
    processes = [server, *server.children(recursive=True)]
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20
