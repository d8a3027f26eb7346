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
    """What the legal data says about being visible, for the consent talk, in every language.

    The cautions that the law developments in force ``on`` (for the place the person is
    held or lives, or anywhere when that is unknown) and the policy attach to a public
    campaign; each development's confidence word follows its sentence. Read from the data,
    so a new development's caution shows without new code.
    """
    from ddkit.i18n import LANGS, t
    from ddkit.law.apply import message, place_of, relevant
    from ddkit.policy import policy_on

    on = on or date.today()
    place = place_of(case)
    found = relevant(case, on, place)
    out: list[dict[str, str]] = []
    for development in (*found.applied, *found.depends_on_place):
        for effect in development.effects:
            if effect.kind == "caution" and effect.caution == "public_campaign":
                text = message(effect, place, on)
                word = {lang: t(f"law.confidence.{development.confidence}", lang) for lang in LANGS}
                out.append({lang: t("assess.fact", lang, fact=text[lang], confidence=word[lang])
                            for lang in LANGS})  # fmt: skip
    out += [c.text.model_dump() for c in policy_on(on).cautions_for("public_campaign")]
    return tuple(out)
