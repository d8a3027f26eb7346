"""Issue 15: every message the apps can show speaks the volunteer's words, in both languages.

The walk is generic: every catalog key a screen may say (all but the command line's, listed
in ``ddkit.ui.words.TOOL_ONLY``), through the screens' renderer, then every error the
renderers know, built for every letter kind, every field of the case and every reason, then
the assessments and the workshop's texts. Nothing may show a dotted field path, the id of a
letter kind, an intervention or a flag, a command-line option, a setting's name, or a
placeholder left unfilled. New flags, interventions, kinds and fields are walked as they come.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

import ddkit
from ddkit import i18n
from ddkit.errors import FieldIssue, UserError
from ddkit.i18n import LANGS, placeholders
from ddkit.ui import words
from ddkit.ui.words import TOOL_ONLY, known_ids, say, screen_text


def catalog(lang: str) -> dict[str, str]:
    return i18n.catalog(lang)  # looked up when called: a test can add a bad message


DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
URL = re.compile(r"https?://\S+|\b(?:[\w-]+\.)+(?:gov|org|com|net|edu|us)\b\S*")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
SETTING = re.compile(r"\bDDKIT_[A-Z_]+\b")
LEFT_OVER = re.compile(r"\{[a-z0-9_]*(?:[:!][^{}]*)?\}")  # {name}, {n:,}, {}
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


@cache
def named_by_screens() -> frozenset[str]:
    """The catalog keys the screens' code names: literally, or by the start of an f-string
    (``f"ui.letters.prepare_{fmt}"``). The list of the command line's keys is not a use."""
    keys, named = set(catalog("en")), set()
    for path in sorted(Path(words.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(node) for top in tree.body if isinstance(top, ast.AnnAssign)
                and getattr(top.target, "id", "") == "TOOL_ONLY" for node in ast.walk(top)}  # fmt: skip
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Constant) and node.value in keys:
                named.add(node.value)
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                start = str(node.values[0].value)
                named |= {key for key in keys if "." in start and key.startswith(start)}
    return frozenset(named)


def screen_keys(lang: str) -> list[str]:
    """Every key a screen may say: all but the command line's, and any the screens name."""
    named = named_by_screens()
    return [k for k in catalog(lang) if not k.startswith(TOOL_ONLY) or k in named]


def test_the_checks_catch_the_tools_words_in_a_text():
    """The walk can fail: the issue's own example trips every check."""
    example = (
        "Todavía no se puede escribir la carta pd_request: complete todos los datos de abajo. "
        "De quien firma (--set clave=valor): signer.name: Su nombre {label} DDKIT_PASSPHRASE"
    )
    kinds = {f.split()[0] for f in faults(example)}
    assert kinds == {"dotted", "id", "option", "setting", "placeholder"}
    assert faults("See https://www.ice.gov/contact/field-offices or ice.gov.") == []
    left = ["placeholder {max:,}", "placeholder {}"]
    assert faults("At most {max:,} characters, {} left.") == left


def said_faults(key: str, lang: str, values: dict) -> list[str]:
    """The faults of one message as a screen says it (a value it names and is not given too)."""
    try:
        return faults(say(key, lang, **values))
    except KeyError as exc:
        return [f"placeholder {{{exc.args[0]}}} not given"]


def catalog_faults(lang: str) -> dict[str, list[str]]:
    """Every catalog message a screen may say, with the values the code gives it (those its
    English wording names), and what is wrong with each."""
    bad = {}
    for key in screen_keys(lang):
        values = {name: sample(name, key) for name in placeholders(catalog("en")[key])}
        found = said_faults(key, lang, values)
        if found:
            bad[key] = found
    return bad


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_message_a_screen_can_say(lang):
    assert catalog_faults(lang) == {}


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


def error_faults(lang: str) -> list[tuple[str, str]]:
    """Every error the renderers know, said on a screen (no place, above, below, and as the
    message of a failed action), and what is wrong with each."""
    from ddkit.ui.errors import failure_message

    bad = []
    for exc in every_error(lang):
        name = type(exc).__name__
        for say_it in (*(lambda e, w=where: screen_text(e, lang, where=w)
                         for where in (None, "above", "below")),
                       lambda e: failure_message(e, "0a1b2c3d", lang)):  # fmt: skip
            try:
                shown = say_it(exc)
            except KeyError as missing:
                bad.append((name, f"placeholder {{{missing.args[0]}}} not given"))
                continue
            bad += [(name, f) for f in faults(shown) or ([] if shown.strip() else ["nothing"])]
    return bad


