"""Letters for a saved case, offered as DOCX and PDF downloads that work inside Voilà.

The volunteer picks a kind of letter and its language, fills in the signer's details the kind
asks for (labels from the ``letters.signer`` catalog), and presses a button. The file travels
inside the page as a download link (:func:`ddkit.ui.safe.download_widget`): nothing is written
to the server's disk, and the file name holds no one's name.
"""

from __future__ import annotations

import importlib.util

import ipywidgets as widgets

from ddkit.case import Problem
from ddkit.errors import UserError, field_issues
from ddkit.i18n import LANGS, t
from ddkit.ui import safe
from ddkit.ui.inputs import INVALID_CLASS, shared_style
from ddkit.ui.words import issue_line, screen_text

FORMATS = ("docx", "pdf")
ASKED = ("name", "relationship", "title", "organization", "address", "city", "state", "email",
         "phone", "years_known", "story", "language")  # fmt: skip
SIGNER_CAP = {"story": 10_000, "address": 500}  # as ddkit.letters.signer caps them
DEFAULT_CAP = 200
LANG_NAMES = {"en": "English", "es": "Español"}


def letters_available() -> bool:
    """Whether the kit can render letters and write DOCX and PDF here."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("ddkit.letters.render", "ddkit.documents.docx", "ddkit.documents.pdf")
    )


def kinds_in(lang: str) -> list[str]:
    """The letter kinds that have a template in ``lang``."""
    from ddkit.letters.kinds import KINDS, template_path

    return [kind for kind in KINDS if template_path(kind, lang).is_file()]


def signer_keys(kind: str, lang: str) -> list[str]:
    """The signer's details a kind reads (needed first, then optional), in the form's order."""
    from ddkit.letters.kinds import kind_info

    info = kind_info(kind, lang)
    needs = {p.split(".", 1)[1] for p in info.needs if p.startswith("signer.")}
    optional = {p.split(".", 1)[1] for p in info.optional if p.startswith("signer.")}
    return [k for k in ASKED if k in needs] + [k for k in ASKED if k in optional - needs]


def letter_file(case, kind: str, lang: str, signer: dict, fmt: str) -> tuple[bytes, str]:
    """Render one letter and return its bytes and file name (``<kind>-<id>-<date>.<ext>``)."""
    from ddkit.letters import letter_filename, render_letter

    letter = render_letter(kind, case, signer, lang=lang)
    if fmt == "pdf":
        from ddkit.documents.pdf import pdf_bytes

        data = pdf_bytes(letter)
    else:
        from ddkit.documents.docx import docx_bytes

        data = docx_bytes(letter)
    return data, letter_filename(kind, letter.case_id, letter.date, fmt)


class LetterOffer:
    """Pick a letter, fill in the signer, prepare it as DOCX or PDF, save it from a link."""

    def __init__(self, form):
        self.form = form
        self.heading = safe.blocks_widget()
        wide = {"description_width": "initial"}
        self.lang = widgets.Dropdown(options=[(LANG_NAMES[c], c) for c in LANGS], style=wide)
        self.kind = widgets.Dropdown(options=[], style=wide)
        self.signer: dict[str, widgets.Widget] = {}
        self.marks: dict[str, widgets.Label] = {}  # under each box: what is wrong with it
        self.boxes: dict[str, widgets.VBox] = {}
        self.signer_box = widgets.VBox()
        self.error = None  # the last problem shown, said again if the language changes
        # Named from the start: a button shown before its name arrives is unnamed to a reader.
        self.buttons = {
            fmt: widgets.Button(description=t(f"ui.letters.prepare_{fmt}", form.lang))
            for fmt in FORMATS
        }
        self.notice = safe.notice_widget()
        self.link = widgets.Box()
        for fmt, button in self.buttons.items():
            button.on_click(form.guard("letter")(lambda _b, fmt=fmt: self.prepare(fmt)))
        self.lang.observe(form.guard("letter_lang")(lambda _c: self._fill_kinds()), names="value")
        self.kind.observe(form.guard("letter_kind")(lambda _c: self._fill_signer()), names="value")
        self.box = widgets.VBox(
            [self.heading, self.lang, self.kind, self.signer_box,
             widgets.HBox(list(self.buttons.values())), self.notice, self.link]
        )  # fmt: skip
        self.lang.value = form.lang
        self._fill_kinds()

    def _fill_kinds(self) -> None:
        from ddkit.letters.kinds import kind_info

        lang = self.lang.value
        keep = self.kind.value
        self.kind.options = [(kind_info(k, lang).title, k) for k in kinds_in(lang)]
        if keep in {v for _, v in self.kind.options}:
            self.kind.value = keep
        self._fill_signer()

    def _fill_signer(self) -> None:
        if self.kind.value is None:
            self.signer_box.children = []
            return
        for key in signer_keys(self.kind.value, self.lang.value):
            if key not in self.signer:
                box = (
                    widgets.Textarea(rows=5, continuous_update=False)
                    if key == "story"
                    else widgets.Text(continuous_update=False)
                )
                box.style.description_width = "initial"
                box.layout = widgets.Layout(width="100%", max_width="42em")
                mark = widgets.Label(
                    style=shared_style("error"), layout=widgets.Layout(width="100%")
                )
                mark.add_class("ddkit-error")
                self.signer[key], self.marks[key] = box, mark
                self.boxes[key] = widgets.VBox([box, mark], layout=widgets.Layout(width="100%"))
        shown = signer_keys(self.kind.value, self.lang.value)
        self.signer_box.children = [self.boxes[key] for key in shown]
        self.show_error(None)
        self.relabel()

    def signer_values(self) -> dict[str, str]:
        """The signer's details typed for the chosen kind (checked on the server first)."""
        from ddkit.letters.signer import SignerError

        values = {}
        for key in signer_keys(self.kind.value, self.lang.value):
            value = self.signer[key].value
            cap = SIGNER_CAP.get(key, DEFAULT_CAP)
            if not isinstance(value, str) or len(value) > cap:
                raise SignerError([("too_long", {"key": key, "max": cap})])
            if value.strip():
                values[key] = value
        return values

    def prepare(self, fmt: str) -> None:
        """Render the chosen letter and offer it as a download link."""
        case = self.form.saved.case
        if case is None or fmt not in FORMATS or self.kind.value not in kinds_in(self.lang.value):
            return  # a click that the screen does not offer right now
        self._drop_file()
        try:
            data, name = letter_file(
                case, self.kind.value, self.lang.value, self.signer_values(), fmt
            )
        except UserError as exc:  # fields are missing: mark each, say which, plainly
            self.show_error(exc, focus=True)
            return
        self.show_error(None)
        label = t("ui.letters.download", self.form.lang, title=self._title(), format=fmt.upper())
        self.link.children = [safe.download_widget(data, name, label)]
        safe.set_notice(self.notice, t("ui.letters.ready", self.form.lang), "ok")

    def _title(self) -> str:
        from ddkit.ui.words import letter_title

        return letter_title(self.kind.value, self.form.lang)

    def show_error(self, exc: UserError | None, *, focus: bool = False) -> None:
        """Mark each signer box at fault (its label and why), say what is wrong; ``focus``
        puts the keyboard in the first box marked.

        Fields of the case that a letter needs are marked on their steps of the form.
        """
        self.error = exc
        issues = field_issues(exc) if exc is not None else ()
        by_key = {i.path.split(".", 1)[1]: i for i in issues if i.path.startswith("signer.")}
        lang = self.form.lang
        for key, mark in self.marks.items():
            issue = by_key.get(key)
            box = self.signer[key]
            if issue is None:
                mark.value = ""
                box.remove_class(INVALID_CLASS)
            else:
                label = t(f"letters.signer.{key}.label", lang)
                mark.value = issue_line(issue, lang, letter=True, name=label)
                box.add_class(INVALID_CLASS)
        if exc is None:
            safe.set_notice(self.notice, "")
            return
        case = [i for i in issues if not i.path.startswith(("signer.", "letter."))]
        reason = {"missing": "needed"}
        self.form.mark([Problem(path=i.path, code=reason.get(i.reason, i.reason)) for i in case])
        # The signer's boxes are above this message: say so, since they are marked there.
        safe.set_notice(self.notice, screen_text(exc, lang, where="above"), "error")
        shown = signer_keys(self.kind.value, self.lang.value)
        first = next((key for key in shown if key in by_key), None)
        if focus and first is not None:
            self.signer[first].focus()

    def _drop_file(self) -> None:
        """Close the file prepared before: hidden is not enough, the browser keeps the state
        of a widget until it is closed."""
        for old in self.link.children:
            old.close()
        self.link.children = []

    def reset(self) -> None:
        """Forget prepared files and typed signer details (a new case, or the same one again)."""
        self._drop_file()
        self.show_error(None)
        for box in self.signer.values():
            box.value = ""

    def relabel(self) -> None:
        lang = self.form.lang
        safe.set_blocks(self.heading, [("h4", t("ui.letters.heading", lang))])
        self.lang.description = t("ui.letters.lang", lang)
        self.kind.description = t("ui.letters.kind", lang)
        for fmt, button in self.buttons.items():
            button.description = t(f"ui.letters.prepare_{fmt}", lang)
        for key, box in self.signer.items():
            box.description = t(f"letters.signer.{key}.label", lang)
            box.placeholder = ""
        if self.error is not None:
            self.show_error(self.error)
