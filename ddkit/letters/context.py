"""What a letter template can read: the case, its assessment and the signer, as named fields.

The context has these groups (each a :class:`~ddkit.letters.env.Fields`): ``person``,
``custody``, ``proceedings``, ``equities``, ``consent``, ``attorney``, ``assessment``,
``office``, ``member`` (the member of Congress whose office writes, when chosen), ``signer``
and ``letter``, plus ``story`` (the person's own words, as paragraphs).
Everything is already in the letter's language: dates written out, A-numbers as
``A123-456-789``, choices as words. A value the case or signer left empty is a
:class:`~ddkit.letters.env.Missing`, which a template may test but never print.

The ``pd_request`` ask comes from the assessment (:func:`asks`); the factors it cites are the
mitigating factors the assessment found, in the policy framework's own words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ddkit.assess import Assessment
from ddkit.case import Case
from ddkit.consent import public_name
from ddkit.errors import UserError
from ddkit.factors import years_between
from ddkit.i18n import has, t
from ddkit.letters.env import Fields, Missing
from ddkit.letters.signer import SIGNER_KEYS, split_paragraphs

Context = dict[str, Any]


def format_date(day: date, lang: str) -> str:
    """A date written out the way a letter in ``lang`` writes it.

    >>> format_date(date(2026, 12, 1), "en")
    'December 1, 2026'
    >>> format_date(date(2026, 12, 1), "es")
    '1 de diciembre de 2026'
    """
    month = t(f"letters.month.{day.month}", lang)
    return t("letters.date_format", lang, day=day.day, month=month, year=day.year)


def format_a_number(a_number: str) -> str:
    """An A-number the way ICE and court papers write it.

    >>> format_a_number("A012345678")
    'A012-345-678'
    """
    digits = a_number.removeprefix("A")
    return f"A{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def join_words(items: list[str] | tuple[str, ...], lang: str) -> str:
    """Items joined as a sentence joins them.

    >>> join_words(["asylum", "a U visa", "TPS"], "en")
    'asylum, a U visa and TPS'
    >>> join_words(["asilo", "visa U"], "es")
    'asilo y visa U'
    """
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return t("letters.and", lang, first=", ".join(items[:-1]), last=items[-1])


def asks(assessment: Assessment) -> tuple[str, ...]:
    """What the discretion request asks for, from the interventions the assessment found.

    ``release`` (detained), ``stay`` (final order); otherwise ``no_enforcement`` when ICE or
    a court is already acting on the person, else ``deferred_action``.
    """
    found = tuple(
        ask
        for intervention, ask in (("release_request", "release"), ("stay_of_removal", "stay"))
        if assessment.has(intervention)
    )
    if found:
        return found
    if assessment.has("pd_request") or assessment.has("court_support"):
        return ("no_enforcement",)
    return ("deferred_action",)


def factor_texts(
    assessment: Assessment, lang: str, skip: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """The mitigating factors the assessment found, as the policy names them (but ``skip``).

    A few policy labels read as a claim in a letter (the 2021 memo's "may be eligible for
    relief"); the letters catalog rewords those under ``letters.factor.<id>`` so that a letter
    never claims anyone is eligible.
    """
    texts = []
    for factor_id in assessment.factors.get("mitigating", ()):
        if factor_id in skip:
            continue
        key = f"letters.factor.{factor_id}"
        texts.append(t(key, lang) if has(key, lang) else assessment.factor_label(factor_id, lang))
    return tuple(texts)


def years_text(years: int, lang: str) -> str:
    """A number of years as a letter writes it.

    >>> years_text(12, "en"), years_text(1, "es"), years_text(0, "en")
    ('12 years', 'un año', 'less than a year')
    """
    key = "zero" if years < 1 else "one" if years == 1 else "many"
    return t(f"letters.years.{key}", lang, n=years)


def _value(path: str, value: Any) -> Any:
    """The value, or :class:`Missing` when it is empty."""
    if value is None or value == "" or value == ():
        return Missing(path)
    return value


def _day(path: str, day: date | None, lang: str) -> Any:
    return format_date(day, lang) if day else Missing(path)


def _group(name: str, values: Mapping[str, Any]) -> Fields:
    return Fields(name, {key: _value(f"{name}.{key}", v) for key, v in values.items()})


def _person(case: Case, lang: str, on: date, public: bool = False) -> Fields:
    p = case.person
    years = years_between(p.entry_date, on) if p.entry_date else None
    return _group(
        "person",
        {
            # Public letters honour the person's limit "first name only" (ddkit.consent).
            "name": public_name(case) if public else p.name,
            "a_number": format_a_number(p.a_number) if p.a_number else None,
            "date_of_birth": format_date(p.date_of_birth, lang) if p.date_of_birth else None,
            "country_of_birth": p.country_of_birth,
            "years_in_us": years_text(years, lang) if years and years > 0 else None,
        },
    )


def _proceedings(case: Case, lang: str) -> Fields:
    p = case.proceedings
    relief = [t(f"letters.relief.{r}", lang) for r in p.pending_relief]
    return Fields(
        "proceedings",
        {
            "final_order": p.stage == "final_order",
            "in_court": p.stage == "in_proceedings",
            "under_supervision": p.under_supervision,
            "next_hearing": _day("proceedings.next_hearing", p.next_hearing, lang),
            "next_check_in": _day("proceedings.next_check_in", p.next_check_in, lang),
            "removal_date": _day("proceedings.removal_date", p.removal_date, lang),
            "relief": _value("proceedings.relief", join_words(relief, lang)),
        },
    )


def _assessment(assessment: Assessment, lang: str) -> Fields:
    policy = assessment.policy
    return Fields(
        "assessment",
        {
            "asks": asks(assessment),
            "factors": factor_texts(assessment, lang),
            "policy_title": policy.title(lang),
            "policy_in_force": assessment.in_force,
            "policy_priorities": bool(policy.priorities),
            "on": format_date(assessment.on, lang),
        },
    )


def _office(office: Mapping[str, Any] | None) -> Fields:
    office = dict(office or {})
    address = office.get("address")
    if isinstance(address, str):
        address = tuple(line.strip() for line in address.splitlines() if line.strip())
    return _group(
        "office",
        {"name": office.get("name"), "address": tuple(address or ()), "phone": office.get("phone")},
    )


def _member(member: Any, lang: str) -> Fields:
    """The member of Congress whose office writes or calls (a congressional ``Member``)."""
    if member is None:
        return _group("member", {"office": None, "address": None, "phone": None})
    return _group(
        "member",
        {"office": member.office_phrase(lang), "address": member.address, "phone": member.phone},
    )


def case_context(
    case: Case,
    assessment: Assessment,
    lang: str,
    office: Mapping[str, Any] | None = None,
    public: bool = False,
    member: Any = None,
) -> Context:
    """Everything a template reads about the case, computed once for any number of signers.

    ``public`` is for letters that go public (they need consent to a public campaign): they
    follow the limits the person set, such as the first name only.
    """
    on = assessment.on
    e, c = case.equities, case.custody
    return {
        "person": _person(case, lang, on, public),
        "custody": Fields(
            "custody",
            {
                "detained": c.detained,
                "facility": _value("custody.facility", c.facility),
                "detained_since": _day("custody.detained_since", c.detained_since, lang),
            },
        ),
        "proceedings": _proceedings(case, lang),
        "equities": _group("equities", e.model_dump()),
        "consent": _group("consent", case.consent.model_dump()),
        "attorney": _group("attorney", case.attorney.model_dump()),
        "story": _value("story", split_paragraphs(case.story or "")),
        "assessment": _assessment(assessment, lang),
        "office": _office(office),
        "member": _member(member, lang),
    }


def signer_fields(signer: Mapping[str, Any], lang: str) -> Fields:
    """The signer's details as template fields (the story as paragraphs)."""
    values: dict[str, Any] = {}
    for key in SIGNER_KEYS:
        if key == "date":
            continue  # the signer's date is the letter's date: ``letter.date``
        value = signer.get(key)
        if key == "story" and value:
            value = split_paragraphs(value)
        elif key == "years_known" and value is not None:
            value = years_text(value, lang)
        elif key == "language" and value:
            code = f"letters.language.{str(value).strip().lower()}"
            value = t(code, lang) if has(code, lang) else value
        values[key] = _value(f"signer.{key}", value)
    return Fields("signer", values)


def letter_fields(day: date, lang: str) -> Fields:
    return Fields("letter", {"date": format_date(day, lang)})


# ------------------------------------------------------------------ what is missing


def is_empty(path: str, context: Context) -> bool:
    """Whether a needed field has no usable value (a consent not given counts as empty)."""
    root, _, name = path.partition(".")
    value = context.get(root, Missing(root))
    if name:
        value = value[name] if isinstance(value, Fields) and name in value else Missing(path)
    if root == "consent" and value is False:
        return True
    return isinstance(value, Missing) or value is None or value == "" or value == ()


def missing_fields(needs: tuple[str, ...] | list[str], context: Context) -> list[str]:
    """Every needed field that is empty, in the order the template lists them."""
    return [path for path in needs if is_empty(path, context)]


def field_label(path: str, lang: str | None) -> str:
    """The name of a field in the user's language, for error messages and forms."""
    root, _, name = path.partition(".")
    key = f"letters.signer.{name}.label" if root == "signer" else f"field.{path}.label"
    if root == "story":
        key = "field.story.label"
    return t(key, lang) if has(key, lang) else path


class MissingFields(UserError):
    """A letter cannot be written yet: these fields are empty. Lists every one at once."""

    def __init__(self, fields: list[str], kind: str):
        self.fields, self.kind = list(fields), kind
        super().__init__(key="letters.missing.head", kind=kind)

    def message(self, lang: str | None = None) -> str:
        lines = [t("letters.missing.head", lang, kind=self.kind)]
        for group in ("signer", "case"):
            paths = [p for p in self.fields if (p.startswith("signer.")) == (group == "signer")]
            if not paths:
                continue
            lines.append(t(f"letters.missing.from_{group}", lang))
            for path in paths:
                line = t("letters.missing.line", lang, field=path, label=field_label(path, lang))
                if path.startswith("consent."):
                    line += " " + t("letters.missing.not_agreed", lang)
                lines.append("  - " + line)
        return "\n".join(lines)

    def issues(self):
        """Each empty field, for a form to mark (a consent not given is "not agreed")."""
        from ddkit.errors import FieldIssue

        return tuple(
            FieldIssue(p, "not_agreed" if p.startswith("consent.") else "missing")
            for p in self.fields
        )
