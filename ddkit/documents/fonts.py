"""The font every PDF embeds: DejaVu Sans, which covers Vietnamese and Latin Extended.

Names like "Nguyễn Thị Ánh" or "Łukasz" come out wrong in PDF's built-in fonts, so the kit
embeds a Unicode TrueType font. DejaVu Sans ships inside matplotlib (a kit dependency); the
file is found without importing matplotlib, and ``ddkit/fonts/`` is checked first so a
packager can ship the font with the kit instead.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from ddkit.errors import UserError

REGULAR = "DDKitSans"
BOLD = "DDKitSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def _font_dirs() -> list[Path]:
    dirs = [Path(__file__).resolve().parent.parent / "fonts"]
    spec = importlib.util.find_spec("matplotlib")  # finds the package without running it
    for location in (spec.submodule_search_locations or []) if spec else []:
        dirs.append(Path(location) / "mpl-data" / "fonts" / "ttf")
    return dirs


def font_file(name: str = REGULAR) -> Path:
    """Where the TrueType file for ``name`` (:data:`REGULAR` or :data:`BOLD`) lives.

    >>> font_file(BOLD).name
    'DejaVuSans-Bold.ttf'
    """
    filename = _FILES[name]
    for folder in _font_dirs():
        if (folder / filename).is_file():
            return folder / filename
    raise UserError("documents.no_font")


@cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold fonts with reportlab once; return their names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    return REGULAR, BOLD
