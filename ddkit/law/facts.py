"""Facts about ICE forms (``ddkit/data/forms.yaml``), each with its source, date and confidence.

The stay guidance, the assessment's reasons and the discretion-request template all read the
stay of removal facts from here, so that a new fee or a new rule is changed in one place.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ddkit.policy import Source, Text

Confidence = Literal["confirmed", "reported", "unverified"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Fact(_Strict):
    """One fact: a sentence in every language, how sure we are, as of when, and from where.

    ``confirmed`` and ``reported`` need at least one source; a fact nobody could check yet is
    ``unverified``. ``disputed`` says where sources disagree; show it next to the fact.
    """

    text: Text
    confidence: Confidence
    as_of: date
    sources: tuple[Source, ...] = ()
    disputed: Text | None = None

    @model_validator(mode="after")
    def _sourced(self):
        if self.confidence != "unverified" and not self.sources:
            raise ValueError(f"a {self.confidence} fact needs at least one source")
        return self

    def __call__(self, lang: str) -> str:
        """The sentence in ``lang``."""
        return self.text(lang)


class Amount(Fact):
    """A fact with an amount in US dollars, which its sentence must state."""

    amount: int = Field(ge=0)

    @model_validator(mode="after")
    def _amount_in_text(self):
        for lang in Text.model_fields:
            if str(self.amount) not in self.text(lang):
                raise ValueError(f"the {lang} text must state the amount ({self.amount})")
        return self


class Proposed(Amount):
    """A change that was proposed, not adopted: never shown as the rule."""

    status: Literal["proposed"]


class StayOfRemoval(_Strict):
    """ICE Form I-246, Application for a Stay of Deportation or Removal (8 CFR 241.6).

    Attributes, each a :class:`Fact` (``text(lang)``, ``confidence``, ``as_of``, ``sources``):
    ``fee`` (an :class:`Amount`, ``fee.amount`` in dollars), ``payment``, ``refundable``,
    ``passport``, ``does_not_stop_removal``, ``where_to_file``, ``in_person``,
    ``one_person_per_form``, ``decision``, ``denial_reasons``, ``if_granted``; and
    ``proposed_fee`` (a :class:`Proposed`: proposed, not law) when there is one.
    """

    form: Literal["I-246"]
    title: Text
    fee: Amount
    payment: Fact
    refundable: Fact
    passport: Fact
    does_not_stop_removal: Fact
    where_to_file: Fact
    in_person: Fact
    one_person_per_form: Fact
    decision: Fact
    denial_reasons: Fact
    if_granted: Fact
    proposed_fee: Proposed | None = None

    def facts(self) -> dict[str, Fact]:
        """Every fact by name, in the file's order (the proposed fee last, when there is one)."""
        return {
            name: getattr(self, name)
            for name in type(self).model_fields
            if isinstance(getattr(self, name), Fact)
        }


class Forms(_Strict):
    """The content of ``forms.yaml``: ``i246`` (see :class:`StayOfRemoval`), and
    ``reopen_in_absentia`` (a :class:`Fact`: what a motion to reopen an order made in the
    person's absence does)."""

    i246: StayOfRemoval
    reopen_in_absentia: Fact
