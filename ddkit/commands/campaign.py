"""``ddkit plan``, ``ddkit offices`` and ``ddkit track``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ddkit.commands.core import lang_option, parse_on
from ddkit.errors import UserError

PLAN_FORMATS = ("md", "csv", "xlsx", "ics", "png", "svg")


def register(sub) -> None:
    p = sub.add_parser("plan", help="campaign plan for a case: tasks worked back from the key date")
    p.add_argument("--case", required=True, help="case file (YAML or JSON)")
    p.add_argument("--on", help="plan from this date, YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=PLAN_FORMATS, help="output format (default: from -o, or md)")
    p.add_argument("-o", "--output", help="file to write (Markdown goes to the screen without it)")
    lang_option(p)
    p.set_defaults(handler=run_plan)

    p = sub.add_parser(
        "offices", help="ICE field offices: for a case, a ZIP code, or a state (and county)"
    )
    p.add_argument("--case", help="case file: the office to file at (custody, else home)")
    p.add_argument("--zip", help="a home ZIP code, like 78704 (its state decides the office)")
    p.add_argument("--state", help="two-letter state or territory code, like TX or PR")
    p.add_argument("--county", help="county name, for states split between offices (TX, CA, NY)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang_option(p)
    p.set_defaults(handler=run_offices)

    p = sub.add_parser("track", help="log letters, calls or signatures for a case, or show totals")
    p.add_argument("what", choices=("letter", "call", "signature", "show"))
    p.add_argument("--case-id", required=True, help="the case's id (never the person's name)")
    p.add_argument("--count", default="1", help="how many (default 1)")
    p.add_argument("--kind", help="letter kind, for letters")
    p.add_argument("--on", help="the day, YYYY-MM-DD (default: today)")
    p.add_argument("--case", help="with show: a case file, to show the plan's letter targets")
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang_option(p)
    p.set_defaults(handler=run_track)


# ---------------------------------------------------------------- plan


def _format(args) -> str:
    if args.format:
        return args.format
    suffix = Path(args.output).suffix.lstrip(".").lower() if args.output else ""
    return {"markdown": "md"}.get(suffix, suffix) if suffix in (*PLAN_FORMATS, "markdown") else "md"


def _load_plan(case_file: str, on_text: str | None, lang: str):
    from ddkit.assess import assess
    from ddkit.campaign.plan import plan
    from ddkit.case import CaseError, load_case

    on = parse_on(on_text)
    try:
        case = load_case(case_file)
    except CaseError as exc:
        raise UserError.wrap(exc, lang) from None
    assessment = assess(case, on=on)
    return plan(case, assessment, on=assessment.on, lang=lang)


def run_plan(args) -> int:
    from ddkit.campaign import exports

    table = _load_plan(args.case, args.on, args.lang)
    fmt = _format(args)
    if not args.output:
        if fmt != "md":
            raise UserError("campaign.cli.need_output", fmt=fmt)
        sys.stdout.write(exports.plan_markdown(table, args.lang))
        return 0
    out = Path(args.output)
    if fmt in ("png", "svg"):
        from ddkit.campaign.chart import write_timeline

        write_timeline(table, out, fmt, args.lang)
    else:
        writer = {
            "md": exports.write_plan_markdown,
            "csv": exports.write_plan_csv,
            "xlsx": exports.write_plan_xlsx,
            "ics": exports.write_plan_ics,
        }[fmt]
        writer(table, out, args.lang)
    from ddkit.i18n import t

    print(t("campaign.cli.written", args.lang, path=out), file=sys.stderr)
    return 0


# ---------------------------------------------------------------- offices


def run_offices(args) -> int:
    from ddkit.campaign.offices import find_office, table

    if sum(bool(x) for x in (args.case, args.zip, args.state)) > 1:
        raise UserError("campaign.cli.offices_one_of")
    if args.case or args.zip:
        return _filing_office(args)
    tab = table()
    if args.county and not args.state:
        raise UserError("campaign.offices.bad_state", choices=", ".join(tab.states()))
    match = find_office(args.state, args.county) if args.state else None
    found = match.offices if match else tab.offices
    head = None
    if match and match.status != "found":
        head = t_(f"campaign.offices.{match.status}", args.lang, state=match.state,
                  county=match.county)  # fmt: skip
    elif match:
        head = t_("campaign.offices.file_at", args.lang, office=found[0].office)
    return _print_offices(args, found, head)


def _filing_office(args) -> int:
    """The office a case's requests go to (``--case``), or a home ZIP code's (``--zip``)."""
    from ddkit.campaign.targets import filing_office, home_case
    from ddkit.case import CaseError, load_case

    if args.case:
        try:
            case = load_case(args.case)
        except CaseError as exc:
            raise UserError.wrap(exc, args.lang) from None
    else:
        from ddkit.campaign.congress import check_zip

        case = home_case(check_zip(args.zip))
    where = filing_office(case, args.county)
    if args.format == "json":
        return _print_offices(args, where.offices, None, filing=where)
    from ddkit.law import forms

    head = where.text(args.lang) + " " + forms().i246.where_to_file(args.lang)
    return _print_offices(args, where.offices, head)


def _print_offices(args, found, head: str | None, filing=None) -> int:
    from ddkit.campaign.offices import office_text, table

    tab = table()
    if args.format == "json":
        rows = [o.to_dict(tab.as_of, tab.source) for o in found]
        if filing is not None:
            data = {"basis": filing.basis, "status": filing.status, "state": filing.state,
                    "county": filing.county, "office": rows[0] if filing.office else None,
                    "candidates": rows if not filing.office else [],
                    "note": filing.text(args.lang)}  # fmt: skip
        else:
            data = rows
            if head:  # said on stderr, so the JSON stays clean
                print(head, file=sys.stderr)
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if head:
        print(head)
        print()
    for office in found:
        print(office_text(office, args.lang))
        print()
    print(t_("campaign.offices.verify", args.lang, source=tab.source, as_of=tab.as_of))
    return 0


def t_(key: str, lang: str, **values) -> str:
    from ddkit.i18n import t

    return t(key, lang, **values)


# ---------------------------------------------------------------- track


def run_track(args) -> int:
    from ddkit.campaign import trackers
    from ddkit.i18n import t
    from ddkit.mode import is_demo

    trackers.check_case_id(args.case_id)
    store = trackers.default_store()
    if is_demo():
        print(t("campaign.track.demo", args.lang), file=sys.stderr)
    if args.what == "show":
        return _show(store.load(args.case_id), args)
    entry = trackers.make_entry(args.what, args.count, args.kind, parse_on(args.on))
    store.add(args.case_id, entry)
    kind = t(f"campaign.letter_kind.{entry.kind}", args.lang) if entry.kind else ""
    what = t(f"campaign.track.what.{entry.what}", args.lang, kind=kind)
    day = entry.on.isoformat()
    print(
        t(
            "campaign.track.logged",
            args.lang,
            count=entry.count,
            case_id=args.case_id,
            day=day,
            what=what,
        )
    )
    return 0


def _show(tracker, args) -> int:
    from ddkit.campaign.trackers import letters_progress, plan_targets
    from ddkit.i18n import t

    targets = plan_targets(_load_plan(args.case, args.on, args.lang)) if args.case else {}
    progress = letters_progress(tracker, targets)
    calls, signatures = tracker.per_day("call"), tracker.per_day("signature")
    if args.format == "json":
        data = {
            "case_id": tracker.case_id,
            "letters": [
                {"kind": r.kind, "collected": int(r.collected), "target": _int(r.target)}
                for r in progress.itertuples(index=False)
            ],
            "calls": {d.isoformat(): n for d, n in calls.items()},
            "signatures": {d.isoformat(): n for d, n in signatures.items()},
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    lang = args.lang
    lines = [
        t("campaign.track.show_head", lang, case_id=tracker.case_id),
        t("campaign.track.letters", lang),
    ]
    for r in progress.itertuples(index=False):
        kind = t(f"campaign.letter_kind.{r.kind}", lang)
        target = _int(r.target)
        key = "letter_line_target" if target is not None else "letter_line"
        lines.append(t(f"campaign.track.{key}", lang, kind=kind, count=r.collected, target=target))
    if progress.empty:
        lines.append(t("campaign.track.empty", lang))
    for what, per_day, head in ((calls, calls, "calls"), (signatures, signatures, "signatures")):
        lines.append(t(f"campaign.track.{head}", lang, total=sum(what.values())))
        lines += [
            t("campaign.track.day_line", lang, day=d.isoformat(), count=n)
            for d, n in per_day.items()
        ]
    print("\n".join(lines))
    return 0


def _int(value) -> int | None:
    import pandas as pd

    return None if pd.isna(value) else int(value)
