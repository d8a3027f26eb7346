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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ddkit.devtools")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check-notebooks")
    args = parser.parse_args(argv)
    if args.cmd == "check-notebooks":
        return check_notebooks()
    return 2


if __name__ == "__main__":
    sys.exit(main())
