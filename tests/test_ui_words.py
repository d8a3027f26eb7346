"""Issue 15: every message the apps can show speaks the volunteer's words, in both languages.

The walk is generic: every catalog key a screen may say (all but the command line's, listed
in ``ddkit.ui.words.TOOL_ONLY``), through the screens' renderer, then every error the
renderers know, built for every letter kind, every field of the case and every reason, then
the assessments and the workshop's texts. Nothing may show a dotted field path, the id of a
letter kind, an intervention or a flag, a command-line option, a setting's name, or a
placeholder left unfilled. New flags, interventions, kinds and fields are walked as they come.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date

import pytest

import ddkit
from ddkit.errors import FieldIssue, UserError
from ddkit.i18n import LANGS, catalog, placeholders
from ddkit.ui import words
from ddkit.ui.words import TOOL_ONLY, known_ids, say, screen_text

DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
URL = re.compile(r"https?://\S+|\b(?:[\w-]+\.)+(?:gov|org|com|net|edu|us)\b\S*")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
SETTING = re.compile(r"\bDDKIT_[A-Z_]+\b")
LEFT_OVER = re.compile(r"\{[a-z_]*\}")
# Values as the code passes them, tool's words included: the renderer must not let them through.
SAMPLES = {
    "kind": "pd_request",
    "kinds": "pd_request, family_member",
    "path": "signer.name",
    "field": "person.a_number",
    "choices": "family_member, faith_leader, teacher_counselor",
    "option": "--on",
    "file": "letter-0123-20261202.docx",
    "id": "0123456789abcdef0123456789abcdef",
    "case_id": "case-0042",
    "message": "A plain sentence.",
    "state": "TX",
    "county": "Harris",
}
# Where one name means different things, what the code passes for that message.
KEY_SAMPLES = {
    "store.error.setting": {"what": "DDKIT_RETENTION_DAYS"},
    "store.error.shared_folder": {"where": "nfs4"},
}
NUMBERS = {"n", "total", "count", "max", "min", "years", "days", "children", "line", "target",
           "row", "pages", "first", "last", "files", "volumes", "exhibits", "drafts", "month",
           "day_count"}  # fmt: skip
DAYS = {"day", "on", "since", "start", "end", "as_of", "date", "cutoff", "year"}


def _ids() -> re.Pattern:
    snake = sorted((i for i in known_ids() if "_" in i), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, snake)) + r")\b")


ID = _ids()


def faults(text: str) -> list[str]:
    """Everything in a screen text that is the tool's words, not the volunteer's."""
    plain = URL.sub(" ", text)
    found = [f"dotted path {m}" for m in DOTTED.findall(plain)]
    found += [f"id {m}" for m in ID.findall(plain)]
    found += [f"option {m}" for m in OPTION.findall(plain)]
    found += [f"setting {m}" for m in SETTING.findall(plain)]
    found += [f"placeholder {m}" for m in LEFT_OVER.findall(text)]
    return found


def sample(name: str, key: str = ""):
    if name in KEY_SAMPLES.get(key, {}):
        return KEY_SAMPLES[key][name]
    if name in SAMPLES:
        return SAMPLES[name]
    if name in NUMBERS:
        return 3
    if name in DAYS:
        return "2026-12-02"
    return "Sample"


def screen_keys(lang: str) -> list[str]:
    return [k for k in catalog(lang) if not k.startswith(TOOL_ONLY)]


def test_the_checks_catch_the_tools_words():
    """The walk can fail: the issue's own example trips every check."""
    example = (
        "Todavía no se puede escribir la carta pd_request: complete todos los datos de abajo. "
        "De quien firma (--set clave=valor): signer.name: Su nombre {label} DDKIT_PASSPHRASE"
    )
    kinds = {f.split()[0] for f in faults(example)}
    assert kinds == {"dotted", "id", "option", "setting", "placeholder"}
    assert faults("See https://www.ice.gov/contact/field-offices or ice.gov.") == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_message_a_screen_can_say(lang):
    bad = {}
    for key in screen_keys(lang):
        text = catalog(lang)[key]
        values = {name: sample(name, key) for name in placeholders(text)}
        shown = say(key, lang, **values)
        if faults(shown):
            bad[key] = faults(shown)
    assert bad == {}


@pytest.mark.parametrize("lang", LANGS)
def test_the_screen_wordings_fill_every_placeholder(lang):
    """A ``ui.said`` wording names only values its key is given."""
    for key in catalog(lang):
        if not key.startswith("ui.said."):
            continue
        usual = key.removeprefix("ui.said.")
        assert usual in catalog(lang), key
        assert placeholders(catalog(lang)[key]) <= placeholders(catalog(lang)[usual]), key


# ------------------------------------------------------------------ errors, built


def _all_user_errors() -> set[type]:
    for module in pkgutil.walk_packages(ddkit.__path__, "ddkit."):
        try:
            importlib.import_module(module.name)
        except ImportError:  # an optional back-end that is not installed
            continue
    found, todo = set(), [UserError]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.add(sub)
            todo.append(sub)
    return found


def test_every_error_with_its_own_wording_has_a_screen_renderer():
    """An error whose command-line wording is built in code needs the screens' own."""
    for cls in _all_user_errors():
        if cls.message is not UserError.message:
            assert words.renderer_for(cls.__new__(cls)) is not None, cls.__qualname__


