"""Where documents are written: names without the person's name, files private from byte one.

A file name travels: into e-mail attachments, cloud folders, the recent-files list. So it
never holds the person's name, only ``<kind>-<case id>-<date>.<ext>`` (SECURITY.md INP-2).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

from ddkit.errors import UserError
from ddkit.paths import open_private

_UNSAFE_PART = re.compile(r"[^A-Za-z0-9_-]+")


def filename(kind: str, case_id: str, day: date, ext: str) -> str:
    """The file name for a document: kind, case id and date only.

    >>> filename("pd_request", "case-7f3a", date(2026, 12, 1), "pdf")
    'pd_request-case-7f3a-20261201.pdf'
    >>> filename("faith_leader", "../../.bashrc", date(2026, 12, 1), "docx")
    'faith_leader-bashrc-20261201.docx'
    """
    return f"{_part(kind)}-{_part(case_id)}-{day:%Y%m%d}.{_part(ext)}"


def _part(text: str) -> str:
    return _UNSAFE_PART.sub("_", text).strip("_-")[:40] or "case"


@contextmanager
def private_output(path: str | Path) -> Iterator[BinaryIO]:
    """Write a file 0600 through a ``.part`` file, so a failure never leaves half a document.

    Raises :class:`UserError` when the place cannot be written.
    """
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        handle = open_private(part, "wb")
    except OSError:
        raise UserError("documents.cannot_write", file=path.name) from None
    try:
        with handle:
            yield handle
        os.replace(part, path)
    except OSError:
        part.unlink(missing_ok=True)
        raise UserError("documents.cannot_write", file=path.name) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
