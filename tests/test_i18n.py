"""Language catalogs: every language holds every key, with the same placeholders."""

import pytest

from ddkit.i18n import LANGS, catalog, check_lang, placeholders, t


def test_every_language_has_the_same_keys():
    english = set(catalog("en"))
    for lang in LANGS:
        assert set(catalog(lang)) == english, lang


def test_placeholders_match_across_languages():
    for key, text in catalog("en").items():
        for lang in LANGS:
            assert placeholders(catalog(lang)[key]) == placeholders(text), (lang, key)


def test_no_message_is_empty():
    for lang in LANGS:
        assert all(text.strip() for text in catalog(lang).values())


def test_unknown_languages_are_refused_plainly():
    with pytest.raises(ValueError, match="choose one of: en, es"):
        check_lang("fr")


def test_a_missing_key_names_itself():
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key", "en")


def _field_paths(model, prefix=""):
    from pydantic import BaseModel

    for name, info in model.model_fields.items():
        if name in ("version", "fictional"):
            continue
        sub = info.annotation
        args = getattr(sub, "__args__", ())
        inner = args[0] if args and isinstance(args[0], type) else sub
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from _field_paths(inner, f"{prefix}{name}.")
        else:
            yield prefix + name


def test_every_case_field_has_a_label_and_help_in_every_language():
    from ddkit.case import Case

    paths = list(_field_paths(Case))
    assert "criminal_history.offense" in paths and "person.a_number" in paths
    for lang in LANGS:
        for path in paths:
            assert t(f"field.{path}.label", lang) and t(f"field.{path}.help", lang)
