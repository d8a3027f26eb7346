"""Write a letter: a kind's template, filled from the case, its assessment and a signer.

One call for one letter::

    letter = render_letter("faith_leader", case, signer, lang="es")

For many signers of the same kind (mass letters), build a :class:`LetterMaker` once and call
``maker.render(signer)`` per signer: the case part is computed only once.

Templates hold blocks named after the parts of a letter (``sender``, ``recipient``, ``re``,
``salutation``, ``body``, ``closing``, ``signature``); each becomes a field of
:class:`~ddkit.letters.model.Letter`. The body's paragraphs are separated by blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from jinja2 import FileSystemLoader, Template, TemplateError
from jinja2.sandbox import SecurityError

from ddkit.assess import Assessment, assess
from ddkit.case import Case
from ddkit.errors import UserError
from ddkit.i18n import check_lang
from ddkit.letters import safeguards
from ddkit.letters.context import (
    Context,
    MissingFields,
    asks,
    case_context,
    factor_texts,
    format_a_number,
    format_date,
    letter_fields,
    missing_fields,
    signer_fields,
)
from ddkit.letters.env import FieldError, LetterEnvironment
from ddkit.letters.guidance import letter_guidance
from ddkit.letters.kinds import KINDS, KindInfo, kind_info, template_root
from ddkit.letters.model import Letter
from ddkit.letters.naming import case_id as make_case_id
from ddkit.letters.signer import parse_signer

LINE_BLOCKS = ("sender", "recipient", "signature")
ONE_LINE_BLOCKS = ("re", "salutation", "closing")
BODY_BLOCK = "body"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class UnknownKind(UserError):
    """The kit has no letter of this kind. The message lists the kinds it has."""

    def __init__(self, kind: str):
        super().__init__("letters.unknown_kind", kind=kind, kinds=", ".join(KINDS))


class TemplateProblem(UserError):
    """A template could not be rendered: not allowed, too slow, or not valid Jinja."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        super().__init__(f"letters.template.{reason}", detail=detail)


@cache
def shipped_environment() -> LetterEnvironment:
    """The environment for the kit's own templates (one per process)."""
    return LetterEnvironment(loader=FileSystemLoader(template_root()))


def shipped_template(kind: str, lang: str) -> Template:
    return shipped_environment().get_template(f"{check_lang(lang)}/{kind}.j2")


def render_parts(template: Template, context: Context) -> dict[str, str]:
    """The text of every block of a template, rendered with ``context``."""
    ctx = template.new_context(context)
    return {name: "".join(block(ctx)) for name, block in template.blocks.items()}


def explain(exc: Exception, kind: str) -> UserError:
    """Turn a rendering failure into a message the user can act on (never a traceback)."""
    if isinstance(exc, FieldError):
        if exc.blank:
            return MissingFields([exc.path], kind)
        return TemplateProblem("unknown_field", exc.path)
    if isinstance(exc, SecurityError | OverflowError | MemoryError | RecursionError):
        return TemplateProblem("not_allowed")
    if isinstance(exc, TemplateError):
        line = getattr(exc, "lineno", None)
        return TemplateProblem("syntax", f"{line}" if line else "?")
    return TemplateProblem("failed", type(exc).__name__)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def letter_from_parts(
    parts: Mapping[str, str], *, kind: str, lang: str, case_id: str, title: str, day: date, **extra
) -> Letter:
    """A :class:`Letter` from rendered blocks: lines, single lines and body paragraphs."""
    lines = {
        name: tuple(x.strip() for x in parts.get(name, "").splitlines() if x.strip())
        for name in LINE_BLOCKS
    }
    single = {name: _one_line(parts.get(name, "")) for name in ONE_LINE_BLOCKS}
    body = parts.get(BODY_BLOCK, "")
    paragraphs = tuple(p for p in (_one_line(x) for x in _BLANK_LINE.split(body)) if p)
    return Letter(
        kind=kind,
        lang=lang,
        case_id=case_id,
        title=title,
        date=day,
        sender=lines["sender"],
        recipient=lines["recipient"],
        re_line=single["re"],
        salutation=single["salutation"],
        paragraphs=paragraphs,
        closing=single["closing"],
        signature=lines["signature"],
        **extra,
    )


