"""The frame around the questions: language, step heading, buttons, messages, resume.

Everything here is labelled from the ``ui`` catalog and relabelled in place when the screen
language changes. Messages go through :mod:`ddkit.ui.safe`, so nothing typed is ever markup.
"""

from __future__ import annotations

import ipywidgets as widgets

from ddkit.i18n import has, t
from ddkit.ui import review, safe
from ddkit.ui.steps import STEPS

LANG_OPTIONS = [("English", "en"), ("Español", "es")]
ID_CAP = 64  # codes are 7 signs and ids 32 hex characters; anything much longer is neither
PAGE = widgets.Layout(max_width="52em", padding="0.5em 1em", width="100%")


def step_title(step_id: str, lang: str) -> str:
    """A step's title: the section name from the case catalog, else the app's own."""
    key = f"field.{step_id}._section"
    return t(key, lang) if has(key, lang) else t(f"ui.step.{step_id}", lang)


def step_help(step_id: str, lang: str) -> str:
    key = f"field.{step_id}._help"
    return t(key, lang) if has(key, lang) else t(f"ui.step_help.{step_id}", lang)


class Chrome:
    """The widgets around the steps of an :class:`~ddkit.ui.intake.IntakeForm`."""

    def __init__(self, form):
        self.form = form
        self.banner = safe.notice_widget()
        self.language = widgets.ToggleButtons(options=LANG_OPTIONS, value=form.lang)
        self.language.observe(self._language_changed, names="value")
        self.title = safe.blocks_widget()
        self.heading = safe.blocks_widget()
        self.intro = widgets.Label(layout=widgets.Layout(width="100%"))
        self.body = widgets.Box(layout=widgets.Layout(width="100%"))
        self.status = safe.notice_widget()
        self.back = widgets.Button()
        self.next = widgets.Button(button_style="primary")
        self.save = widgets.Button(button_style="success")
        self.back.on_click(form.guard("back")(form.go_back))
        self.next.on_click(form.guard("next")(form.go_next))
        self.save.on_click(form.guard("save")(form.save))
        self.nav = widgets.HBox([self.back, self.next, self.save])
        self.nav.add_class("ddkit-nav")  # stays at the bottom of the screen (style.css)
        self.ids = widgets.Label()
        self.resume_id = widgets.Text(
            continuous_update=False,
            style={"description_width": "initial"},
            layout=widgets.Layout(
                display="flex", flex_flow="column", width="100%", max_width="42em"
            ),  # fmt: skip
        )
        self.resume_id.add_class("ddkit-q")
        self.resume_button = widgets.Button()
        self.resume_button.on_click(form.guard("resume")(self._resume_clicked))
        self.new_button = widgets.Button()
        self.new_button.on_click(form.guard("new_case")(form.new_case))
        self.review_problems = safe.notice_widget()
        self.review_blocks = safe.blocks_widget()
        # After saving, what to do next comes first; the answers stay below for a last look.
        self.review_box = widgets.VBox(
            [form.saved.box, self.review_problems, self.review_blocks],
            layout=widgets.Layout(width="100%"),
        )
        self.widget = widgets.VBox(
            [
                safe.style_widget(),
                self.banner,
                self.language,
                self.title,
                self.heading,
                self.intro,
                self.body,
                self.status,
                self.nav,
                self.ids,
                self.resume_id,
                widgets.HBox([self.resume_button, self.new_button]),
            ],
            layout=PAGE,
        )
        self.widget.add_class(safe.FORM_CLASS)
        self.relabel()

    # ------------------------------------------------------------ events

    def _language_changed(self, change) -> None:
        lang = change["new"]
        if lang not in {v for _, v in LANG_OPTIONS}:  # a value the screen never offers
            return
        self.form.guard("language")(self.form.set_lang)(lang)

    def _resume_clicked(self, _button=None) -> None:
        text = self.resume_id.value
        if not isinstance(text, str) or len(text) > ID_CAP:
            self.say(t("ui.resume.not_found", self.form.lang))
            return
        self.form.resume(text)
        self.resume_id.value = ""

    # ------------------------------------------------------------ showing

    def relabel(self) -> None:
        """Every label of the frame in the current screen language."""
        lang = self.form.lang
        demo = t("ui.demo.banner", lang) if self.form.demo else ""
        safe.set_notice(self.banner, demo, "warning")
        self.language.description = t("ui.language", lang)
        safe.set_blocks(self.title, [("h2", t("ui.title", lang))])
        self.back.description = t("ui.button.back", lang)
        self.next.description = t("ui.button.next", lang)
        self.save.description = t("ui.button.save", lang)
        self.resume_id.description = t("ui.resume.label", lang)
        self.resume_id.placeholder = t("ui.resume.placeholder", lang)
        self.resume_button.description = t("ui.resume.button", lang)
        self.new_button.description = t("ui.button.new_case", lang)
        self.show_ids()
        self._show_heading()
        if getattr(self, "_message", None):
            self.say(*self._message)

    def _show_heading(self) -> None:
        lang, index = self.form.lang, self.form.step
        step_id = STEPS[index].id
        heading = t("ui.step_heading", lang, n=index + 1, total=len(STEPS),
                    title=step_title(step_id, lang))  # fmt: skip
        safe.set_blocks(self.heading, [("h3", heading)])
        self.intro.value = step_help(step_id, lang)

    def show_step(self, index: int, body) -> None:
        """Show step ``index`` with its questions, and the buttons that make sense there."""
        self.body.children = [body]
        self._show_heading()
        last = index == len(STEPS) - 1
        self.back.disabled = index == 0
        self.next.layout.display = "none" if last else ""
        self.save.layout.display = "" if last else "none"
        self.say("")

    def show_review(self, problems) -> None:
        """Fill the Review step: problems first, then every answer as plain text."""
        lang = self.form.lang
        lines = [review.problem_line(p, lang) for p in problems]
        text = "\n".join([t("ui.review.problems", lang), *lines]) if lines else ""
        safe.set_notice(self.review_problems, text, "error")
        data, _ = self.form.answers()
        safe.set_blocks(self.review_blocks, review.review_blocks(data, lang, self.form.answer))
        self.save.disabled = bool(problems) or self.form.saved.visible

    def show_ids(self) -> None:
        """The case's (or draft's) short code; the long id stays internal."""
        from ddkit.store.codes import case_code

        lang = self.form.lang
        if self.form.case_id:
            self.ids.value = t("ui.ids.case", lang, id=case_code(self.form.case_id))
        else:
            self.ids.value = t("ui.ids.draft", lang, id=case_code(self.form.draft_id))

    def busy(self, flag: bool) -> None:
        self.save.disabled = flag
        self.save.description = t("ui.button.saving" if flag else "ui.button.save", self.form.lang)

    def say(self, message, tone: str = "plain") -> None:
        """Show a message on the message line; ``""`` clears it.

        ``message`` is text, or a function of the screen language so that the message
        follows a change of language.
        """
        self._message = (message, tone)
        if hasattr(message, "render"):  # a ddkit.ui.errors.Message
            message = message.render
        text = message(self.form.lang) if callable(message) else message
        safe.set_notice(self.status, text, tone)

    def say_error(self, message) -> None:
        self.say(message, "error")
