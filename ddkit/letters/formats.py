"""A letter as Markdown or as an HTML page, with every piece of user text escaped.

A :class:`~ddkit.letters.model.Letter` holds plain text. Here that text is escaped for the
format: Markdown punctuation is backslash-escaped, so that a name like
``![t](https://evil/p.png)`` stays words and never becomes an image (TPL-9); the HTML page is
rendered with autoescape and a Content-Security-Policy that forbids fetching anything
(TPL-7, TPL-9, TPL-10). Body paragraphs that start with ``• `` are list items.
"""

from __future__ import annotations

import re
from functools import cache

from ddkit.i18n import t
from ddkit.letters.context import format_date
from ddkit.letters.env import LetterEnvironment
from ddkit.letters.model import Letter

BULLET = "• "

# Characters that start Markdown or HTML constructs anywhere in a line (and $ for MathJax).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>!|~$&{}#])")
# Constructs that only count at the start of a line: lists, setext underlines, headings.
_MD_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)
# Bare links that extended Markdown turns into live links.
_MD_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|file|mailto|javascript|data|www)([:.])")


def md_escape(text: str) -> str:
    r"""Plain text that Markdown shows exactly as written.

    >>> md_escape("![t](https://evil/p.png)")
    '\\!\\[t\\](https\\://evil/p.png)'
    >>> md_escape("- 1. <b>Ana & José</b>")
    '\\- 1. \\<b\\>Ana \\& José\\</b\\>'
    """
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_AUTOLINK.sub(r"\1\\\2", text)

    def line_start(match: re.Match) -> str:
        if match.group(2):
            return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
        return f"{match.group(4)}\\{match.group(5)}"

    return _MD_LINE_START.sub(line_start, text)


def body_blocks(paragraphs: tuple[str, ...]) -> list[tuple[str, object]]:
    """Group body paragraphs into ``("p", text)`` and ``("ul", [items])`` blocks.

    >>> body_blocks(("Intro:", "• one", "• two", "End."))
    [('p', 'Intro:'), ('ul', ['one', 'two']), ('p', 'End.')]
    """
    blocks: list[tuple[str, object]] = []
    for paragraph in paragraphs:
        if paragraph.startswith(BULLET):
            item = paragraph[len(BULLET) :].strip()
            if blocks and blocks[-1][0] == "ul":
                blocks[-1][1].append(item)  # type: ignore[union-attr]
            else:
                blocks.append(("ul", [item]))
        else:
            blocks.append(("p", paragraph))
    return blocks


def date_text(letter: Letter) -> str:
    """The letter's date as the letter writes it."""
    return letter.meta.get("date_text") or format_date(letter.date, letter.lang)


def _md_lines(lines: tuple[str, ...]) -> str:
    return " \\\n".join(md_escape(line) for line in lines)


def to_markdown(letter: Letter) -> str:
    """The letter as Markdown: every piece of text escaped, list items as a list."""
    out: list[str] = []
    if letter.is_script:
        out.append("# " + md_escape(letter.title))
    else:
        if letter.sender:
            out.append(_md_lines(letter.sender))
        out.append(md_escape(date_text(letter)))
        if letter.recipient:
            out.append(_md_lines(letter.recipient))
    if letter.re_line:
        out.append("**" + md_escape(letter.re_line) + "**")
    if letter.salutation:
        out.append(md_escape(letter.salutation))
    for kind, value in body_blocks(letter.paragraphs):
        if kind == "ul":
            out.append("\n".join("- " + md_escape(item) for item in value))  # type: ignore[union-attr]
        else:
            out.append(md_escape(value))  # type: ignore[arg-type]
    if letter.closing:
        out.append(md_escape(letter.closing))
    if letter.signature:
        out.append(_md_lines(letter.signature))
    return "\n\n".join(out) + "\n"


_HTML = """<!DOCTYPE html>
<html lang="{{ letter.lang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>{{ letter.title }}</title>
<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.45; margin: 2em auto;
       max-width: 42em; padding: 0 1em; color: #111; }
address { font-style: normal; margin-bottom: 1em; }
.re { font-weight: bold; }
.signature { margin-top: 2.5em; }
footer { margin-top: 3em; font-size: 0.85em; color: #555; border-top: 1px solid #ccc; }
@media print { footer { display: none; } }
</style>
</head>
<body>
<article class="letter">
{% if letter.is_script %}
<h1>{{ letter.title }}</h1>
{% else %}
{% if letter.sender %}
<address class="sender">{{ letter.sender|join("<br>"|safe) }}</address>
{% endif %}
<p class="date">{{ date }}</p>
{% if letter.recipient %}
<address class="recipient">{{ letter.recipient|join("<br>"|safe) }}</address>
{% endif %}
{% endif %}
{% if letter.re_line %}
<p class="re">{{ letter.re_line }}</p>
{% endif %}
{% if letter.salutation %}
<p>{{ letter.salutation }}</p>
{% endif %}
{% for kind, value in blocks %}
{% if kind == "ul" %}
<ul>
{% for item in value %}
<li>{{ item }}</li>
{% endfor %}
</ul>
{% else %}
<p>{{ value }}</p>
{% endif %}
{% endfor %}
{% if letter.closing %}
<p class="closing">{{ letter.closing }}</p>
{% endif %}
{% if letter.signature %}
<p class="signature">{{ letter.signature|join("<br>"|safe) }}</p>
{% endif %}
</article>
<footer>{{ notice }}</footer>
</body>
</html>
"""


@cache
def _html_template():
    # Autoescape on: every value below is user text and is escaped as it is printed.
    return LetterEnvironment(autoescape=True).from_string(_HTML)


def to_html(letter: Letter) -> str:
    """The letter as a self-contained HTML page that loads nothing from anywhere."""
    return _html_template().render(
        letter=letter,
        date=date_text(letter),
        blocks=body_blocks(letter.paragraphs),
        notice=t("letters.html.not_legal_advice", letter.lang),
    )
