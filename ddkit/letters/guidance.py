"""The advice that goes with a letter: the template's guidance, the stay facts, the review date.

A template's metadata comment holds the advice for its signer. Around it, the kit adds what
comes from the legal data (:mod:`ddkit.law`), so that a new fee or a new review is changed in
one place:

- for a discretion request that asks for a stay of removal, the ICE Form I-246 facts of
  ``ddkit/data/forms.yaml`` (fee, payment, passport, "does not stop removal", where to file),
  each with how sure the kit is of it;
- for every letter, the day the legal data was last reviewed.

All of this is advice for the people who prepare and sign the letter: it never goes into the
letter's text.
"""

from __future__ import annotations

from ddkit.i18n import t
from ddkit.letters.context import format_date
from ddkit.letters.safeguards import REQUEST_KIND

BULLET = "• "


def stay_facts(lang: str) -> str:
    """The I-246 facts as a short list, each with its confidence word and what sources dispute.

    >>> stay_facts("en").splitlines()[1].startswith("• The filing fee is $")
    True
    """
    from ddkit.law import forms

    stay = forms().i246
    facts = stay.facts()
    as_of = max(fact.as_of for fact in facts.values())
    lines = [t("letters.guidance.stay_head", lang, day=format_date(as_of, lang))]
    for fact in facts.values():
        line = f"{BULLET}{fact(lang)} ({t(f'law.confidence.{fact.confidence}', lang)})"
        if fact.disputed is not None:
            line += f" {t('law.disputed', lang)}: {fact.disputed(lang)}"
        lines.append(line)
    return "\n".join(lines)


def reviewed_line(lang: str) -> str:
    """When the legal data behind the letter was last reviewed, as the letter writes dates."""
    from ddkit.law import reviewed

    return t("letters.guidance.reviewed", lang, day=format_date(reviewed(), lang))


def letter_guidance(template_guidance: str, kind: str, asks: tuple[str, ...], lang: str) -> str:
    """The whole advice for one letter: the template's, the stay facts if asked, the review date."""
    parts = [template_guidance.strip()]
    if kind == REQUEST_KIND and "stay" in asks:
        parts.append(stay_facts(lang))
    parts.append(reviewed_line(lang))
    return "\n\n".join(p for p in parts if p)
