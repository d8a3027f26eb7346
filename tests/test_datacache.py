"""The validated data kept in the cache folder: the same data, rebuilt whenever it may be stale."""

import os
import pickle
from pathlib import Path

import pytest

from ddkit import datacache, i18n, policy
from ddkit.law import loader


@pytest.fixture
def folder(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("DDKIT_CACHE_DIR", str(path))
    return path


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "fictional.yaml"
    path.write_text("a: 1\n")
    return path


class Counting:
    """A loader that says how often it ran."""

    def __init__(self, path: Path):
        self.path, self.runs = path, 0

    def __call__(self):
        self.runs += 1
        return {"text": self.path.read_text(), "run": self.runs}


def test_a_second_load_reads_the_saved_value_without_building(folder, data):
    build = Counting(data)
    first = datacache.load("x", [data], build)
    second = datacache.load("x", [data], build)
    assert first == second == {"text": "a: 1\n", "run": 1} and build.runs == 1
    saved = folder / "x.pickle"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_changed_data_file_is_read_again_even_with_the_same_size_and_time(folder, data):
    build = Counting(data)
    datacache.load("x", [data], build)
    before = data.stat()
    data.write_text("a: 2\n")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert datacache.load("x", [data], build) == {"text": "a: 2\n", "run": 2}


def test_another_file_list_is_another_key(folder, data, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("a: 1\n")
    build = Counting(data)
    datacache.load("x", [data], build)
    datacache.load("x", [data, other], build)
    assert build.runs == 2


@pytest.mark.parametrize("damage", [b"", b"garbage", "truncated"])
def test_a_corrupt_cache_file_is_rebuilt_and_replaced(folder, data, damage):
    build = Counting(data)
    datacache.load("x", [data], build)
    saved = folder / "x.pickle"
    content = saved.read_bytes()
    saved.write_bytes(content[: len(content) - 5] if damage == "truncated" else damage)
    assert datacache.load("x", [data], build)["run"] == 2
    assert datacache.load("x", [data], build)["run"] == 2  # the rebuilt value was saved


def test_a_cache_file_others_could_write_is_never_unpickled(folder, data):
    build = Counting(data)
    datacache.load("x", [data], build)
    saved = folder / "x.pickle"
    stamp = datacache.FORMAT + datacache.key([data])
    saved.write_bytes(stamp + pickle.dumps("planted"))
    saved.chmod(0o666)
    assert datacache.load("x", [data], build) == {"text": "a: 1\n", "run": 2}
    saved.chmod(0o600)
    saved.write_bytes(stamp + pickle.dumps("planted"))  # the same file, private: it is ours
    assert datacache.load("x", [data], build) == "planted"


def test_a_failing_loader_is_never_cached(folder, data):
    def broken():
        raise ValueError("fictional.yaml: a: broken")

    for _ in range(2):
        with pytest.raises(ValueError, match="broken"):
            datacache.load("x", [data], broken)
    assert not (folder / "x.pickle").exists()


def test_off_or_an_unwritable_folder_only_means_building_each_time(monkeypatch, tmp_path, data):
    build = Counting(data)
    monkeypatch.setenv("DDKIT_CACHE_DIR", "off")
    assert [datacache.load("x", [data], build)["run"] for _ in range(2)] == [1, 2]
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("DDKIT_CACHE_DIR", str(blocker / "cache"))
    assert [datacache.load("x", [data], build)["run"] for _ in range(2)] == [3, 4]


def test_a_missing_data_file_is_left_to_the_loader_to_report(folder, tmp_path):
    missing = tmp_path / "gone.yaml"
    with pytest.raises(FileNotFoundError):
        datacache.load("x", [missing], lambda: missing.read_text())


def test_the_cache_folder_follows_the_system(monkeypatch, tmp_path):
    monkeypatch.delenv("DDKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(datacache.sys, "platform", "linux")
    assert datacache.cache_dir() == tmp_path / "ddkit"


SHIPPED = {
    "catalog-en": lambda: i18n.catalog("en"),
    "catalog-es": lambda: i18n.catalog("es"),
    "policies": policy.policies,
    "timeline": policy.timeline,
    "developments": loader.developments,
    "review": loader.review,
    "circuits": loader.circuits,
    "forms": loader.forms,
}


def _cached_functions():
    return [i18n.catalog, policy.policies, policy.timeline, loader.developments, loader.review,
            loader.circuits, loader.forms]  # fmt: skip


def _classes(value, found: set[type]) -> set[type]:
    found.add(type(value))
    if isinstance(value, dict):
        for item in [*value.keys(), *value.values()]:
            _classes(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _classes(item, found)
    elif hasattr(value, "__dict__"):
        _classes(dict(vars(value)), found)
    return found


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_data_reads_the_same_from_the_cache_and_from_the_files(folder, name):
    def fresh():
        for function in _cached_functions():
            function.cache_clear()
        return SHIPPED[name]()

    try:
        built = fresh()  # validated from the YAML files, and saved
        assert (folder / f"{name}.pickle").exists()
        cached = fresh()  # read back
        assert cached == built and cached is not built
        # Whatever the cache holds is defined by code that is part of the key.
        modules = {c.__module__ for c in _classes(cached, set())} - {"builtins", "datetime"}
        files = {m.removeprefix("ddkit.").replace(".", "/") + ".py" for m in modules}
        assert files <= set(datacache.CODE)
    finally:
        for function in _cached_functions():
            function.cache_clear()
