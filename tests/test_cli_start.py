"""A cold `ddkit assess` builds only its own verbs and imports nothing heavy (issue 13).

People run the command line in scripts over a folder of cases; each run is a fresh process,
so what it imports is what it costs. These tests check *what* loads, never how long it takes
(the figure is in `make bench`).
"""

import argparse
import importlib
import json
import subprocess
import sys
import textwrap

import pytest

from ddkit import cli

from .conftest import PRACTICE_DIR

# Libraries the assessment never needs: documents, tables, the store, the widgets.
HEAVY = ("jinja2", "docx", "reportlab", "pypdf", "pandas", "numpy", "matplotlib", "sqlalchemy",
         "cryptography", "argon2", "ipywidgets", "IPython", "openpyxl", "xlsxwriter", "icalendar",
         "platformdirs", "tqdm")  # fmt: skip


def registered(module: str) -> dict[str, argparse.ArgumentParser]:
    parser = argparse.ArgumentParser(prog="ddkit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    importlib.import_module(module).register(sub)
    return dict(sub.choices)


def test_the_verb_table_names_the_module_that_registers_each_verb():
    table = {verb: module for module in cli.COMMAND_MODULES for verb in registered(module)}
    assert cli.VERBS == table


def verbs(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("verb", sorted(cli.VERBS))
def test_a_verb_parses_and_helps_the_same_with_only_its_own_group_built(verb):
    full, fast = cli.build_parser(), cli.build_parser([verb, "--help"])
    assert set(verbs(fast)) == set(registered(cli.VERBS[verb])) < set(verbs(full))
    assert verbs(fast)[verb].format_help() == verbs(full)[verb].format_help()
    assert fast.format_usage() == full.format_usage()


def test_an_unknown_verb_still_lists_every_verb(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["asess", "x.yaml"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'asess'" in err
    assert all(f"'{verb}'" in err for verb in cli.VERBS)


COLD = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from ddkit.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(sys.argv[1:])
    print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
    """
)


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
@pytest.mark.parametrize(
    "case",
    ["01_detained_father", "02_final_order_mother", "18_order_in_absentia"],  # filing office too
)
def test_a_cold_assess_imports_no_heavy_library_and_no_other_verb(case, fmt):
    path = PRACTICE_DIR / f"{case}.yaml"
    argv = [sys.executable, "-c", COLD, "assess", str(path), "--format", fmt, "--lang", "es"]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert result["code"] == 0
    modules = set(result["modules"])
    assert not {m for m in modules if m.split(".")[0] in HEAVY}
    commands = {m for m in modules if m.startswith("ddkit.commands.")}
    assert commands == {"ddkit.commands.core", "ddkit.commands.law"}
    assert not {m for m in modules if m.startswith(("ddkit.ui", "ddkit.store", "ddkit.letters"))}