def _letter_errors(lang: str):
    from ddkit.letters.context import MissingFields
    from ddkit.letters.kinds import KINDS, kind_info
    from ddkit.letters.render import TemplateProblem, UnknownKind
    from ddkit.letters.signer import SIGNER_KEYS, SignerError

    for kind in KINDS:
        info = kind_info(kind, "en")
        yield MissingFields([*info.needs, *info.requires], kind)
    codes = [k.rsplit(".", 1)[1] for k in catalog(lang) if k.startswith("letters.signer_error.")]
    for code in codes:
        yield SignerError([(code, {"key": k, "max": 10, "keys": ", ".join(SIGNER_KEYS)})
                           for k in SIGNER_KEYS])  # fmt: skip
    for key in catalog(lang):
        if key.startswith("letters.template."):
            yield TemplateProblem(key.rsplit(".", 1)[1], "signer.nmae")
    yield UnknownKind("pd_requets")
    from ddkit.letters.safeguards import NothingToAsk

    for key in catalog(lang):
        if key.startswith("letters.refused.") and key not in ("letters.refused.head",
                                                               "letters.refused.why"):  # fmt: skip
            yield NothingToAsk(key.rsplit(".", 1)[1])


def _case_codes(lang: str) -> list[str]:
    """The reasons a case's field can be refused (``errors.<code>``)."""
    skip = {"errors.head", "errors.head_file", "errors.line"}
    return [k.split(".")[1] for k in catalog(lang)
            if k.startswith("errors.") and k.count(".") == 1 and k not in skip]  # fmt: skip


def _case_errors(lang: str):
    from ddkit.case import CaseError, Problem
    from ddkit.ui.rows import row_specs
    from ddkit.ui.steps import all_specs

    codes = _case_codes(lang)
    paths = [s.path for s in all_specs()] + [f"criminal_history.0.{s.name}" for s in row_specs()]
    paths += ["person.aliases.1", "assessment.asks", "office.name", ""]
    for code in codes:
        ctx = {name: sample(name) for name in placeholders(catalog(lang)[f"errors.{code}"])}
        yield CaseError([Problem(path=p, code=code, ctx=ctx) for p in paths])


def _store_errors():
    from ddkit.store import errors as store_errors

    for cls in vars(store_errors).values():
        if isinstance(cls, type) and issubclass(cls, store_errors.StoreError):
            text = catalog("en")[cls.key_name]
            yield cls(**{name: sample(name, cls.key_name) for name in placeholders(text)})


def every_error(lang: str):
    yield from _letter_errors(lang)
    yield from _case_errors(lang)
    yield from _store_errors()
    from ddkit.campaign.congress_upstream import CongressDataError

    yield CongressDataError("house.yaml", "entry", n=3, field="district")
    yield UserError(text="--volume-size: expected a whole number of at least 1.")
    yield UserError.wrap(next(_case_errors(lang)), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_the_apps_can_show(lang):
    from ddkit.ui.errors import failure_message

    bad = []
    for exc in every_error(lang):
        for where in (None, "above", "below"):
            shown = screen_text(exc, lang, where=where)
            assert shown.strip(), type(exc).__name__
            bad += [(type(exc).__name__, f) for f in faults(shown)]
        bad += [(type(exc).__name__, f) for f in faults(failure_message(exc, "0a1b2c3d", lang))]
    assert bad == []


@pytest.mark.parametrize("lang", LANGS)
def test_above_or_below_only_when_the_form_says_so(lang):
    from ddkit.letters.context import MissingFields

    exc = MissingFields(["signer.name", "consent.public_campaign"], "mass_personal")
    neither = screen_text(exc, lang)
    above = screen_text(exc, lang, where="above")
    below = screen_text(exc, lang, where="below")
    up, down = {"en": ("above", "below"), "es": ("arriba", "abajo")}[lang]
    assert up not in neither and down not in neither
    assert up in above and down not in above
    assert down in below and up not in below


@pytest.mark.parametrize("lang", LANGS)
def test_every_mark_next_to_a_field(lang):
    from ddkit.letters.signer import SIGNER_KEYS
    from ddkit.ui.steps import all_specs

    reasons = [k.rsplit(".", 1)[1] for k in catalog(lang) if k.startswith("ui.reason.")]
    reasons += _case_codes(lang)
    values = {}
    for key in catalog(lang):
        if key.startswith(("ui.reason.", "errors.")):
            values |= {name: sample(name) for name in placeholders(catalog(lang)[key])}
    paths = [s.path for s in all_specs()] + [f"signer.{k}" for k in SIGNER_KEYS]
    for path in paths:
        for reason in reasons:
            issue = FieldIssue(path, reason, values)
            line = words.issue_line(issue, lang)
            assert faults(line) == [], (path, reason, line)
            assert not line.startswith(":"), (path, reason)


# ------------------------------------------------------------------ what the screens compute


@pytest.mark.parametrize("lang", LANGS)
def test_the_assessments_and_the_workshop_texts(lang):
    from ddkit.assess import INTERVENTIONS, assess
    from ddkit.quiz import check_interventions
    from ddkit.report import assessment_text
    from ddkit.ui.workshop import _describe_policies
    from ddkit.workshop import practice_cases

    texts = []
    for case in practice_cases().values():
        texts.append(assessment_text(assess(case), lang))
        texts += check_interventions(case, list(INTERVENTIONS[:3]), lang=lang).lines(lang)
    for day in (date(2022, 6, 1), date(2026, 12, 2)):
        texts.append(_describe_policies(day, lang))
    assert [f for text in texts for f in faults(text)] == []
