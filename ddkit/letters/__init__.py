"""Letters of support and the discretion request, in English and Spanish.

One intake feeds every letter: the case, its assessment and a signer fill a kind's template
(``templates/<lang>/<kind>.j2``) and give a :class:`Letter`, which becomes Markdown or HTML
here and DOCX or PDF in :mod:`ddkit.documents`::

    from ddkit.letters import render_letter, to_markdown
    letter = render_letter("faith_leader", case, {"name": "Rev. Ana Ruiz", ...}, lang="es")
    print(to_markdown(letter))

Names load on first use, so importing ``ddkit.letters`` stays cheap.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Letter": "ddkit.letters.model",
    "KINDS": "ddkit.letters.kinds",
    "KindInfo": "ddkit.letters.kinds",
    "kind_info": "ddkit.letters.kinds",
    "all_kinds": "ddkit.letters.kinds",
    "SIGNER_KEYS": "ddkit.letters.signer",
    "SignerError": "ddkit.letters.signer",
    "parse_signer": "ddkit.letters.signer",
    "load_signer": "ddkit.letters.signer",
    "combine_signer": "ddkit.letters.signer",
    "MissingFields": "ddkit.letters.context",
    "format_date": "ddkit.letters.context",
    "field_label": "ddkit.letters.context",
    "LetterMaker": "ddkit.letters.render",
    "render_letter": "ddkit.letters.render",
    "UnknownKind": "ddkit.letters.render",
    "TemplateProblem": "ddkit.letters.render",
    "render_custom": "ddkit.letters.custom",
    "to_markdown": "ddkit.letters.formats",
    "to_html": "ddkit.letters.formats",
    "body_blocks": "ddkit.letters.formats",
    "date_text": "ddkit.letters.formats",
    "case_id": "ddkit.letters.naming",
    "letter_filename": "ddkit.letters.naming",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ddkit.letters' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
