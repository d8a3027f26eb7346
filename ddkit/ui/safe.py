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
from functools import cache
from pathlib import Path

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


_SITE_PATH = re.compile(r"/[A-Za-z0-9/_.~-]*")


def link_markup(path: str, label: str) -> str:
    """A link to a page of this same site (a path, never another site or a script).

    >>> link_markup("/hub/logout", "Sign out & leave")
    '<a class="ddkit-link" href="/hub/logout">Sign out &amp; leave</a>'
    """
    if not _SITE_PATH.fullmatch(path) or path.startswith("//"):
        raise ValueError("only a path on this site")
    return f'<a class="ddkit-link" href="{safe_html(path)}">{safe_html(label)}</a>'


def link_widget(path: str, label: str):
    return _widget(link_markup(path, label))


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


# The app's own stylesheet (``style.css`` beside this module): a file of the kit, never
# built from anything typed, and checked to fetch nothing (no url(), no @import).
FORM_CLASS = "ddkit-form"
STYLESHEET = Path(__file__).with_name("style.css")


@cache
def stylesheet() -> str:
    """The text of the app's one stylesheet."""
    text = STYLESHEET.read_text(encoding="utf-8")
    if re.search(r"url\(|@import|</", text, re.IGNORECASE):
        raise ValueError("style.css must not load anything or close its tag")
    return text


def style_widget():
    """The app's stylesheet, as a widget to place once at the top of the app."""
    return _widget(f"<style>{stylesheet()}</style>")


def stepper_markup(titles: list[str], current: int, label: str = "Steps") -> str:
    """The step progress: every step's title in order, the current one marked for everyone
    (bold and underlined) and for screen readers (``aria-current``). Titles are escaped.

    >>> stepper_markup(["Person", "<b>"], 1)[50:]
    '<li class="ddkit-done">Person</li><li aria-current="step">&lt;b&gt;</li></ol></nav>'
    """
    items = []
    for n, title in enumerate(titles):
        mark = (
            ' aria-current="step"'
            if n == current
            else (' class="ddkit-done"' if n < current else "")
        )
        items.append(f"<li{mark}>{safe_html(title)}</li>")
    steps = "".join(items)
    return f'<nav class="ddkit-stepper" aria-label="{safe_html(label)}"><ol>{steps}</ol></nav>'


def stepper_widget():
    """A widget for :func:`stepper_markup` (empty until set)."""
    return _widget("")


def set_stepper(widget, titles: list[str], current: int, label: str = "Steps") -> None:
    """Show the steps with ``current`` marked; ``label`` names the list for screen readers."""
    widget.value = stepper_markup(titles, current, label)
