"""`make bench`: every figure the issues name, each printed beside its floor, measured in one run.

Each ``bench/bench_*.py`` module exposes ``run() -> list[tuple[str, str]]``. Set
``DDKIT_BENCH_QUICK=1`` for a smoke run at small scale (the tests do this).
``DDKIT_BENCH_ONLY=assess,store`` runs only the named modules.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules() -> list[Path]:
    only = {name.strip() for name in os.environ.get("DDKIT_BENCH_ONLY", "").split(",") if name}
    found = sorted(HERE.glob("bench_*.py"))
    return [p for p in found if not only or p.stem.removeprefix("bench_") in only]


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    failed = 0
    for path in modules():
        print(f"== {path.stem.removeprefix('bench_')}", flush=True)
        start = time.perf_counter()
        try:
            for name, figure in load(path).run():
                print(f"  {name:<48} {figure}", flush=True)
        except Exception:  # a broken bench must not hide the others' figures
            failed += 1
            traceback.print_exc()
        print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
