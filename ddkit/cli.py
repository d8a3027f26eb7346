"""The ``ddkit`` command line: the same verbs as the notebooks, for the shell.

Each group of verbs lives in a module of :mod:`ddkit.commands` with a ``register(subparsers)``
function; heavy libraries are imported inside the handlers, and only the module of the verb
asked for is imported (:data:`VERBS`), so ``ddkit assess`` starts fast. Bad input exits with
code 2 and a plain message, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

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

# The module that registers each verb. People run `ddkit assess` in scripts over a folder of
# cases: importing and building the other verbs' parsers would cost more than the assessment.
# tests/test_cli_core.py checks this table against what the modules register.
VERBS: dict[str, str] = {
    "assess": "ddkit.commands.core",
    "policies": "ddkit.commands.core",
    "law": "ddkit.commands.core",
    "letter": "ddkit.commands.letters",
    "letters": "ddkit.commands.documents",
    "packet": "ddkit.commands.documents",
    "cases": "ddkit.commands.cases",
    "plan": "ddkit.commands.campaign",
    "offices": "ddkit.commands.campaign",
    "congress": "ddkit.commands.congress",
    "track": "ddkit.commands.track",
    "app": "ddkit.commands.app",
    "org": "ddkit.commands.org",
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser, with every verb; or, when ``argv`` starts with a known verb,
    with that verb's group only (the same parser for those arguments, built faster)."""
    parser = argparse.ArgumentParser(
        prog="ddkit",
        description="Deportation Defense Kit. Not legal advice: work with an immigration attorney.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    wanted = COMMAND_MODULES
    if argv and argv[0] in VERBS:
        wanted = (VERBS[argv[0]],)
    for name in wanted:
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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
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
