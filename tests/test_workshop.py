"""Helpers of workshop modules 03-06: letters as text, the two packets, the intake exercises.

Every person here is fictional: the practice cases, the sample signers and the sample
supporters sheet in ``notebooks/practice_cases``.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest

from ddkit.letters import MissingFields, load_signer, render_letter
from ddkit.workshop import (
    NOTES,
    check_notes,
    filing_packet,
    letter_text,
    mass_letters,
    practice_dir,
    row_report,
)

ON = date(2026, 12, 1)
SIGNERS = practice_dir() / "signers"
SHEET = practice_dir() / "supporters_sample.csv"
# Which practice case and which kind of letter each sample signer file is for.
SIGNER_FILES = {
    "01_faith_leader": ("01_detained_father", "faith_leader"),
    "02_family_member": ("02_final_order_mother", "family_member"),
    "02_committee": ("02_final_order_mother", "pd_request"),
}


def signer(lang: str, name: str) -> dict:
    return load_signer(SIGNERS / lang / f"{name}.yaml")


def is_private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


# ------------------------------------------------------------------ sample files


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_sample_signer_writes_its_letter_in_its_language(practice_cases, lang):
    assert sorted(p.stem for p in (SIGNERS / lang).glob("*.yaml")) == sorted(SIGNER_FILES)
    for name, (case_name, kind) in SIGNER_FILES.items():
        letter = render_letter(kind, practice_cases[case_name], signer(lang, name), lang, on=ON)
        assert letter.lang == lang and letter.paragraphs


def test_the_sample_supporters_are_fictional_and_reachable_at_reserved_domains():
    rows = SHEET.read_text(encoding="utf-8").splitlines()[1:]
    emails = [row.split(",")[2] for row in rows]
    assert len(rows) == 12
    assert all(e.endswith(("@example.org", "@example.com", "@example.net")) for e in emails)


# ------------------------------------------------------------------ letter_text


def test_a_letter_reads_as_plain_text_in_the_order_of_a_letter(practice_cases):
    letter = render_letter(
        "faith_leader", practice_cases["01_detained_father"], signer("es", "01_faith_leader"),
        "es", on=ON,
    )  # fmt: skip
    text = letter_text(letter)
    assert text.index("Pastora Julia Ficticia") < text.index("1 de diciembre de 2026")
    assert text.index(letter.salutation) < text.index(letter.closing)
    assert "\\" not in text and "**" not in text  # no Markdown escapes on screen
    assert max(len(line) for line in text.splitlines()) <= 88


# ------------------------------------------------------------------ mass letters


def test_mass_letters_skip_the_bad_rows_of_the_sample_sheet_and_say_why(practice_cases):
    result = mass_letters(practice_cases["01_detained_father"], SHEET, "en", on=ON)
    assert result.letters == 8
    assert {(i.row, i.reason) for i in result.issues} == {
        (5, "formula"),
        (6, "no_name"),
        (7, "duplicate_email"),
        (9, "missing"),
    }
    (packet,) = result.files
    assert packet.parent.name == "exports" and is_private(packet)
    assert "Mateo" not in packet.name and packet.read_bytes().startswith(b"%PDF")


def test_the_row_report_gives_one_line_per_row_in_the_screen_language(practice_cases):
    result = mass_letters(practice_cases["01_detained_father"], SHEET, "es", on=ON)
    lines = row_report(result.issues, "es")
    assert [line.split(":")[0] for line in lines] == ["fila 5", "fila 6", "fila 7", "fila 9"]
    assert "fila 2" in lines[2]  # the duplicate names the row it repeats


def test_mass_letters_need_consent_to_a_public_campaign(practice_cases):
    with pytest.raises(MissingFields):
        mass_letters(practice_cases["03_check_in_worker"], SHEET, "en", on=ON)


# ------------------------------------------------------------------ filing packet


def test_the_filing_packet_holds_the_request_then_the_letters(practice_cases):
    lucia = practice_cases["02_final_order_mother"]
    request = render_letter("pd_request", lucia, signer("en", "02_committee"), "en", on=ON)
    family = render_letter("family_member", lucia, signer("en", "02_family_member"), "en", on=ON)
    packet = filing_packet(request, [family], "en")
    assert [p.label for p in packet.exhibits] == ["A"]
    assert packet.exhibits[0].title == family.title
    assert packet.pages > packet.exhibits[0].pages and is_private(packet.path)
    assert packet.path.name.startswith("packet-") and "Luc" not in packet.path.name


# ------------------------------------------------------------------ what to write down


def test_a_perfect_sorting_of_the_notes_is_right():
    lines = check_notes(dict(NOTES), "es")
    assert lines[0].startswith("Correcto")
    assert all(line.startswith("✓") for line in lines[1:])


def test_a_wrong_or_missing_answer_is_explained():
    answers = dict(NOTES, journey=True)
    del answers["rumor"]
    lines = check_notes(answers, "en")
    assert lines[0].startswith("Not quite")
    journey = next(line for line in lines if "journey" in line)
    assert journey.startswith("✗") and "Leave it out" in journey and "attorney" in journey
    assert next(line for line in lines if "neighbor" in line).startswith("?")


def test_unknown_notes_are_refused():
    with pytest.raises(ValueError, match="unknown notes: diary"):
        check_notes({"diary": True})


def test_the_note_sorting_widget_checks_when_clicked():
    from ddkit.ui.workshop import sort_notes

    box = sort_notes("en")
    rows = box.children[1:-2]
    button, feedback = box.children[-2:]
    for row, keep in zip(rows, NOTES.values(), strict=True):
        row.children[1].value = keep
    button.click()
    assert "Right" in feedback.value
    rows[0].children[1].value = not NOTES[next(iter(NOTES))]
    button.click()
    assert "Not quite" in feedback.value


# ------------------------------------------------------------------ role card


def test_the_role_card_lists_only_what_the_person_knows():
    from ddkit.i18n import t
    from ddkit.ui.workshop import role_card

    card = role_card("05_u_visa_survivor", "es").value
    assert "Rosa Caso-Inventado" in card and "Visa U" in card
    assert t("ui.review.empty", "es") not in card
    assert "</h4><h4>" not in card  # no section left empty


def test_unanswered_questions_and_sections_left_empty_leave_the_card():
    from ddkit.ui.workshop import _known_facts

    blocks = [("h4", "Persona"), ("dt", "Nombre"), ("dd", "—"), ("h4", "Familia"),
              ("dt", "Hijos"), ("dd", "2")]  # fmt: skip
    assert _known_facts(blocks, "—") == [("h4", "Familia"), ("dt", "Hijos"), ("dd", "2")]


def test_a_note_left_unsorted_is_marked_under_it_and_gets_the_focus():
    from ddkit.i18n import t
    from ddkit.ui.workshop import sort_notes

    box = sort_notes("es")
    rows, button = box.children[1:-2], box.children[-2]
    focused = []
    for n, row in enumerate(rows):
        row.children[1].focus = lambda n=n: focused.append(n)
    for row in rows[2:]:
        row.children[1].value = True
    button.click()
    marks = [row.children[2].value for row in rows]
    first = t(f"exercises.notes.{next(iter(NOTES))}.text", "es")
    assert marks[0] == f"{first}: todavía sin elegir: elijan «Se anota» o «Se deja fuera»."
    assert marks[1] and not any(marks[2:])
    assert focused == [0]  # the first note left unsorted
    rows[0].children[1].value = rows[1].children[1].value = False
    button.click()
    assert not any(row.children[2].value for row in rows)
