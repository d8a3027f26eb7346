"""Mass letters: the 10,000-letter packet against reportlab's own floor; memory at 50,000 vs 5,000.

1. Time to turn a generated supporters table (fictional people) into the packet, the whole
   path: read and check the table, render each supporter's letter, lay it out, write the
   volumes. Its floor, timed in the same run: reportlab's canvas drawing the *same*
   pre-wrapped lines (laid out beforehand, untimed) in the same embedded TTF font, with the
   same page compression and volume size. Goal: ratio <= 1.5. The kit can come in under
   the floor: it reuses the PDF code of lines that repeat from letter to letter
   (:class:`ddkit.documents.pdf.LineCache`), which the floor draws afresh each time.
2. Peak memory (maxrss) of the same job at 50,000 letters against 5,000. Goal: <= 1.2x.

Every measurement runs in a fresh process, so one cannot pollute another's peak memory.
Times are CPU seconds of that process (the machine is shared; wall time is printed too),
and the kit and the floor each run twice, alternating, and keep their best. Loading the
libraries is left out on both sides. ``DDKIT_BENCH_QUICK=1`` scales the counts down for a
smoke test.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "notebooks" / "practice_cases" / "01_detained_father.yaml"
ON = date(2026, 12, 1)

# Fictional supporters: names that exercise Vietnamese, Spanish and Polish letters.
FIRST = ["Nguyễn Thị", "José", "María José", "Łukasz", "Ngozi", "Aiyana", "Zoë", "Trần Văn"]
LAST = ["Ánh", "Ñúñez Peña", "Nowak", "García", "Okafor", "Smith", "Lê", "Brzęczyszczykiewicz"]
PLACES = [
    ("Houston", "TX", "77001"),
    ("El Paso", "TX", "79901"),
    ("Los Angeles", "CA", "90001"),
    ("Chicago", "IL", "60601"),
    ("Miami", "FL", "33101"),
    ("Queens", "NY", "11368"),
    ("Phoenix", "AZ", "85001"),
    ("Atlanta", "GA", "30301"),
]
COMMENTS = [
    "",
    "",
    "Mateo coached my son's soccer team for three years. Our community needs him home.",
    "Mi familia conoce a Mateo desde hace diez años. Es un vecino generoso y trabajador, "
    "y sus hijas lo necesitan en casa. Por favor, déjenlo en libertad.",
    "I have worked beside Mateo on roofs across this city. He is careful, honest and the "
    "first to help a coworker. Separating him from his daughters would hurt them and all "
    "of us who depend on him. Please use your discretion and release him.",
]


def make_table(path: Path, count: int, seed: int = 7) -> Path:
    """A supporters CSV of ``count`` fictional people, the way a petition tool exports it."""
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["First Name", "Last Name", "Email", "Zip Code", "City", "State", "Comment"]
        )
        for i in range(count):
            city, state, zip_code = rng.choice(PLACES)
            writer.writerow(
                [
                    rng.choice(FIRST),
                    rng.choice(LAST),
                    f"supporter{i}@example.org",
                    zip_code,
                    city,
                    state,
                    rng.choice(COMMENTS),
                ]
            )
    return path


def _maker():
    from ddkit.case import load_case
    from ddkit.documents.mass import supporter_signer
    from ddkit.letters.render import LetterMaker

    maker = LetterMaker("mass_personal", load_case(CASE), "en", on=ON)
    return maker, lambda supporter: maker.render(supporter_signer(supporter))


def packet_job(table: str, out_dir: str) -> dict:
    """The kit's whole path from table to packet volumes (in a child process)."""
    import pandas  # noqa: F401 - loading libraries is not the packet's work; the floor skips it too
    import reportlab.pdfgen.canvas  # noqa: F401

    from ddkit.documents.mass import Cover, SupporterTable, required_columns, write_mass_packet

    maker, letter_for = _maker()
    cover = Cover("Mateo Ejemplo", maker.case_id, ON, "en", "A000-000-101")
    start, cpu = time.perf_counter(), time.process_time()
    with SupporterTable(table, required_columns(maker.info.signer_needs)) as rows:
        result = write_mass_packet(rows, letter_for, cover, Path(out_dir) / "packet.pdf")
    return _timing(start, cpu) | {"pages": result.pages, "letters": result.letters}