class LetterMaker:
    """Writes one kind of letter for one case, for as many signers as needed.

    Args:
        kind: one of :data:`~ddkit.letters.kinds.KINDS`.
        case: the case the letter is about.
        lang: the letter's language (``en`` or ``es``).
        on: the letter's date, and the day the case is assessed (default: today).
        assessment: an assessment already made; by default ``assess(case, on, policy)``.
        policy: the policy framework to assess under (default: the one in force ``on``).
        office: the ICE field office when known: ``{"name": "Atlanta", "address": ...,
            "phone": ...}``; the name as in the field-office data (templates add "Field
            Office"), the address as one string or lines.
        case_id: the case's id in the store; by default a keyed hash (see :mod:`.naming`).
        member: for the congressional kinds, the member of Congress whose office writes or
            calls (a :class:`ddkit.campaign.congress.Member`): the letter names the office,
            and the signer's organization and phone default to the office's. Only with the
            person's consent to congressional contact.
        attorney_approved: the person's attorney approved this letter. It lets a discretion
            request be written for someone ICE is not pursuing, and lets it name the pending
            applications (as filed). Recorded in ``letter.meta``, never in the letter's text.

    Raises :class:`~ddkit.letters.safeguards.NothingToAsk` for a discretion request that
    would only tell ICE who and where the person is (see :mod:`.safeguards`).
    """

    def __init__(
        self,
        kind: str,
        case: Case,
        lang: str = "en",
        *,
        on: date | None = None,
        assessment: Assessment | None = None,
        policy: str | None = None,
        office: Mapping[str, Any] | None = None,
        case_id: str | None = None,
        attorney_approved: bool = False,
        member: Any = None,
    ):
        if kind not in KINDS:
            raise UnknownKind(kind)
        safeguards.check_member(kind, case, member)
        self.member = member
        self.kind, self.lang = kind, check_lang(lang)
        self.info: KindInfo = kind_info(kind, self.lang)
        self.on = on or (assessment.on if assessment else date.today())
        self.assessment = assessment or assess(case, on=self.on, policy=policy)
        self.attorney_approved = attorney_approved is True
        safeguards.check_request(kind, self.assessment, case, self.attorney_approved)
        public = "consent.public_campaign" in self.info.requires  # a public letter
        base = case_context(case, self.assessment, self.lang, office, public=public, member=member)
        self._with_relief = safeguards.withhold_identity(base, kind)
        skip = safeguards.relief_factor_ids(self.assessment)
        plain = factor_texts(self.assessment, self.lang, skip)
        self.base = safeguards.withhold_relief(self._with_relief, plain)
        self.a_number = format_a_number(case.person.a_number) if case.person.a_number else None
        self.has_relief = bool(case.proceedings.pending_relief)
        self.case_id = case_id or make_case_id(case)
        self.template = shipped_template(kind, self.lang)
        self.guidance = self.advice(self.info.guidance)
        case_needs = [
            p
            for p in (*self.info.requires, *self.info.needs)
            if not p.startswith(("signer.", "letter."))
        ]
        self.case_missing = missing_fields(case_needs, self.base)

    def advice(self, template_guidance: str) -> str:
        """The advice for this letter's signer: the template's, the I-246 facts when a stay
        is asked, and when the legal data was reviewed (never in the letter's text)."""
        return letter_guidance(template_guidance, self.kind, asks(self.assessment), self.lang)

    def check_case(self) -> None:
        """Raise :class:`MissingFields` now if the case lacks something this kind needs."""
        if self.case_missing:
            raise MissingFields(self.case_missing, self.kind)

    def relief_agreed(self, signer: Mapping[str, Any]) -> bool:
        """Whether this letter names the pending applications (the attorney agreed)."""
        return self.kind == safeguards.REQUEST_KIND and safeguards.relief_agreed(
            signer, self.attorney_approved
        )

    def context(self, signer: Mapping[str, Any]) -> Context:
        """The full template context for one signer (already checked by :func:`parse_signer`)."""
        day = signer.get("date") or self.on
        base = self._with_relief if self.relief_agreed(signer) else self.base
        return {
            **base,
            "signer": signer_fields(signer, self.lang),
            "letter": letter_fields(day, self.lang),
        }

    def missing(self, signer: Mapping[str, Any]) -> list[str]:
        """Every field this letter needs that is still empty, signer's and case's."""
        signer_needs = [p for p in self.info.needs if p.startswith("signer.")]
        return self.case_missing + missing_fields(signer_needs, self.context(signer))

    def render(self, signer: Mapping[str, Any] | None = None) -> Letter:
        """The letter signed by ``signer``, or :class:`MissingFields` listing every blank."""
        signer = parse_signer(safeguards.member_signer(self.member, self.lang, signer or {}))
        context = self.context(signer)
        signer_needs = [p for p in self.info.needs if p.startswith("signer.")]
        missing = self.case_missing + missing_fields(signer_needs, context)
        if missing:
            raise MissingFields(missing, self.kind)
        try:
            parts = render_parts(self.template, context)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a plain message
            raise explain(exc, self.kind) from None
        day = signer.get("date") or self.on
        return letter_from_parts(
            parts,
            kind=self.kind,
            lang=self.lang,
            case_id=self.case_id,
            title=self.info.title,
            day=day,
            is_script=self.info.script,
            meta=self.meta(day, signer),
        )

    def meta(self, day: date, signer: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """What the kit records about the letter beside its text (never printed in it).

        ``attorney_approved`` and ``overrode_refusal`` record the attorney's approval and
        whether the letter exists only because of it; the DOCX and PDF files carry them in
        their document properties. ``a_number`` is kept for the discretion request only,
        whose text holds it anyway, so that the filing packet's index can print it.
        """
        signer = signer or {}
        approved = {
            "attorney_approved": self.attorney_approved,
            "overrode_refusal": safeguards.overrode_refusal(
                self.kind, self.assessment, self.attorney_approved
            ),
            "relief_agreed": self.relief_agreed(signer),
            "relief_left_out": self.kind == safeguards.REQUEST_KIND
            and self.has_relief
            and not self.relief_agreed(signer),
        }
        if self.kind == safeguards.REQUEST_KIND and self.a_number:
            approved["a_number"] = self.a_number
        if self.member is not None:  # where the member's details come from, and how old
            from ddkit.campaign.congress import congress

            approved["member"] = self.member.bioguide
            approved["member_source"] = congress().source.note(self.lang)
        return {
            **approved,
            "date_text": format_date(day, self.lang),
            "guidance": self.guidance,
            "audience": self.info.audience,
            "purpose": self.info.purpose,
            "signed_by": self.info.signed_by,
            "asks": asks(self.assessment),
            "policy": self.assessment.policy.id,
            "policy_in_force": self.assessment.in_force,
            "flags": {flag.id: dict(flag.why) for flag in self.assessment.flags},
            "template": "shipped",
        }


def render_letter(
    kind: str,
    case: Case,
    signer: Mapping[str, Any] | None = None,
    lang: str = "en",
    **options: Any,
) -> Letter:
    """One letter of ``kind`` about ``case``, signed by ``signer``, in ``lang``.

    The letter is dated ``on`` if given, else the signer's ``date``, else today. Options are
    those of :class:`LetterMaker`. Raises :class:`MissingFields` listing every empty field the
    kind needs, :class:`UnknownKind`, or :class:`~ddkit.letters.signer.SignerError`.
    """
    signer = parse_signer(signer or {})
    if options.get("on") is None and signer.get("date"):
        options["on"] = signer["date"]
    return LetterMaker(kind, case, lang, **options).render(signer)
