"""Kernels over UNIX sockets in a private folder (ddkit.kernels), as a server's config sets it."""

import os
import stat

import pytest
from traitlets.config import Config

from ddkit import kernels

pytestmark = pytest.mark.skipif(os.name == "nt", reason="no UNIX sockets on Windows: TCP there")


def test_a_servers_config_puts_its_kernels_on_private_sockets(monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", "set-by-the-config")  # restored after the test
    monkeypatch.delenv("JUPYTER_RUNTIME_DIR")
    import atexit

    monkeypatch.setattr(atexit, "register", lambda *args: None)  # the test removes it
    c = Config()
    folder = kernels.use_private_sockets(c)
    try:
        assert c.KernelManager.transport == "ipc"
        assert os.environ["JUPYTER_RUNTIME_DIR"] == str(folder)
        assert kernels.is_private_dir(folder) and stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert len(str(folder)) + kernels.KERNEL_NAMES <= kernels.SOCKET_PATH_MAX
    finally:
        folder.rmdir()


def test_where_a_socket_path_would_be_too_long_the_kernels_stay_on_tcp(monkeypatch, tmp_path):
    deep = tmp_path / ("d" * 120)
    deep.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", "set-by-the-config")  # restored after the test
    monkeypatch.delenv("JUPYTER_RUNTIME_DIR")
    c = Config()
    assert kernels.use_private_sockets(c) is None
    assert "transport" not in c.KernelManager and "JUPYTER_RUNTIME_DIR" not in os.environ
    assert list(deep.iterdir()) == []


def test_a_shared_runtime_folder_is_not_used(monkeypatch, tmp_path):
    shared = tmp_path / "run"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # others may enter: /tmp is used instead
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    folder = kernels.private_sockets_dir()
    try:
        assert str(folder.parent) == "/tmp"
    finally:
        folder.rmdir()
