"""Language catalogs: every sentence the kit shows, in English and Spanish.

Catalogs are YAML files in ``ddkit/locales/<lang>/<domain>.yaml``. Each file holds flat,
dotted keys. A module owns its domain file, so that work on letters never edits the
intake's wording. Every language must hold the same keys: ``tests/test_i18n.py`` checks it.

Two settings are never mixed up: the *screen* language (messages, widgets) and the *letter*
language (the document produced). Both use the codes in :data:`LANGS`.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

import yaml

from ddkit import datacache

LANGS: tuple[str, ...] = ("en", "es")
DEFAULT_LANG = "en"
_LOCALES = Path(__file__).with_name("locales")
# libyaml parses the catalogs about ten times faster than the pure-Python reader.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(Exception):
    """A language catalog is broken (a packaging bug, never the user's fault)."""


def check_lang(lang: str | None) -> str:
    """Return a supported language code, or raise ``ValueError``.

    >>> check_lang("ES")
    'es'
    >>> check_lang(None)
    'en'
    """
    code = (lang or DEFAULT_LANG).strip().lower()[:2]
    if code not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; choose one of: {', '.join(LANGS)}")
    return code


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its domain files (kept in :mod:`datacache`)."""
    lang = check_lang(lang)
    files = sorted((_LOCALES / lang).glob("*.yaml"))
    return datacache.load(f"catalog-{lang}", files, lambda: _merge(files))


def _merge(files: list[Path]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506
        if not isinstance(data, dict):
            raise CatalogError(f"{path.name}: expected a mapping of keys to messages")
        for key, text in _flatten(data):
            if key in merged:
                raise CatalogError(f"{path.name}: key {key!r} is defined twice")
            merged[key] = text
    return merged


def _flatten(data: dict, prefix: str = ""):
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, full + ".")
        else:
            yield full, str(value)


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """Translate ``key`` into ``lang`` and fill its ``{placeholders}``.

    A missing key is a bug in the kit; it raises ``KeyError`` naming the key, so tests catch it.

    >>> t("common.yes", "es")
    'sí'
    """
    text = catalog(check_lang(lang))[key]
    return text.format(**values) if values else text


def both(key: str, /, **values: object) -> dict[str, str]:
    """The message in every language, as ``{"en": ..., "es": ...}``."""
    return {lang: t(key, lang, **values) for lang in LANGS}


def has(key: str, lang: str | None = None) -> bool:
    """Whether the catalog holds ``key``."""
    return key in catalog(check_lang(lang))


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message expects.

    >>> sorted(placeholders("{a} and {b}"))
    ['a', 'b']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
