"""The letter kinds and their templates: what each is for, who signs it, what it needs.

Templates live in ``templates/<lang>/<kind>.j2`` at the top of the repository (``ddkit/templates``
is a link to that folder, so an installed kit ships them as package data). Each opens with a
metadata comment in YAML::

    {#
    title: Letter of support from a faith leader
    purpose: What the letter is for.
    audience: ICE Field Office Director
    signed_by: A pastor, imam, rabbi or other faith leader who knows the person.
    needs: [signer.name, signer.story, person.name, letter.date]
    optional: [signer.email, person.a_number]
    guidance: |
      Advice to the signer.
    #}

``needs`` are the fields that must be filled in; ``optional`` are the fields the template also
reads but can do without (it checks them with ``{% if %}``). Together they are exactly the
fields the template uses: ``tests/test_letter_templates.py`` checks it. ``requires`` (rare)
names consents the person must have given before this kind may be written at all, such as
``consent.public_campaign`` for a mass letter, which is public.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ddkit.i18n import check_lang

KINDS: tuple[str, ...] = (
    "pd_request",
    "mass_personal",
    "family_member",
    "teacher_counselor",
    "faith_leader",
    "organizational",
    "congressional_email",
    "congressional_call_script",
    "translation_certificate",
)
HEADER_KEYS = {"title", "purpose", "audience", "signed_by", "needs", "optional", "guidance"}
OPTIONAL_HEADER_KEYS = {"optional", "requires", "script"}

_PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class HeaderError(ValueError):
    """A template's metadata comment is missing or malformed."""


def template_root() -> Path:
    """The folder holding ``en/`` and ``es/`` templates (installed copy, else the repository's)."""
    for root in (_PACKAGE_TEMPLATES, _REPO_TEMPLATES):
        if (root / "en").is_dir():
            return root
    raise FileNotFoundError("ddkit letter templates are missing (templates/en)")


@dataclass(frozen=True)
class KindInfo:
    """What a template says about itself, in the template's language."""

    id: str
    lang: str
    title: str
    purpose: str
    audience: str
    signed_by: str
    needs: tuple[str, ...]
    optional: tuple[str, ...]
    guidance: str
    requires: tuple[str, ...] = ()
    script: bool = False

    @property
    def signer_needs(self) -> tuple[str, ...]:
        """The signer's keys this kind must have, without the ``signer.`` prefix."""
        return tuple(p.split(".", 1)[1] for p in self.needs if p.startswith("signer."))

    @property
    def signer_optional(self) -> tuple[str, ...]:
        return tuple(p.split(".", 1)[1] for p in self.optional if p.startswith("signer."))


def split_header(source: str) -> tuple[dict[str, Any] | None, str]:
    """The metadata of a template (or ``None`` if it has none) and the template source.

    >>> split_header("{#\\ntitle: T\\n#}\\nHello")[0]
    {'title': 'T'}
    >>> split_header("Hello")[0] is None
    True
    """
    stripped = source.lstrip()
    if not stripped.startswith("{#"):
        return None, source
    end = stripped.find("#}")
    if end < 0:
        raise HeaderError("the metadata comment is not closed with #}")
    try:
        data = yaml.safe_load(stripped[2:end])
    except yaml.YAMLError as exc:
        raise HeaderError(f"the metadata comment is not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise HeaderError("the metadata comment must hold keys like title: and needs:")
    return data, source


def parse_header(data: dict[str, Any], kind: str, lang: str) -> KindInfo:
    """Validate a metadata comment into a :class:`KindInfo`."""
    missing = HEADER_KEYS - OPTIONAL_HEADER_KEYS - data.keys()
    unknown = data.keys() - HEADER_KEYS - OPTIONAL_HEADER_KEYS
    if missing or unknown:
        raise HeaderError(f"{lang}/{kind}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    lists = {}
    for key in ("needs", "optional", "requires"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise HeaderError(f"{lang}/{kind}: {key} must be a list of field names")
        lists[key] = tuple(value)
    return KindInfo(
        id=kind,
        lang=lang,
        title=str(data["title"]).strip(),
        purpose=" ".join(str(data["purpose"]).split()),
        audience=str(data["audience"]).strip(),
        signed_by=" ".join(str(data["signed_by"]).split()),
        needs=lists["needs"],
        optional=lists["optional"],
        requires=lists["requires"],
        guidance=str(data["guidance"]).strip(),
        script=bool(data.get("script", False)),
    )


def template_path(kind: str, lang: str) -> Path:
    return template_root() / check_lang(lang) / f"{kind}.j2"


@cache
def kind_info(kind: str, lang: str = "en") -> KindInfo:
    """What the shipped template of ``kind`` in ``lang`` says about itself.

    Raises ``KeyError`` for a kind the kit does not have.
    """
    if kind not in KINDS:
        raise KeyError(kind)
    lang = check_lang(lang)
    source = template_path(kind, lang).read_text(encoding="utf-8")
    header, _ = split_header(source)
    if header is None:
        raise HeaderError(f"{lang}/{kind}: the template has no metadata comment")
    return parse_header(header, kind, lang)


def all_kinds(lang: str = "en") -> list[KindInfo]:
    """Every kind, in the order the kit lists them."""
    return [kind_info(kind, lang) for kind in KINDS]
