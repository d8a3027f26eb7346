"""XSS-6: HTML-capable output is built in one place only, ``ddkit/ui/safe.py``.

``widgets.HTML``, ``HTMLMath``, ``IPython.display.HTML``/``Markdown``/``Javascript`` run
whatever markup they are given inside Voilà (SECURITY.md finding 1). Anything else in the
package or the notebooks that builds one is a bug, even with text that looks harmless today.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPROVED = ROOT / "ddkit" / "ui" / "safe.py"
FORBIDDEN = re.compile(
    r"""
    \bHTML\s*\(                      # widgets.HTML(, w.HTML(, IPython.display.HTML(, HTML(
    | \bHTMLMath\s*\(
    | \bMarkdown\s*\(
    | \bJavascript\s*\(
    | \bdisplay_(html|markdown|javascript)\s*\(
    | ["']text/html["']              # a raw display bundle: display({"text/html": ...}, raw=True)
    | \bimport\s+.*\b(HTML|HTMLMath|Markdown|Javascript)\b
    """,
    re.VERBOSE,
)


def sources() -> list[tuple[str, str]]:
    """Every Python source of the package and every code cell of every notebook."""
    found = []
    for path in sorted((ROOT / "ddkit").rglob("*.py")):
        if path != APPROVED:
            found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        code = "\n".join(
            "".join(c.get("source", [])) for c in cells if c.get("cell_type") == "code"
        )
        found.append((str(path.relative_to(ROOT)), code))
    return found


def offending_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if FORBIDDEN.search(line)]


def test_the_check_catches_each_forbidden_call():
    for bad in (
        "box = widgets.HTML(value=name)",
        "w.HTMLMath(value=x)",
        "IPython.display.HTML(text)",
        "display(Markdown(story))",
        "Javascript('alert(1)')",
        "from IPython.display import HTML, display",
        'display({"text/html": x}, raw=True)',
    ):
        assert offending_lines(bad), bad
    for fine in ("widgets.Label(value=name)", "safe.text_block(story)", "render_html_letter(x)"):
        assert not offending_lines(fine), fine


SOURCES = dict(sources())


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_no_html_output_outside_the_approved_helper(name):
    assert offending_lines(SOURCES[name]) == [], f"{name}: build HTML only through ddkit.ui.safe"


def test_the_approved_helper_is_the_one_place_and_escapes():
    text = APPROVED.read_text(encoding="utf-8")
    assert text.count("widgets.HTML(") == 1
    from ddkit.ui.safe import safe_html

    assert safe_html("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#x27;"  # XSS-7
