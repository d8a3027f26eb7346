"""The ``ddkit`` command line: the same verbs as the notebooks, for the shell.

Each group of verbs lives in a module of :mod:`ddkit.commands` with a ``register(subparsers)``
function; heavy libraries are imported inside the handlers, so ``ddkit assess`` starts fast.
Bad input exits with code 2 and a plain message, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ddkit.errors import UserError

COMMAND_MODULES: tuple[str, ...] = (
    "ddkit.commands.core",
    "ddkit.commands.letters",
    "ddkit.commands.documents",
    "ddkit.commands.cases",
    "ddkit.commands.campaign",
    "ddkit.commands.congress",
    "ddkit.commands.track",
    "ddkit.commands.app",
    "ddkit.commands.org",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ddkit",
        description="Deportation Defense Kit. Not legal advice: work with an immigration attorney.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a group of verbs not built yet
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(
            exc.message(getattr(args, "lang", None) or os.environ.get("DDKIT_LANG")),
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
