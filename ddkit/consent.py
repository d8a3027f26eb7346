"""Informed consent: what the person agreed to, the limits they set, and withdrawing it.

Limits (``consent.limits`` in the case file):

- ``first_name_only``: public material (the mass letter, the public call script) names the
  person by the first name only;
- ``no_photos``: every public task of the plan says "no photos of the person";
- ``no_press``: the plan has no press task.

Withdrawing consent (:func:`withdraw`) takes back both consents at once and records the day:
the assessment then offers nothing public and no congressional inquiry, and the plan loses
every public task. The store records the withdrawal in its audit log.
"""

from __future__ import annotations

from datetime import date

from ddkit.case import Case

LIMITS: tuple[str, ...] = ("first_name_only", "no_photos", "no_press")


def has_limit(case: Case, limit: str) -> bool:
    """Whether the person set this limit on what goes public.

    >>> from ddkit.case import parse_case
    >>> has_limit(parse_case({"person": {"name": "Ana"}, "consent": {"limits": ["no_photos"]}}),
    ...           "no_photos")
    True
    """
    if limit not in LIMITS:
        raise KeyError(limit)
    return limit in case.consent.limits


def public_name(case: Case) -> str:
    """The name public material may use: the first name only when the person asked for that.

    >>> from ddkit.case import parse_case
    >>> case = parse_case({"person": {"name": "Ana María Ejemplo"},
    ...                    "consent": {"limits": ["first_name_only"]}})
    >>> public_name(case)
    'Ana'
    """
    name = case.person.name
    if has_limit(case, "first_name_only"):
        return name.split()[0] if name.split() else name
    return name


def is_withdrawn(case: Case) -> bool:
    """Whether the person withdrew consent and has not given it again since."""
    c = case.consent
    return c.withdrawn_on is not None and not (c.public_campaign or c.congressional_contact)


def withdraw(case: Case, on: date | None = None) -> Case:
    """The case with every consent taken back on ``on`` (today by default).

    The explanation record and the limits stay: they say what was agreed before.
    """
    consent = case.consent.model_copy(
        update={
            "public_campaign": False,
            "congressional_contact": False,
            "withdrawn_on": on or date.today(),
        }
    )
    return case.model_copy(update={"consent": consent}, deep=True)


def visibility_cautions(case: Case, on: date | None = None) -> tuple[dict[str, str], ...]:
    """The cautions the legal data attaches to a public campaign, for the consent talk.

    They are read from the assessment the case would have with consent to a public campaign,
    so a caution added to the policy or law data shows here without new code.
    """
    from ddkit.assess import assess

    consent = case.consent.model_copy(update={"public_campaign": True})
    trial = case.model_copy(update={"consent": consent})
    assessment = assess(trial, on)
    found = assessment.intervention("public_campaign")
    if found is not None:
        return found.cautions
    return tuple(c.text.model_dump() for c in assessment.policy.cautions_for("public_campaign"))
