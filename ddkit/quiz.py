"""'What would you do?' exercises: compare a learner's answer with the kit's assessment.

The feedback explains *why*, using the same reasons the assessment gives, so that a learner
alone on Binder learns as much from a wrong answer as from a trainer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ddkit.assess import INTERVENTIONS, assess
from ddkit.case import Case
from ddkit.i18n import check_lang, t


@dataclass(frozen=True)
class Feedback:
    """How a learner's choice compares with the assessment, with a reason for each item."""

    right: tuple[tuple[str, str], ...]  # (id, why it applies)
    missed: tuple[tuple[str, str], ...]  # (id, why it applies)
    wrong: tuple[tuple[str, str], ...]  # (id, why it does not apply here)

    @property
    def correct(self) -> bool:
        return not self.missed and not self.wrong

    def lines(self, lang: str = "en") -> list[str]:
        """The feedback as plain sentences, for a terminal or a widget."""
        lang = check_lang(lang)
        head = t("quiz.all_right" if self.correct else "quiz.not_quite", lang)
        out = [head]
        for key, items in (("quiz.right", self.right), ("quiz.missed", self.missed),
                           ("quiz.wrong", self.wrong)):  # fmt: skip
            for item_id, why in items:
                out.append(t(key, lang, name=t(f"assess.intervention.{item_id}", lang), why=why))
        return out


def _why(intervention, lang: str) -> str:
    """Why an intervention applies, in the assessment's words, and when it must wait."""
    why = " ".join(m[lang] for m in intervention.why)
    if intervention.after_attorney:  # e.g. a public campaign while bond may be refused
        why = f"{why} {t('law.after_attorney', lang)}"
    return why


def check_interventions(
    case: Case, picked: Iterable[str], on: date | None = None, lang: str = "en"
) -> Feedback:
    """Compare the interventions a learner picked with those the assessment opens.

    >>> from ddkit.case import parse_case
    >>> case = parse_case({"person": {"name": "Ana Ficticia"}, "custody": {"detained": True}})
    >>> check_interventions(case, ["legal_referral"], on=date(2026, 12, 1)).correct
    False
    """
    lang = check_lang(lang)
    picked = set(picked)
    unknown = picked - set(INTERVENTIONS)
    if unknown:
        raise ValueError(f"unknown intervention ids: {', '.join(sorted(unknown))}")
    result = assess(case, on=on)
    opened = {i.id: _why(i, lang) for i in result.interventions}
    return Feedback(
        right=tuple((i, opened[i]) for i in INTERVENTIONS if i in picked and i in opened),
        missed=tuple((i, opened[i]) for i in INTERVENTIONS if i not in picked and i in opened),
        wrong=tuple(
            (i, t(f"quiz.why_not.{i}", lang))
            for i in INTERVENTIONS
            if i in picked and i not in opened
        ),
    )
