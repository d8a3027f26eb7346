"""The facilitator guide agrees with the workshop: its agendas with the modules' own times, and
its answer keys with what the kit's assessment now says for each practice case.

The guide is prose for a trainer, in English and in Spanish; these tests read the parts of it
that can drift: the agenda tables and the flags each answer key names.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from ddkit.assess import assess
from ddkit.devtools import SRC, notebook_sources
from ddkit.i18n import catalog

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
SPANISH_AT = GUIDE.index("# Guía de facilitación (en español)")
HALVES = {"en": GUIDE[:SPANISH_AT], "es": GUIDE[SPANISH_AT:]}
AGENDAS = {"en": ("### Three hours", "### Six hours"), "es": ("### Tres horas", "### Seis horas")}
MODULES_HEAD = {"en": "## Module by module", "es": "## Módulo por módulo"}
ASSESSED_ON = date(2026, 12, 1)  # the date the guide's answer keys are for
# The title of a module gives its minutes in each agenda, in each language.
TIME = {
    "en": re.compile(r"\*\*Time:\*\* (\d+) minutes \(3-hour workshop\) or (\d+) minutes"),
    "es": re.compile(r"\*\*Tiempo:\*\* (\d+) minutos \(taller de 3 horas\) o (\d+) minutos"),
}
ROW = re.compile(r"^\| (\d+):(\d\d) \| (\d+) \| ([^|]+?) \|", re.M)
FLAGS = {key.split(".")[-1] for key in catalog("en") if key.startswith("assess.flag_title.")}


def agenda_rows(lang: str, which: int) -> list[tuple[int, int, str]]:
    """(start in minutes, minutes, what) for each row of one agenda table."""
    start = HALVES[lang].index(AGENDAS[lang][which])
    table = HALVES[lang][start:].split("\n\n", 2)[1]
    return [(int(h) * 60 + int(m), int(n), what) for h, m, n, what in ROW.findall(table)]


def module_times(lang: str) -> dict[str, tuple[int, int]]:
    notebook_text = yaml.safe_load((SRC / "locales" / f"{lang}.yaml").read_text("utf-8"))
    times = {}
    for name in notebook_sources():
        found = TIME[lang].search(notebook_text[name]["title"])
        assert found, f"{lang}: module {name} gives no time in its title"
        times[name[:2]] = (int(found[1]), int(found[2]))
    return times


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(("which", "hours"), [(0, 3), (1, 6)])
def test_each_agenda_runs_without_gaps_and_fills_its_hours(lang, which, hours):
    rows = agenda_rows(lang, which)
    assert rows[0][0] == 0
    for (start, minutes, _), (next_start, _, _) in zip(rows, rows[1:], strict=False):
        assert start + minutes == next_start
    assert rows[-1][0] + rows[-1][1] == hours * 60


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_each_module_gets_the_time_its_notebook_announces(lang, which):
    times = module_times(lang)
    in_agenda = {what[:2]: n for _, n, what in agenda_rows(lang, which) if what[:2].isdigit()}
    assert in_agenda == {number: pair[which] for number, pair in times.items()}


def test_module_01_has_room_for_what_changed_in_2025_and_2026():
    three, six = module_times("en")["01"]
    assert (three, six) == module_times("es")["01"]
    assert three >= 35 and six >= 55


# ------------------------------------------------------------------ answer keys


def answer_keys(lang: str) -> list[tuple[str, str, str]]:
    """(module number, practice case number, text) for each answer naming a practice case."""
    text = HALVES[lang].split(MODULES_HEAD[lang])[1].split("\n## ")[0]
    keys = []
    for section in text.split("\n### ")[1:]:
        module = section[:2]
        for item in re.split(r"\n(?=- \*\*|\*\*)", section):
            case = re.search(r"\((\d\d)\)", item)
            if case:
                keys.append((module, case[1], item))
    return keys


def practice_case_named(number: str, practice_cases):
    (name,) = [n for n in practice_cases if n.startswith(f"{number}_")]
    return practice_cases[name]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_flag_an_answer_key_names_is_raised_for_that_case(lang, practice_cases):
    keys = answer_keys(lang)
    assert {module for module, _, _ in keys} >= {"01", "02", "05"}
    for module, number, text in keys:
        named = set(re.findall(r"`(\w+)`", text)) & FLAGS
        raised = {f.id for f in assess(practice_case_named(number, practice_cases),
                                       on=ASSESSED_ON).flags}  # fmt: skip
        assert named <= raised, f"{lang}, module {module}, case {number}: {named - raised}"
        if module == "02":  # "what would you do?": the key names every flag, no more
            assert named == raised, f"{lang}, module 02, case {number}"


def test_both_languages_give_the_same_answer_keys():
    def flags_by_key(lang):
        return [(m, n, sorted(set(re.findall(r"`(\w+)`", t)) & FLAGS))
                for m, n, t in answer_keys(lang)]  # fmt: skip

    assert flags_by_key("en") == flags_by_key("es")


def test_the_guide_quotes_the_2021_memo_exactly_and_names_the_right_order():
    for half in HALVES.values():
        assert "should not alone be the basis of an enforcement action" in half
        assert "14148" in half and "13993" in half
    assert "the executive order it implemented was revoked" not in GUIDE


def test_the_routine_for_a_returning_group_exists_in_both_languages():
    assert "## What is new since our last workshop" in HALVES["en"]
    assert "## Lo nuevo desde nuestro último taller" in HALVES["es"]
    for half in HALVES.values():
        assert re.search(r"ddkit law --since \d{4}-\d\d-\d\d", half)


def guide_commands(name: str) -> list[list[str]]:
    """Every ``ddkit NAME ...`` command line in the guide's code blocks, as arguments."""
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE, flags=re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line.split()[1:] for line in lines if line.startswith(f"ddkit {name} ")]


def test_the_ddkit_law_commands_the_guide_shows_run(capsys):
    from ddkit.cli import main

    commands = guide_commands("law")
    assert any("--since" in argv for argv in commands)
    for argv in commands:
        assert main(argv) == 0, " ".join(argv)
        out, err = capsys.readouterr()
        assert out and err == ""
