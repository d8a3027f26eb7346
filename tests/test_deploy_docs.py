"""The server guides say only what the kit can do: every ``ddkit org`` command they show parses
with the real command line, every repository path and link they give exists, every ``make``
target they name is in the Makefile, every link to a section lands on a heading, and the
coordinators' page says the same things in English and in Spanish.

The guides are prose (``docs/deploy.md``, ``docs/deploy-coordinators.md``); these tests read the
parts of them that drift when the kit changes under them. Each checker is tried on a broken
sample first, so a checker that stopped finding anything would fail too.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import unicodedata
from pathlib import Path

import pytest

from ddkit.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "deploy.md"
COORDINATORS = ROOT / "docs" / "deploy-coordinators.md"
DEPLOY_DOCS = (GUIDE, COORDINATORS)
SPANISH_TITLE = "# El servidor de la organización: para coordinadores"
ORG_VERBS = {"init", "add-user", "remove-user", "users", "assign", "audit"}

FENCE = re.compile(r"^ *```[^\n]*\n(.*?)^ *```", re.M | re.S)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$", re.M)
REPO_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_.*-]+)+/?$")
MAKE = re.compile(r"(?:^|[\s;&|(])make\s+([A-Za-z0-9][\w-]*)")


# ------------------------------------------------------------------ reading a guide


def code_of(text: str) -> list[str]:
    """The code a page shows: each line of its fenced blocks, then each inline code span."""
    lines = [line for block in FENCE.findall(text) for line in block.splitlines()]
    prose = FENCE.sub("", text)
    return lines + INLINE.findall(prose)


def org_commands(text: str) -> list[str]:
    """Every ``ddkit org ...`` command the page shows, from ``ddkit`` to the end of the line."""
    found = []
    for code in code_of(text):
        at = re.search(r"(?:^|[\s/])(ddkit org\b.*)$", code)
        command = at[1].split(" #")[0].strip() if at else ""
        if command and command != "ddkit org":  # "every `ddkit org` command": the group itself
            found.append(command)
    return found


def command_error(command: str) -> str | None:
    """Why the real command line refuses ``command`` (``None`` when it parses)."""
    argv = shlex.split(command)[1:]
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit:
        return err.getvalue().strip().splitlines()[-1] if err.getvalue() else "refused"
    return None if getattr(args, "handler", None) else "no verb"


def repo_paths(text: str) -> list[str]:
    """Relative paths in inline code (``ddkit/org/``, ``tests/test_x.py``): this repository's."""
    prose = FENCE.sub("", text)
    return [span for span in INLINE.findall(prose) if REPO_PATH.match(span)]


def missing_paths(text: str, page: Path) -> list[str]:
    """Repository paths and relative links on ``page`` that do not exist."""
    missing = [p for p in repo_paths(text) if not list(ROOT.glob(p.rstrip("/")))]
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        if not (page.parent / target.split("#")[0]).exists():
            missing.append(target)
    return missing


def make_targets(text: str) -> list[str]:
    return [name for code in code_of(text) for name in MAKE.findall(code)]


def makefile_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z0-9][\w-]*)\s*:(?!=)", makefile, re.M))


def slug(heading: str, seen: dict[str, int]) -> str:
    """The anchor GitHub gives a heading (repeats get ``-1``, ``-2``...)."""
    text = re.sub(r"`", "", heading).strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    base = text.replace(" ", "-")
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def anchors(text: str) -> set[str]:
    seen: dict[str, int] = {}
    return {slug(title, seen) for _, title in HEADING.findall(FENCE.sub("", text))}


def broken_anchors(text: str) -> list[str]:
    have = anchors(text)
    links = [t[1:] for t in LINK.findall(FENCE.sub("", text)) if t.startswith("#")]
    return [link for link in links if link not in have]


def outline(half: str) -> list[tuple[int, int]]:
    """(heading level, how many list items follow it) for each heading of one half."""
    parts = re.split(r"^(#{1,6}) .+$", FENCE.sub("", half), flags=re.M)
    shape = []
    for level, body in zip(parts[1::2], parts[2::2], strict=True):
        items = re.findall(r"^\s*(?:[-*]|\d+\.) ", body, re.M)
        shape.append((len(level), len(items)))
    return shape


def halves(text: str) -> tuple[str, str]:
    at = text.index(SPANISH_TITLE)
    return text[:at], text[at:]


# ------------------------------------------------------------------ the checkers can fail


BROKEN = """
See [the guide](nowhere.md) and [a section](#no-such-heading), the code in `ddkit/no_such.py`.

```sh
ddkit org frobnicate
ddkit org add-user ana --role boss
ddkit org assign only-one-argument
make no-such-target
```

## A heading
"""


def test_the_checkers_catch_a_broken_page():
    assert [command_error(c) is not None for c in org_commands(BROKEN)] == [True, True, True]
    assert missing_paths(BROKEN, GUIDE) == ["ddkit/no_such.py", "nowhere.md"]
    assert [t for t in make_targets(BROKEN) if t not in makefile_targets()] == ["no-such-target"]
    assert broken_anchors(BROKEN) == ["no-such-heading"]
    english = "# A\n## One\n- a\n- b\n## Two\n"
    spanish = "# B\n## Uno\n- a\n## Dos\n"
    assert outline(english) != outline(spanish)


