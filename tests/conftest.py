"""Shared fixtures. Every test runs with a private, empty data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRACTICE_DIR = ROOT / "notebooks" / "practice_cases"


@pytest.fixture(scope="session")
def _session_cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ddkit-cache")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch, _session_cache_dir):
    """Never touch a real user's data directory (or cache folder) from a test."""
    monkeypatch.setenv("DDKIT_DATA_DIR", str(tmp_path / "ddkit-data"))
    monkeypatch.setenv("DDKIT_CACHE_DIR", str(_session_cache_dir))
    for name in ("DDKIT_DATABASE_URL", "DDKIT_DEMO", "DDKIT_PASSPHRASE", "DDKIT_KEY_FILE",
                 "DDKIT_RETENTION_DAYS", "DDKIT_LANG"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def practice_case_files() -> list[Path]:
    return sorted(PRACTICE_DIR.glob("[0-9][0-9]_*.yaml"))


@pytest.fixture(scope="session")
def practice_cases():
    """Every fictional practice case, by file stem."""
    from ddkit.case import load_case

    return {path.stem: load_case(path) for path in practice_case_files()}


@pytest.fixture(scope="session")
def hub_world(tmp_path_factory):
    """The organization server (JupyterHub, the proxy, PostgreSQL) for every ``hub`` test of
    the run: one hub, started once (tests/hub_helpers.py)."""
    from tests.hub_helpers import running_world

    with running_world(tmp_path_factory.mktemp("hub")) as world:
        yield world
