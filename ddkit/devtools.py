"""Project chores for ``make``: notebook checks, building the notebooks, the student copy.

Not part of the user-facing kit; it uses only the standard library and nbformat's JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Personal-data shapes that must never sit in a committed notebook (SECURITY.md DEP-11).
A_NUMBER = re.compile(r"\bA?\d{3}-?\d{3}-?\d{3}\b")


def tracked_notebooks() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        names = out.split()
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(ROOT)) for p in ROOT.glob("notebooks/**/*.ipynb")]
    return [ROOT / n for n in names if (ROOT / n).exists()]


def notebook_problems(path: Path) -> list[str]:
    """What is wrong with a committed notebook: outputs, execution counts, widget state."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has an execution count")
    if "widgets" in nb.get("metadata", {}):
        problems.append("saved widget state in metadata")
    return problems


def check_notebooks() -> int:
    bad = 0
    for path in tracked_notebooks():
        for problem in notebook_problems(path):
            print(f"{path.relative_to(ROOT)}: {problem}", file=sys.stderr)
            bad += 1
    if bad:
        print(
            "Strip outputs before committing (nbstripout, or Clear All Outputs).", file=sys.stderr
        )
    return 1 if bad else 0


# ------------------------------------------------------------------ notebooks from one source

SRC = ROOT / "notebooks" / "src"
LANG_DIRS = {"en": ROOT / "notebooks", "es": ROOT / "notebooks" / "es"}
_T_KEY = re.compile(r"\{t:([\w.]+)\}")


def _catalog(lang: str) -> dict:
    import yaml

    return yaml.safe_load((SRC / "locales" / f"{lang}.yaml").read_text(encoding="utf-8"))


def _lookup(catalog: dict, name: str, key: str, lang: str) -> str:
    try:
        return catalog[name][key].rstrip("\n")
    except KeyError:
        raise KeyError(f"notebooks/src/locales/{lang}.yaml: missing {name}.{key}") from None


def render_notebook(name: str, lang: str, catalog: dict | None = None) -> dict:
    """One workshop notebook in one language, from ``notebooks/src/<name>.yaml``.

    Markdown cells name a key in the language's catalog; code cells are shared, with
    ``{lang}`` and ``{t:key}`` filled in. Cells keep their tags (``exercise``, ``solution``).
    """
    import yaml

    catalog = catalog if catalog is not None else _catalog(lang)
    cells = []
    for i, spec in enumerate(yaml.safe_load((SRC / f"{name}.yaml").read_text(encoding="utf-8"))):
        meta = {"tags": list(spec["tags"])} if spec.get("tags") else {}
        if "md" in spec:
            text = _lookup(catalog, name, spec["md"], lang)
            cells.append({"cell_type": "markdown", "id": f"{name[:2]}-{i:02d}", "metadata": meta,
                          "source": text})  # fmt: skip
        else:
            code = spec["code"].rstrip("\n").replace("{lang}", lang)
            code = _T_KEY.sub(lambda m: _lookup(catalog, name, m.group(1), lang), code)
            cells.append({"cell_type": "code", "execution_count": None, "id": f"{name[:2]}-{i:02d}",
                          "metadata": meta, "outputs": [], "source": code})  # fmt: skip
    for cell in cells:  # nbformat stores source as a list of lines
        cell["source"] = cell["source"].splitlines(keepends=True)
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_sources() -> list[str]:
    return sorted(p.stem for p in SRC.glob("[0-9][0-9]_*.yaml"))


def dump_notebook(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def build_notebooks(check: bool = False) -> int:
    """Write (or, with ``check``, compare) every workshop notebook in every language."""
    stale = []
    for lang, folder in LANG_DIRS.items():
        catalog = _catalog(lang)
        folder.mkdir(exist_ok=True)
        for name in notebook_sources():
            path = folder / f"{name}.ipynb"
            text = dump_notebook(render_notebook(name, lang, catalog))
            if check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path.relative_to(ROOT)))
            else:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path} is out of date: run `make notebooks`", file=sys.stderr)
    return 1 if stale else 0


def student_copy(out: Path) -> int:
    """Copy the workshop without the cells tagged ``solution``."""
    import shutil

    for lang, folder in LANG_DIRS.items():
        target = out if lang == "en" else out / lang
        target.mkdir(parents=True, exist_ok=True)
        for name in notebook_sources():
            nb = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
            nb["cells"] = [
                c for c in nb["cells"] if "solution" not in c["metadata"].get("tags", [])
            ]
            (target / f"{name}.ipynb").write_text(dump_notebook(nb), encoding="utf-8")
    for extra in ("practice_cases", "apps"):
        source = ROOT / "notebooks" / extra
        if source.is_dir():
            shutil.copytree(source, out / extra, dirs_exist_ok=True)
    print(f"student copy written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ddkit.devtools")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check-notebooks")
    build = sub.add_parser("build-notebooks")
    build.add_argument("--check", action="store_true")
    student = sub.add_parser("student-copy")
    student.add_argument("--out", type=Path, default=ROOT / "build" / "student")
    shipped = sub.add_parser("congress-data", help="rebuild ddkit/data/congress from a download")
    shipped.add_argument("--from", dest="source", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.cmd == "congress-data":
        from ddkit.campaign.congress_copy import build_shipped

        print(f"rebuilt {build_shipped(args.source)}")
        return 0
    if args.cmd == "check-notebooks":
        return check_notebooks() or build_notebooks(check=True)
    if args.cmd == "build-notebooks":
        return build_notebooks(check=args.check)
    return student_copy(args.out)


if __name__ == "__main__":
    sys.exit(main())
