"""Where documents are written: names without the person's name, files private from byte one.

A file name travels: into e-mail attachments, cloud folders, the recent-files list. So it
never holds the person's name, only ``<kind>-<case id>-<date>.<ext>`` (SECURITY.md INP-2).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ddkit.errors import UserError
from ddkit.letters.naming import letter_filename
from ddkit.paths import open_private

# One naming rule for every document the kit writes; the letters engine owns it.
filename = letter_filename


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
