"""The apps' words: what a volunteer reads on screen, never the tool's words.

The command line says ``signer.name``, ``pd_request`` and ``--set name=...``: right in a
terminal, next to the files and the options. A screen says "Your full name", the letter's
title, and points at the box to fill in. Both come from the same error object
(:mod:`ddkit.errors`); this module is the screens' renderer:

- :func:`say`: a catalog message in the screen's words. Where the usual wording is the
  command line's, the screen's own wording is ``ui.said.<key>``; ids among the values (a
  letter kind, an intervention, a field path) become their names.
- :func:`screen_text`: any error, for a screen. Letters that miss fields, signer details that
  cannot be used, a case's problems: each field by its label, with the reason; "above" or
  "below" only when the form says where its fields are.
- :func:`issue_line` and :func:`field_name`: one field at fault, by its label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from ddkit.errors import FieldIssue, UserError, field_issues
from ddkit.i18n import catalog, has, t

# Catalog keys never said on a screen as they are: the command line's own messages, and
# messages whose screen wording is built here from the error object instead.
TOOL_ONLY: tuple[str, ...] = (
    "cli.",  # the command line (two plain words, "in force" / "not in force", are shared)
    "ui.app.",  # `ddkit app`, printed in the terminal
    "campaign.cli.",
    "letters.cli.",
    "letters.list.",  # `ddkit letter --list`
    "letters.bad_set",
    "letters.unknown_kind",  # on screen: one plain sentence (the apps list their kinds)
    "letters.signer_file.",
    "letters.missing.",  # on screen: letter_missing below
    "letters.signer_error.",  # on screen: signer_problems below
    "letters.template.",  # on screen: one plain sentence
    "store.cli.",
    "org.",  # `ddkit org`, a command-line tool for whoever runs the kit
    "documents.",  # the words inside documents (letters, packets), and their command
    "errors.head_file",  # a case file's problems, on the command line
    "errors.line",
    "campaign.congress.problem.",  # the kit's data files: on screen, one plain sentence
    "campaign.congress.bad_file",
    "campaign.congress.need_from",  # `ddkit congress update`
)
_SEPARATOR = "; "


def said_key(key: str, lang: str) -> str:
    """The key whose wording a screen shows for ``key``: its ``ui.said`` wording, if any."""
    screen = f"ui.said.{key}"
    return screen if has(screen, lang) else key


def say(key: str, lang: str, /, **values: Any) -> str:
    """A catalog message in the screen's words (see the module's description)."""
    return t(said_key(key, lang), lang, **plain_values(values, lang))


# ------------------------------------------------------------------ ids into names


def letter_title(kind: str, lang: str) -> str:
    """A letter's title in the screen language (the kit's own name for it, never its id)."""
    from ddkit.letters.kinds import kind_info

    for code in (lang, "en"):
        try:
            return kind_info(kind, code).title
        except (KeyError, OSError, ValueError):
            continue
    return t("ui.words.a_letter", lang)


@cache
def _id_names() -> dict[str, tuple[str, ...]]:
    """Every id a message could carry, with the catalog keys that name it (first found)."""
    names: dict[str, list[str]] = {}
    for key in catalog("en"):
        for prefix in ("assess.intervention.", "assess.flag_title.", "campaign.letter_kind."):
            if key.startswith(prefix) and key.count(".") == prefix.count("."):
                names.setdefault(key[len(prefix) :], []).append(key)
    return {k: tuple(v) for k, v in names.items()}


def known_ids() -> set[str]:
    """The ids of letter kinds, interventions and flags (what a screen must never show)."""
    from ddkit.assess import FLAGS, INTERVENTIONS
    from ddkit.letters.kinds import KINDS

    return {*KINDS, *INTERVENTIONS, *FLAGS, *_id_names()}


def id_name(value: str, lang: str) -> str:
    """The name of an id (a letter's title first), or the value itself if it is none."""
    from ddkit.letters.kinds import KINDS

    if value in KINDS:
        return letter_title(value, lang)
    for key in _id_names().get(value, ()):
        return t(key, lang)
    return value


_WORD = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


def plain_values(values: dict[str, Any], lang: str) -> dict[str, Any]:
    """Values fit for a screen: a field path becomes its label, an id its name."""
    ids = known_ids()
    out = {}
    for name, value in values.items():
        if not isinstance(value, str):
            out[name] = value
        elif name in ("path", "field") and "." in value:
            out[name] = field_name(value, lang) or t("ui.words.a_detail", lang)
        else:
            out[name] = _WORD.sub(
                lambda m: id_name(m.group(0), lang) if m.group(0) in ids else m.group(0), value
            )
    return out


# ------------------------------------------------------------------ fields by their labels


def field_name(path: str, lang: str) -> str:
    """A field by the words on the form: its label, a record's number, its step for a case.

    >>> field_name("signer.name", "en")
    'Your full name'
    """
    root, _, rest = path.partition(".")
    if root == "signer":
        key = f"letters.signer.{rest}.label"
        return t(key, lang) if has(key, lang) else t("ui.words.a_detail", lang)
    if root == "letter" and rest == "date":
        return t("letters.signer.date.label", lang)
    from ddkit.ui.review import field_place

    part = f"ui.words.part.{root}"  # what the kit works out from the case, not a question
    return field_place(path, lang) or (t(part, lang) if has(part, lang) else "")


def reason_text(issue: FieldIssue, lang: str, *, letter: bool = False) -> str:
    """Why a field is marked, without its name (the name is given next to it)."""
    if letter and issue.reason == "missing":
        return t("ui.reason.needed", lang)
    values = plain_values(issue.values, lang)
    if issue.reason == "choice":
        values["choices"] = _choice_names(issue.path, lang) or values.get("choices", "")
    for key in (f"ui.reason.{issue.reason}", f"errors.{issue.reason}"):
        if has(key, lang):
            return t(key, lang, **values)
    return t("ui.reason.invalid", lang)


def _choice_names(path: str, lang: str) -> str:
    from ddkit.ui.fields import choice_label
    from ddkit.ui.steps import all_specs

    for spec in all_specs():
        if spec.path == path and spec.choices:
            return ", ".join(choice_label(spec, v, lang) for v in spec.choices)
    return ""


def issue_line(
    issue: FieldIssue, lang: str, *, letter: bool = False, name: str | None = None
) -> str:
    """``Label: reason``: what a form shows next to a field, and what a message lists.

    ``name`` replaces the field's name (a form puts the question's own label).
    """
    reason = reason_text(issue, lang, letter=letter)
    name = field_name(issue.path, lang) if name is None else name
    return t("ui.words.issue", lang, field=name, reason=reason) if name else reason


def _names(issues: Iterable[FieldIssue], lang: str) -> str:
    names = (field_name(i.path, lang) or t("ui.words.a_detail", lang) for i in issues)
    return _SEPARATOR.join(dict.fromkeys(names))


# ------------------------------------------------------------------ errors for a screen


def _letter_missing(exc, lang: str, where: str | None) -> str:
    issues = field_issues(exc)
    signer = [i for i in issues if i.path.startswith(("signer.", "letter."))]
    case = [i for i in issues if i not in signer]
    lines = [t("ui.words.letter_missing", lang, title=letter_title(exc.kind, lang))]
    if signer:
        key = f"ui.words.fill_marked_{where}" if where else "ui.words.fill_signer"
        lines.append(t(key, lang, fields=_names(signer, lang)))
    if case:
        lines.append(t("ui.words.from_case", lang))
        lines += ["- " + issue_line(i, lang, letter=True) for i in case]
    return "\n".join(lines)


def _signer_problems(exc, lang: str, where: str | None) -> str:
    issues = field_issues(exc)
    key = f"ui.words.signer_marked_{where}" if where and issues else "ui.words.signer_problems"
    lines = [t(key, lang)]
    lines += ["- " + issue_line(i, lang) for i in issues]
    if len(issues) < len(exc.problems):  # problems with the whole form, not one field
        lines.append("- " + t("ui.reason.invalid", lang))
    return "\n".join(lines)


def _case_problems(exc, lang: str, where: str | None) -> str:
    lines = [t("ui.words.case_problems", lang)]
    return "\n".join([*lines, *("- " + issue_line(i, lang) for i in field_issues(exc))])


def _nothing_to_ask(exc, lang: str, where: str | None) -> str:
    """A refused discretion request: the same plain words as the command line, without how
    the attorney overrides it there (that is an option of the command line)."""
    keys = ("letters.refused.head", exc.key, "letters.refused.why")
    return "\n".join(say(key, lang) for key in keys)


def _one_sentence(key: str) -> Callable[[Any, str, str | None], str]:
    return lambda _exc, lang, _where: t(key, lang)


# Errors whose words are built from their data, by the class's dotted name (no imports).
RENDERERS: dict[str, Callable[[Any, str, str | None], str]] = {
    "ddkit.letters.context.MissingFields": _letter_missing,
    "ddkit.letters.signer.SignerError": _signer_problems,
    "ddkit.letters.render.TemplateProblem": _one_sentence("ui.words.template"),
    "ddkit.letters.render.UnknownKind": _one_sentence("ui.words.unknown_letter"),
    "ddkit.letters.safeguards.NothingToAsk": _nothing_to_ask,
    "ddkit.case.CaseError": _case_problems,
    "ddkit.campaign.congress_upstream.CongressDataError": _one_sentence("ui.words.kit_data"),
}


def renderer_for(exc: BaseException) -> Callable | None:
    for cls in type(exc).__mro__:
        found = RENDERERS.get(f"{cls.__module__}.{cls.__qualname__}")
        if found is not None:
            return found
    return None


def screen_text(exc: BaseException, lang: str, *, where: str | None = None) -> str:
    """What a screen says about an error a user can fix, in the screen language.

    Args:
        exc: the error (a :class:`~ddkit.errors.UserError`, or a case's problems).
        lang: the screen language.
        where: ``"above"`` or ``"below"`` when the form marks the fields at fault and they
            are there, relative to the message; ``None`` to say neither.
    """
    exc = getattr(exc, "original", None) or exc
    render = renderer_for(exc)
    if render is not None:
        return render(exc, lang, where)
    if isinstance(exc, UserError) and exc.key:
        return say(exc.key, lang, **exc.values)
    return t("ui.words.cannot_use", lang)  # a ready-made sentence may be the command line's
