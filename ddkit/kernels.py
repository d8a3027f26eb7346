"""Kernels that talk over UNIX sockets in a private folder instead of TCP ports.

Jupyter runs a kernel's five ZeroMQ channels on TCP ports of 127.0.0.1 by default. Every
account on the machine may connect to those, and the output channel (IOPub: everything the
kernel shows, which in the kit's apps is the intake being typed) needs no key to be read; the
key only signs messages. Over UNIX sockets in a 0700 folder only the account that runs the
kernel may connect. This matters wherever two people have accounts on one machine: a shared
laptop, and the organization's hub, where every volunteer is an account of the server.

A socket's path must be short (108 bytes on Linux, 104 on macOS, terminator included), so the
folder is made in the user's runtime folder (``$XDG_RUNTIME_DIR``) or in /tmp, never beside
deeper folders; where it would still be too long, and on Windows (no such sockets), the
kernels use TCP as before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SOCKET_PATH_MAX = 100
# What Jupyter adds to the folder for each socket: ``/kernel-<36-character id>-ipc-N``.
KERNEL_NAMES = len("/kernel-") + 36 + len("-ipc-NN")


def private_sockets_dir(names: int = KERNEL_NAMES) -> Path | None:
    """A new private folder (0700, random name) for sockets whose names below it take up to
    ``names`` characters; ``None`` on Windows or where such a path would be too long."""
    if os.name == "nt":
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    base = runtime if runtime and is_private_dir(Path(runtime)) else "/tmp"  # noqa: S108
    try:
        folder = Path(tempfile.mkdtemp(prefix="ddkit-", dir=base))
    except OSError:
        return None
    if len(str(folder)) + names > SOCKET_PATH_MAX:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return folder


def is_private_dir(path: Path) -> bool:
    """Whether ``path`` is a folder of this account that no other account may enter."""
    try:
        info = path.stat()
    except OSError:
        return False
    return path.is_dir() and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def use_private_sockets(c) -> Path | None:
    """In a Jupyter server's config file (``c = get_config()``): run its kernels over UNIX
    sockets in a new private folder, removed when the server exits. Returns the folder, or
    ``None`` where the kernels stay on TCP (see the module's text).

    The server keeps its kernels' connection files in its runtime folder, which only
    ``JUPYTER_RUNTIME_DIR`` sets; the config file runs before the server first reads it.
    """
    import atexit

    folder = private_sockets_dir()
    if folder is None:
        return None
    os.environ["JUPYTER_RUNTIME_DIR"] = str(folder)
    c.KernelManager.transport = "ipc"
    atexit.register(shutil.rmtree, folder, True)
    return folder
