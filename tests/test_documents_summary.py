"""The one-page case summary PDF for the committee, read back with pypdf. All fictional."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest

from ddkit.assess import assess
from ddkit.case import parse_case
from ddkit.consent import withdraw
from ddkit.documents.summary import legal_review_date, summary_filename, summary_pdf
from ddkit.i18n import LANGS, t
from ddkit.letters.context import format_date

ON = date(2026, 12, 2)
CODE = "K7M-4QX"


def fictional(**changes):
    data = {
        "fictional": True,
        "person": {"name": "Rosa Inventada Ejemplo (fictional)", "a_number": "A000000202",
                   "date_of_birth": "1985-04-09"},
        "custody": {"detained": True, "state": "TX", "facility": "Nowhere Center"},
        "proceedings": {"stage": "final_order", "removal_date": "2026-12-20",
                        "under_supervision": True, "next_check_in": "2026-12-10"},
        "equities": {"us_citizen_children": 2},
        "consent": {"public_campaign": True, "congressional_contact": True,
                    "explained_by": "Volunteer Ana (fictional)", "explained_on": "2026-12-01",
                    "explained_in": "Español", "limits": ["no_photos"]},
        "attorney": {"name": "Fictional Attorney Ruiz", "phone": "555-0100"},
        "story": "A private story that never goes on the summary.",
    }  # fmt: skip
    data.update(changes)
    return parse_case(data)


def read(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.parametrize("lang", LANGS)
def test_one_page_with_the_code_stage_dates_next_steps_attorney_and_review_date(lang):
    case = fictional()
    pages, text = read(summary_pdf(case, CODE, lang, on=ON))
    assessment = assess(case, ON)
    assert pages == 1
    assert t("documents.summary.title", lang, code=CODE) in text
    assert t("choice.stage.final_order", lang) in text
    for day in ("2026-12-10", "2026-12-20"):
        assert t("letters.date_format", lang, day=int(day[-2:]),
                 month=t("letters.month.12", lang), year=2026) in text  # fmt: skip
    for intervention in assessment.interventions:
        assert t(f"assess.intervention.{intervention.id}", lang).split("(")[0].strip() in text
    for flag in assessment.flags:
        assert t(f"assess.flag_title.{flag.id}", lang) in text
    assert "Fictional Attorney Ruiz" in text
    assert t("choice.limits.no_photos", lang) in text
    review = legal_review_date()
    assert t("documents.summary.reviewed", lang, day=format_date(review, lang)) in text


def test_no_name_a_number_or_birth_date_unless_identifiers_are_asked_for():
    case = fictional()
    _, text = read(summary_pdf(case, CODE, "en", on=ON))
    for secret in ("Rosa Inventada", "A000-000-202", "A000000202", "April 9, 1985", "1985",
                   "Nowhere Center", "private story"):  # fmt: skip
        assert secret not in text
    _, text = read(summary_pdf(case, CODE, "es", on=ON, identifiers=True))
    assert "Rosa Inventada Ejemplo" in text and "A000-000-202" in text and "1985" in text
    assert "Nowhere Center" not in text and "private story" not in text


def test_a_long_case_still_fits_on_one_page():
    records = [{"offense": f"Invented offense {n}", "disposition": "convicted"} for n in range(30)]
    case = fictional(criminal_history=records, consent={"other_limits": "No. " * 1200})
    pages, text = read(summary_pdf(case, CODE, "es", on=ON))
    assert pages == 1 and "Invented offense" not in text


def test_a_withdrawn_consent_shows_on_the_summary():
    _, text = read(summary_pdf(withdraw(fictional(), ON), CODE, "en", on=ON))
    assert "Consent withdrawn on December 2, 2026" in text
    assert "Public campaign: no" in text


def test_the_file_name_carries_the_code_only():
    assert summary_filename(CODE, ON) == "summary-K7M-4QX-20261202.pdf"


def test_markup_in_a_field_is_printed_as_it_is():
    case = fictional(attorney={"name": "<b>Ruiz</b> & {{ 7*7 }}"})
    _, text = read(summary_pdf(case, CODE, "en", on=ON))
    assert "<b>Ruiz</b> & {{ 7*7 }}" in text
