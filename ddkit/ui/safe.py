"""The one place that turns text into HTML on screen, escaping everything typed by a person.

``widgets.HTML`` runs any script it is given inside Voilà (SECURITY.md finding 1), so the
rest of the kit never builds one: it calls the helpers here, which escape every piece of
text and only ever wrap it in a few fixed tags. A repository lint
(``tests/test_lint_html.py``) checks that no other module constructs HTML widgets.
"""

from __future__ import annotations

import base64
import html
import re

# The only tags a helper may wrap text in. Text inside them is always escaped.
_BLOCK_TAGS = frozenset({"h2", "h3", "h4", "p", "dt", "dd", "li", "pre"})
_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]")
_MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "md": "text/markdown",
    "txt": "text/plain",
    "csv": "text/csv",
}


def safe_html(text: object) -> str:
    """Escape text so that a browser shows it literally, never as markup.

    >>> safe_html("<b>&\\"'")
    '&lt;b&gt;&amp;&quot;&#x27;'
    >>> safe_html(None)
    ''
    """
    return html.escape("" if text is None else str(text), quote=True)


def _widget(markup: str):
    import ipywidgets as widgets

    # Every caller passes markup built in this module from escaped text and fixed tags.
    return widgets.HTML(value=markup)


def blocks_markup(blocks: list[tuple[str, str]]) -> str:
    """Markup for ``(tag, text)`` pairs: fixed tags around escaped text.

    Lines of text stay lines; ``dt``/``dd`` pairs are grouped in a definition list.

    >>> blocks_markup([("h3", "Person"), ("dt", "Name"), ("dd", "<img src=x>")])
    '<h3>Person</h3><dl><dt>Name</dt><dd>&lt;img src=x&gt;</dd></dl>'
    """
    out: list[str] = []
    in_list = False
    for tag, text in blocks:
        if tag not in _BLOCK_TAGS:
            raise ValueError(f"tag not allowed: {tag!r}")
        is_item = tag in ("dt", "dd")
        if is_item and not in_list:
            out.append("<dl>")
        elif in_list and not is_item:
            out.append("</dl>")
        in_list = is_item
        out.append(f"<{tag}>{safe_html(text)}</{tag}>")
    if in_list:
        out.append("</dl>")
    return "".join(out)


_TEXT_STYLE = "white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.4; margin: 0.2em 0;"


def text_block(text: str):
    """A widget that shows long text (a story, an assessment) literally, keeping its lines."""
    return _widget(f'<div style="{_TEXT_STYLE}">{safe_html(text)}</div>')


def set_text_block(widget, text: str) -> None:
    """Replace the text shown by a :func:`text_block` widget."""
    widget.value = f'<div style="{_TEXT_STYLE}">{safe_html(text)}</div>'


def blocks_widget(blocks: list[tuple[str, str]] | None = None):
    """A widget showing headings and label/value pairs; every value escaped."""
    return _widget(blocks_markup(blocks or []))


def set_blocks(widget, blocks: list[tuple[str, str]]) -> None:
    """Replace what a :func:`blocks_widget` shows."""
    widget.value = blocks_markup(blocks)


def safe_filename(name: str) -> str:
    """A file name made only of letters, digits, dots, dashes and underscores, never hidden.

    >>> safe_filename("../../.bashrc")
    '_._.._.bashrc'
    >>> safe_filename("case-1f3a-20260101.docx")
    'case-1f3a-20260101.docx'
    """
    cleaned = _SAFE_FILENAME.sub("_", name)
    if cleaned.startswith("."):
        cleaned = "_" + cleaned[1:]  # a leading dot hides a file on Linux and macOS
    return cleaned or "file"


def download_markup(data: bytes, filename: str, label: str) -> str:
    """A link that saves ``data`` as ``filename`` when clicked, with the file inside the page.

    The file travels inside the link (a ``data:`` URL), so the download works in Voilà
    without the server writing anything to disk. ``label`` is escaped; the name is reduced
    to safe characters; the content is base64, which holds no markup.

    >>> download_markup(b"hi", "case.txt", "Save <it>")[:40]
    '<a download="case.txt" href="data:text/p'
    """
    name = safe_filename(filename)
    ext = name.rsplit(".", 1)[-1].lower()
    mime = _MIME_TYPES.get(ext, "application/octet-stream")
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a download="{safe_html(name)}" href="data:{mime};base64,{encoded}"'
        f' class="ddkit-download">{safe_html(label)}</a>'
    )


