"""The letters' safeguards: what a draft must never hand to ICE or to a signer by default.

Three defaults protect the person (DOMAIN.md section 8, "Dangerous defaults"):

- **No discretion request for someone ICE is not pursuing.** A ``pd_request`` is written only
  when the assessment found something to ask the field office for: release from detention
  (``release_request``), a stay of a final order (``stay_of_removal``) or discretion for
  someone detained, with an order or under supervision (``pd_request``). Otherwise the letter
  would only tell ICE who the person is, their A-number, their date of birth and where to find
  them, so :func:`check_request` refuses it with :class:`NothingToAsk`. The person's attorney
  can override the refusal (``attorney_approved``, ``--attorney-approved`` on the command
  line); the override is recorded in the letter's metadata, never in its text.
- **No A-number (and no date of birth) in drafts handed to third-party signers**
  (:data:`THIRD_PARTY_KINDS`): those drafts travel by e-mail and sit on other people's
  laptops. The filing packet's cover and index carry the A-number, so ICE can still match
  every letter to the case. Congressional drafts carry it only with the person's consent to
  contact with a congressional office.
- **Relief only when filed, and only with the attorney's agreement.** The case's
  ``proceedings.pending_relief`` lists the applications the intake heard of: pending *or
  possible* (the intake form says so). The kit cannot tell which were filed, so a discretion
  request names them only when the attorney agrees, which is also the attorney's word that
  they were filed: the signer's ``relief_filed: yes``, or the attorney's approval. Otherwise
  the letter says nothing about applications, nor any policy factor about relief. It never
  calls an application "possible".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ddkit.assess import Assessment
from ddkit.case import Case
from ddkit.errors import UserError
from ddkit.i18n import t
from ddkit.letters.env import Fields, Missing

REQUEST_KIND = "pd_request"
# The interventions that give a discretion request something to ask of the field office.
ASKING_INTERVENTIONS: tuple[str, ...] = ("pd_request", "release_request", "stay_of_removal")
# Letters signed by someone other than the person, their attorney or a congressional office.
THIRD_PARTY_KINDS: frozenset[str] = frozenset(
    {
        "family_member",
        "teacher_counselor",
        "faith_leader",
        "organizational",
        "mass_personal",
        "translation_certificate",
    }
)
# Letters whose ICE-facing details depend on the person's consent to congressional contact.
CONGRESSIONAL_KINDS: frozenset[str] = frozenset(
    {"congressional_email", "congressional_call_script"}
)
# What a third-party draft never holds: with the name, these are what ICE files by.
WITHHELD: tuple[str, ...] = ("a_number", "date_of_birth")
# Policy checks that stand for the pending relief of the case (see ddkit.factors).
RELIEF_CHECKS: frozenset[str] = frozenset({"relief_pending"})


class NothingToAsk(UserError):
    """A discretion request was refused: ICE is not acting on the person, nothing to ask.

    ``reason`` is ``in_court`` when the case is before an immigration court (discretion there
    goes through the attorney to ICE's attorneys), else ``not_pursued``. The message is plain
    words in the screen language; the command line adds how the attorney can override it.
    """

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"letters.refused.{reason}")

    def message(self, lang: str | None = None) -> str:
        return "\n".join(
            (t("letters.refused.head", lang), t(self.key, lang), t("letters.refused.why", lang))
        )


def has_something_to_ask(assessment: Assessment) -> bool:
    """Whether the assessment found a reason to write to the field office at all."""
    return any(assessment.has(item) for item in ASKING_INTERVENTIONS)


def check_request(kind: str, assessment: Assessment, case, attorney_approved: bool) -> None:
    """Refuse a discretion request for someone ICE is not pursuing, unless the attorney approved.

    Raises :class:`NothingToAsk`; any other kind, or a request with something to ask, passes.
    """
    if kind != REQUEST_KIND or attorney_approved or has_something_to_ask(assessment):
        return
    in_court = case.proceedings.stage == "in_proceedings"
    raise NothingToAsk("in_court" if in_court else "not_pursued")


def overrode_refusal(kind: str, assessment: Assessment, attorney_approved: bool) -> bool:
    """Whether this letter exists only because the attorney overrode the refusal."""
    return kind == REQUEST_KIND and attorney_approved and not has_something_to_ask(assessment)


def relief_agreed(signer: Mapping[str, Any], attorney_approved: bool) -> bool:
    """Whether the attorney agreed to name the pending applications (and that they were filed)."""
    return attorney_approved or signer.get("relief_filed") is True


def _replace(group: Fields, **values: Any) -> Fields:
    return Fields(group._path, {**{key: group[key] for key in group}, **values})


def check_member(kind: str, case: Case, member: Any) -> None:
    """A member of Congress is named only in the congressional kinds, and only with consent.

    Nothing is addressed to a congressional office unless the person agreed to contact with
    one (``consent.congressional_contact``).
    """
    if member is None:
        return
    if kind not in CONGRESSIONAL_KINDS:
        raise UserError("campaign.cli.member_not_for_kind")
    if not case.consent.congressional_contact:
        raise UserError("campaign.congress.no_consent")


def member_signer(member: Any, lang: str, signer: Mapping[str, Any]) -> dict[str, Any]:
    """The signer, with the member's office as organization and its phone when left empty."""
    signer = dict(signer)
    if member is not None:
        defaults = {"organization": member.office_name(lang), "phone": member.phone}
        for key, value in defaults.items():
            if value and not signer.get(key):
                signer[key] = value
    return signer


def withhold_identity(context: dict[str, Any], kind: str) -> dict[str, Any]:
    """The context without the A-number and date of birth, where this kind must not hold them.

    Third-party letters never hold them; congressional drafts only with the person's consent
    to contact with a congressional office. A template that tests them finds them empty.
    """
    consent = context["consent"]["congressional_contact"]
    if kind in THIRD_PARTY_KINDS or (kind in CONGRESSIONAL_KINDS and consent is not True):
        person = context["person"]
        blank = {name: Missing(f"person.{name}") for name in WITHHELD}
        return {**context, "person": _replace(person, **blank)}
    return context


def withhold_relief(context: dict[str, Any], factors: tuple[str, ...]) -> dict[str, Any]:
    """The context with no pending applications, and ``factors`` as the factors it cites.

    ``factors`` are the factor texts without the ones about relief (see
    :func:`relief_factor_ids`): used when the attorney has not agreed to name the relief.
    """
    proceedings = _replace(context["proceedings"], relief=Missing("proceedings.relief"))
    assessment = _replace(context["assessment"], factors=factors)
    return {**context, "proceedings": proceedings, "assessment": assessment}


def relief_factor_ids(assessment: Assessment) -> frozenset[str]:
    """The ids of the policy's factors that stand for pending relief."""
    factors = (*assessment.policy.factors.aggravating, *assessment.policy.factors.mitigating)
    return frozenset(f.id for f in factors if f.when in RELIEF_CHECKS)


# The words the kit writes into a letter file's properties (Keywords), never into the letter.
APPROVED_MARK = "ddkit:attorney-approved"
OVERRIDE_MARK = "ddkit:refusal-overridden"


def approval_keywords(meta: Mapping[str, Any]) -> str:
    """The file properties' keywords that record the attorney's approval ("" without one).

    >>> approval_keywords({"attorney_approved": True, "overrode_refusal": True})
    'ddkit:attorney-approved ddkit:refusal-overridden'
    >>> approval_keywords({})
    ''
    """
    marks = [APPROVED_MARK] if meta.get("attorney_approved") else []
    if meta.get("overrode_refusal"):
        marks.append(OVERRIDE_MARK)
    return " ".join(marks)