def _timing(start: float, cpu: float) -> dict:
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def floor_job(table: str, out_dir: str) -> dict:
    """reportlab's canvas drawing the same pre-wrapped lines, laid out beforehand (untimed)."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from ddkit.documents.fonts import register_fonts
    from ddkit.documents.layout import PAGE_HEIGHT, PAGE_WIDTH
    from ddkit.documents.mass import VOLUME_LETTERS, SupporterTable, fit_pages

    rl_config.useA85 = 0  # the same binary streams as the kit's PageWriter
    register_fonts()
    maker, letter_for = _maker()
    pages = []
    with SupporterTable(table) as rows:
        for number, supporter in enumerate(rows.supporters(), start=1):
            letter_pages, style = fit_pages(letter_for(supporter))
            header = f"Letter {number:,} of {rows.count:,}"
            pages.extend((lines, style, header) for lines in letter_pages)
    total = len(pages)
    gc.collect()
    gc.freeze()  # the laid-out pages are many objects; keep the collector off them
    start, cpu = time.perf_counter(), time.process_time()
    # Volumes of the same size as the kit's: one huge reportlab file is slower, not a floor.
    for first in range(0, total, VOLUME_LETTERS):
        name = str(Path(out_dir) / f"floor-{first}.pdf")
        canvas = Canvas(name, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
        for n in range(first, min(total, first + VOLUME_LETTERS)):
            _draw_page(canvas, *pages[n], f"Page {n + 1:,} of {total:,}")
        canvas.save()
    return _timing(start, cpu) | {"pages": total}


def _draw_page(canvas, lines, style, header: str, footer: str) -> None:
    """One page in plain reportlab: the fastest known way (a "next line" operator between
    lines, a position only where the text jumps; ``textOut`` would measure every line)."""
    from ddkit.documents.fonts import REGULAR
    from ddkit.documents.layout import PAGE_HEIGHT, PAGE_WIDTH

    text = canvas.beginText()
    current, next_y, next_x = None, None, None
    for y, font, line, indent in lines:
        name, size, leading = style.fonts[font]
        if font != current:
            text.setFont(name, size, leading)
            current = font
        x = style.margin + indent
        if next_y is None or abs(y - next_y) > 0.01 or x != next_x:
            text.setTextOrigin(x, y)
        text.textLine(line)
        next_y, next_x = y - leading, x
    canvas.drawText(text)
    canvas.setFont(REGULAR, 9)
    canvas.drawRightString(PAGE_WIDTH - style.margin, PAGE_HEIGHT - 40, header)
    canvas.drawCentredString(PAGE_WIDTH / 2, 40, footer)
    canvas.showPage()


def _child(job: str, table: Path, out_dir: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DDKIT_DATA_DIR": str(out_dir / "data")}
    done = subprocess.run(
        [sys.executable, __file__, job, str(table), str(out_dir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fresh(path: Path) -> Path:
    path.mkdir()
    return path


def run() -> list[tuple[str, str]]:
    quick = os.environ.get("DDKIT_BENCH_QUICK") == "1"
    timed, small, large = (100, 50, 200) if quick else (10_000, 5_000, 50_000)
    with tempfile.TemporaryDirectory(prefix="ddkit-bench-") as tmp:
        folder = Path(tmp)
        tables = {n: make_table(folder / f"supporters-{n}.csv", n) for n in {timed, small, large}}
        kits, floors = [], []
        for attempt in range(2):  # alternate, so that a busy moment hits both sides
            kits.append(_child("packet", tables[timed], _fresh(folder / f"kit-{attempt}")))
            floors.append(_child("floor", tables[timed], _fresh(folder / f"floor-{attempt}")))
        runs = {n: _child("packet", tables[n], _fresh(folder / f"mem-{n}")) for n in (small, large)}
    kit, floor = (min(r, key=lambda x: x["cpu"]) for r in (kits, floors))
    kit_ms, floor_ms = (1000 * r["cpu"] / r["pages"] for r in (kit, floor))
    growth = runs[large]["maxrss_mb"] / runs[small]["maxrss_mb"]
    return [
        (
            f"{timed:,}-letter packet vs reportlab canvas floor",
            f"{kit['cpu']:.1f} s CPU ({kit_ms:.2f} ms/page, {kit['seconds']:.1f} s wall, "
            f"peak {kit['maxrss_mb']:.0f} MB) vs {floor['cpu']:.1f} s floor ({floor_ms:.2f} "
            f"ms/page, {floor['seconds']:.1f} s wall): x{kit['cpu'] / floor['cpu']:.2f} "
            "(goal <= 1.5)",
        ),
        (
            f"peak memory, {large:,} letters vs {small:,}",
            f"{runs[large]['maxrss_mb']:.0f} MB vs {runs[small]['maxrss_mb']:.0f} MB: "
            f"x{growth:.2f} (goal <= 1.2)",
        ),
    ]


if __name__ == "__main__":
    job, table_path, out_path = sys.argv[1:4]
    figures = (packet_job if job == "packet" else floor_job)(table_path, out_path)
    figures["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))
