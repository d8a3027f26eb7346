"""Letters for a saved case, offered as DOCX and PDF downloads that work inside Voilà.

The volunteer picks a kind of letter and its language, fills in the signer's details the kind
asks for (labels from the ``letters.signer`` catalog), and presses a button. The file travels
inside the page as a download link (:func:`ddkit.ui.safe.download_widget`): nothing is written
to the server's disk, and the file name holds no one's name.
"""

from __future__ import annotations

import importlib.util

import ipywidgets as widgets

from ddkit.errors import UserError
from ddkit.i18n import LANGS, t
from ddkit.ui import safe

FORMATS = ("docx", "pdf")
ASKED = ("name", "relationship", "title", "organization", "address", "city", "state", "email",
         "phone", "years_known", "story")  # fmt: skip
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
        self.signer_box = widgets.VBox()
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
                box = widgets.Textarea(rows=5) if key == "story" else widgets.Text()
                box.style.description_width = "initial"
                box.layout = widgets.Layout(width="100%", max_width="42em")
                self.signer[key] = box
        shown = signer_keys(self.kind.value, self.lang.value)
        self.signer_box.children = [self.signer[key] for key in shown]
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
        self.link.children = []
        try:
            data, name = letter_file(
                case, self.kind.value, self.lang.value, self.signer_values(), fmt
            )
        except UserError as exc:  # a field is missing: say which, plainly
            safe.set_notice(self.notice, exc.message(self.form.lang), "error")
            return
        label = t("ui.letters.download", self.form.lang, file=name)
        self.link.children = [safe.download_widget(data, name, label)]
        safe.set_notice(self.notice, t("ui.letters.ready", self.form.lang), "ok")

    def reset(self) -> None:
        """Forget prepared files and typed signer details (a new case, or the same one again)."""
        self.link.children = []
        safe.set_notice(self.notice, "")
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
