"""Progress of long jobs (a packet of 10,000 letters): a bar on the terminal or in a notebook.

The work code only talks to a :class:`Progress`; the command line plugs in a tqdm bar, the
notebooks plug in an ipywidgets bar from :mod:`ddkit.ui.progress` (the only layer that may
import ipywidgets), and tests and libraries get :class:`NoProgress`.
"""

from __future__ import annotations

import sys
from typing import Protocol


class Progress(Protocol):
    """Something that shows how far a job has come."""

    def start(self, total: int, label: str = "") -> None:
        """A job of ``total`` steps begins."""

    def advance(self, count: int = 1) -> None:
        """``count`` more steps are done."""

    def finish(self) -> None:
        """The job is over (done or stopped)."""


class NoProgress:
    """Shows nothing.

    >>> bar = NoProgress(); bar.start(3); bar.advance(); bar.finish()
    """

    def start(self, total: int, label: str = "") -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


class TerminalProgress:
    """A tqdm bar on standard error; hidden when standard error is not a terminal."""

    def __init__(self, stream=None, unit: str = "letter"):
        self.stream = stream or sys.stderr
        self.unit = unit
        self.bar = None

    def start(self, total: int, label: str = "") -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=total,
            desc=label or None,
            unit=self.unit,
            file=self.stream,
            disable=None,  # None: off when not a terminal, so logs and pipes stay clean
            mininterval=0.25,
            leave=False,
        )

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
