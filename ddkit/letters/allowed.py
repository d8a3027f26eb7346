"""Which letters a case may have now: only the kinds its assessment and its consent allow.

The case page offers these and no others, so nobody drafts a discretion request for someone
ICE is not pursuing, or a mass letter the person never agreed to:

- ``pd_request``: only when the assessment found something to ask the field office for
  (:func:`ddkit.letters.safeguards.has_something_to_ask`);
- letters of support (family, teachers, faith leaders, organizations): when the assessment
  offers letters of support, the kinds that fit the person's ties
  (:func:`ddkit.campaign.plan.letter_targets`);
- ``mass_personal``: with letters of support and consent to a public campaign;
- ``congressional_email`` and ``congressional_call_script``: when the assessment offers a
  congressional inquiry, which needs consent to contact with a congressional office;
- ``translation_certificate``: whenever any other letter is offered (it goes with a
  translated letter).
"""

from __future__ import annotations

from ddkit.assess import Assessment
from ddkit.case import Case
from ddkit.letters.kinds import KINDS

SUPPORT_KINDS = ("family_member", "teacher_counselor", "faith_leader", "organizational")


def kinds_for(case: Case, assessment: Assessment) -> list[str]:
    """The letter kinds to offer for ``case``, in the kit's order (see the module docstring)."""
    from ddkit.campaign.plan import letter_targets
    from ddkit.letters.safeguards import has_something_to_ask

    found: set[str] = set()
    if has_something_to_ask(assessment):
        found.add("pd_request")
    if assessment.has("letters_of_support"):
        fitting = letter_targets(case)
        found |= {kind for kind in SUPPORT_KINDS if kind in fitting}
        if case.consent.public_campaign:
            found.add("mass_personal")
    if assessment.has("congressional_inquiry") and case.consent.congressional_contact:
        found |= {"congressional_email", "congressional_call_script"}
    if found:
        found.add("translation_certificate")
    return [kind for kind in KINDS if kind in found]