def test_slugs_follow_github():
    seen: dict[str, int] = {}
    assert slug("1. What the server protects, and what it does not", seen) == (
        "1-what-the-server-protects-and-what-it-does-not"
    )
    assert slug("3.8 `ddkit org init`", seen) == "38-ddkit-org-init"
    assert slug("Agendas", seen) == "agendas" and slug("Agendas", seen) == "agendas-1"
    assert slug("El servidor de la organización: para coordinadores", seen) == (
        "el-servidor-de-la-organización-para-coordinadores"
    )


# ------------------------------------------------------------------ the guides


@pytest.fixture(scope="module", params=DEPLOY_DOCS, ids=lambda p: p.name)
def page(request) -> tuple[Path, str]:
    return request.param, request.param.read_text(encoding="utf-8")


def test_every_org_command_in_the_guides_parses_with_the_real_command_line(page):
    _, text = page
    for command in org_commands(text):
        assert command_error(command) is None, f"{command!r}: {command_error(command)}"


def test_the_guide_shows_every_org_verb_and_the_audit_of_one_person():
    commands = org_commands(GUIDE.read_text(encoding="utf-8"))
    assert len(commands) >= 15
    assert {shlex.split(c)[2] for c in commands} >= ORG_VERBS
    assert any(re.match(r"ddkit org init --database-url \S+$", c) for c in commands)
    assert any("audit --user" in c for c in commands)
    roles = {c.split("--role ")[1].split()[0] for c in commands if "--role " in c}
    assert roles == {"volunteer", "coordinator"}


def test_every_repository_path_and_link_in_the_guides_exists(page):
    path, text = page
    assert missing_paths(text, path) == []


def test_the_guide_names_real_files_of_the_kit():
    named = set(repo_paths(GUIDE.read_text(encoding="utf-8")))
    assert {"ddkit/org/policies.py", "ddkit/store/crypto.py", "ddkit/store/schema.py"} <= named


def test_every_make_target_in_the_guides_is_in_the_makefile(page):
    _, text = page
    assert set(make_targets(text)) <= makefile_targets()


def test_every_link_to_a_section_lands_on_a_heading(page):
    _, text = page
    assert broken_anchors(text) == []


def test_the_coordinators_page_has_the_same_sections_in_english_and_spanish():
    english, spanish = halves(COORDINATORS.read_text(encoding="utf-8"))
    assert outline(english) == outline(spanish)
    assert len(outline(english)) >= 8
    assert sum(items for _, items in outline(english)) >= 15


def test_the_guides_are_linked_from_the_readmes():
    for readme in (ROOT / "README.md", ROOT / "docs" / "README.md"):
        links = {Path(t.split("#")[0]).name for t in LINK.findall(readme.read_text("utf-8"))}
        assert {"deploy.md", "deploy-coordinators.md"} <= links, readme


# ------------------------------------------------------------------ the hub's settings


def hub_config(root: Path = ROOT):
    """``deploy/jupyterhub/jupyterhub_config.py`` loaded as JupyterHub would, without a hub."""
    from unittest import mock

    from traitlets.config import Config

    config, path = Config(), root / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    env = {"DDKIT_ORG_ADMIN_URL": "postgresql://rrn_admin@127.0.0.1:5432/rrn"}
    with mock.patch.dict("os.environ", env):
        code = compile(path.read_text(encoding="utf-8"), str(path), "exec")
        exec(code, {"get_config": lambda: config, "__file__": str(path)})  # noqa: S102
    return config


def configured(value, initial=()):
    """A setting's value, whether the file set it or added to the installation's (``append``)."""
    return value.get_value(list(initial)) if hasattr(value, "get_value") else value


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_guide_gives_the_hubs_sign_in_and_culler_settings_as_configured():
    c = hub_config()
    native, text = c.NativeAuthenticator, flat(GUIDE.read_text(encoding="utf-8"))
    assert native.open_signup is False and native.allow_2fa is True
    assert f"at least {native.minimum_password_length} characters" in text
    assert f"after {native.allowed_failed_logins} wrong passwords in a row" in text
    assert f"locked for {native.seconds_before_next_try // 60} minutes" in text
    assert c.JupyterHub.cookie_max_age_days == 1 and "lasts a day at most" in text
    (culler,) = [s for s in configured(c.JupyterHub.services) if s["name"] == "idle-culler"]
    assert "--timeout=3600" in culler["command"] and "nobody used for an hour" in text
    assert set(c.JupyterHub.load_groups) == {"intake", "committee", "admin"}
    assert all(f"`{group}`" in text for group in c.JupyterHub.load_groups)


def test_the_hub_settings_the_guide_sets_are_the_ones_the_hub_reads():
    guide = GUIDE.read_text(encoding="utf-8")
    names = re.findall(r"^Environment=([A-Z_]+)=", guide, re.M)
    assert "DDKIT_ORG_ADMIN_URL" in names and "PGPASSFILE" in names
    hub_side = "".join(
        (ROOT / p).read_text(encoding="utf-8")
        for p in ("ddkit/org/hub.py", "deploy/jupyterhub/jupyterhub_config.py")
    )
    for name in set(names) - {"PGPASSFILE"}:  # PGPASSFILE is the PostgreSQL client's own
        assert f'"{name}"' in hub_side, name
    for line in re.findall(r"^Environment=.*$", guide, re.M):
        assert not re.search(r"://[^@/\s]+:[^@/\s]+@", line), "no password in a unit's Environment="
    readme = flat((ROOT / "deploy" / "jupyterhub" / "README.md").read_text(encoding="utf-8"))
    assert "2 cores, 4 GB of memory for about 20 volunteers" in readme