def download_widget(data: bytes, filename: str, label: str):
    """A widget holding one download link (see :func:`download_markup`)."""
    return _widget(download_markup(data, filename, label))


_TONES = {
    "plain": "",
    "ok": "background: #e6f4ea; color: #0b5223;",
    "warning": "background: #fff4ce; color: #4d3900;",
    "error": "background: #fde7e9; color: #7a0e1c;",
}


def notice_markup(text: str, tone: str = "plain") -> str:
    """A message box (status, warning, error) with the text escaped; nothing for no text.

    >>> notice_markup("")
    ''
    >>> "&lt;b&gt;" in notice_markup("<b>", "error")
    True
    """
    if not text:
        return ""
    colors = _TONES.get(tone, "")
    box = "padding: 0.5em 0.8em; border-radius: 4px;" if colors else ""
    return f'<div role="status" style="{_TEXT_STYLE} {colors} {box}">{safe_html(text)}</div>'


def notice_widget(text: str = "", tone: str = "plain"):
    """A widget for messages: the demo banner, "saved", problems and errors."""
    return _widget(notice_markup(text, tone))


def set_notice(widget, text: str, tone: str = "plain") -> None:
    """Replace the message a :func:`notice_widget` shows."""
    widget.value = notice_markup(text, tone)


# The app's own stylesheet: a constant, never built from anything typed. Labels go above the
# inputs and wrap instead of being cut off (Spanish labels run long).
FORM_CLASS = "ddkit-form"
_FORM_CSS = """
.ddkit-form .widget-label, .ddkit-form .widget-label-basic {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  line-height: 1.35; text-align: left; }
.ddkit-form .widget-inline-hbox { height: auto; }
.ddkit-form .ddkit-error:empty { display: none; }
.ddkit-form .ddkit-q > .widget-label { width: auto; max-width: 100%; margin-bottom: 0.25em;
  font-weight: 600; }
.ddkit-form .ddkit-q input, .ddkit-form .ddkit-q select, .ddkit-form .ddkit-q textarea {
  min-height: var(--jp-widgets-inline-height, 28px); }
.ddkit-form .ddkit-q input, .ddkit-form .ddkit-q select { flex: 0 0 auto;
  height: var(--jp-widgets-inline-height, 28px); }
.ddkit-form .ddkit-q select { width: 100%; }
.ddkit-form h2, .ddkit-form h3, .ddkit-form h4 { margin: 0.6em 0 0.3em 0; }
.ddkit-form .widget-html, .ddkit-form .widget-html-content { width: 100%; }
.ddkit-form .widget-html-content { line-height: 1.4; }
.ddkit-form dl { display: grid; grid-template-columns: minmax(12em, 18em) 1fr; gap: 0.3em 1em;
  margin: 0.3em 0 0.8em 0; }
.ddkit-form .jupyter-button { width: auto; min-width: 8em; padding: 0 1em; }
.ddkit-form dt, .ddkit-form dd { float: none; width: auto; margin: 0; padding: 0; }
.ddkit-form dd { white-space: pre-wrap; overflow-wrap: anywhere; }
.ddkit-form dt { font-weight: 600; }
.ddkit-form :focus-visible { outline: 2px solid #1a5fb4; outline-offset: 1px; }
.ddkit-form .ddkit-invalid input, .ddkit-form .ddkit-invalid textarea,
.ddkit-form .ddkit-invalid select { border: 2px solid #a00000; }
.ddkit-form .widget-vbox.ddkit-invalid { border-left: 3px solid #a00000; padding-left: 0.4em; }
"""


def style_widget():
    """The app's fixed stylesheet, as a widget to place once at the top of the form."""
    return _widget(f"<style>{_FORM_CSS}</style>")