@pytest.mark.parametrize("lang", LANGS)
def test_every_error_the_apps_can_show(lang):
    assert error_faults(lang) == []


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


# ------------------------------------------------------------------ the walks can fail


@pytest.fixture
def add_messages(monkeypatch):
    """Add messages to both catalogs for one test, as if a module had shipped them."""
    real = i18n.catalog

    def add(messages: dict[str, str]) -> None:
        merged = {lang: {**real(lang), **messages} for lang in LANGS}
        monkeypatch.setattr(i18n, "catalog", lambda lang: merged[i18n.check_lang(lang)])

    return add


def _snake(ids) -> str:
    return next(i for i in ids if "_" in i)


def _bad_messages() -> list[tuple[dict[str, str], str]]:
    """Messages a module could ship by mistake, each with the one fault the walk must name."""
    from ddkit.assess import FLAGS, INTERVENTIONS
    from ddkit.letters.kinds import KINDS

    key = "ui.walk_test.bad"
    kind, intervention, flag = _snake(KINDS), _snake(INTERVENTIONS), _snake(FLAGS)
    return [
        ({key: "Fill in signer.name, then try again."}, "dotted path signer.name"),
        ({key: f"The letter {kind} cannot be written yet."}, f"id {kind}"),
        ({key: f"This case opens {intervention}."}, f"id {intervention}"),
        ({key: f"Flagged: {flag}."}, f"id {flag}"),
        ({key: "Give it again with --set name=value."}, "option --set"),
        # The screen's wording names a value its key is never given: left as it is when the
        # key has no values, refused when it has others.
        ({key: "Ready.", f"ui.said.{key}": "Ready: {title}."}, "placeholder {title}"),
        ({key: "For {name}.", f"ui.said.{key}": "{title} for {name}."},
         "placeholder {title} not given"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("messages", "fault"), _bad_messages(),
    ids=["dotted", "letter-kind", "intervention", "flag", "option", "left-over", "not-given"],
)  # fmt: skip
def test_the_catalog_walk_fails_on_a_bad_message(add_messages, messages, fault):
    add_messages(messages)
    assert catalog_faults("es") == {"ui.walk_test.bad": [fault]}


def test_the_walk_says_the_command_lines_keys_a_screen_names_too():
    """The case page says a consent line in the summary's words (``documents.``, otherwise
    the documents' own): walked, since a screen names it."""
    assert "documents.summary.public" in screen_keys("es")
    assert "documents.summary.not_advice" not in screen_keys("es")  # only in the PDF
    assert "letters.bad_set" not in screen_keys("es")  # listed as the command line's, not said


def test_the_catalog_walk_lets_addresses_through(add_messages):
    """A dotted name inside a web address is not a field path."""
    add_messages({"ui.walk_test.ok": "See https://www.ice.gov/detain/facilities.html or ice.gov."})
    assert catalog_faults("es") == {}


def _letter_missing_faults(monkeypatch, render) -> set[str]:
    monkeypatch.setitem(words.RENDERERS, "ddkit.letters.context.MissingFields", render)
    return {fault for name, fault in error_faults("es") if name == "MissingFields"}


def test_the_error_walk_fails_on_the_command_lines_wording(monkeypatch):
    """The issue's own bug: the screen shows the command line's message."""
    found = _letter_missing_faults(monkeypatch, lambda exc, lang, _where: exc.message(lang))
    assert {"id pd_request", "dotted path signer.name", "option --set"} <= found


def test_the_error_walk_fails_on_ids_and_paths(monkeypatch):
    from ddkit.errors import field_issues
    from ddkit.i18n import t

    def ids(exc, lang, _where):
        return t("ui.words.letter_missing", lang, title=exc.kind)

    def paths(exc, lang, _where):
        return "; ".join(issue.path for issue in field_issues(exc))

    assert "id pd_request" in _letter_missing_faults(monkeypatch, ids)
    assert "dotted path signer.name" in _letter_missing_faults(monkeypatch, paths)


def test_the_error_walk_fails_on_a_value_forgotten(monkeypatch):
    from ddkit.i18n import t

    def none_given(_exc, lang, _where):
        return t("ui.words.letter_missing", lang)  # {title} stays as it is

    def one_missing(exc, lang, _where):
        return t("ui.words.fill_marked_above", lang, title=exc.kind)

    assert _letter_missing_faults(monkeypatch, none_given) == {"placeholder {title}"}
    assert _letter_missing_faults(monkeypatch, one_missing) == {"placeholder {fields} not given"}


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
