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

    p = sub.add_parser("offices", help="ICE field offices: by state, and county where split")
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
    from ddkit.campaign.offices import find_office, office_text, table
    from ddkit.i18n import t

    tab = table()
    if args.county and not args.state:
        raise UserError("campaign.offices.bad_state", choices=", ".join(tab.states()))
    match = find_office(args.state, args.county) if args.state else None
    found = match.offices if match else tab.offices
    if match and match.status != "found":
        # Said before the list (on stderr for JSON, so the JSON stays clean).
        note = t(
            f"campaign.offices.{match.status}", args.lang, state=match.state, county=match.county
        )
        print(note, file=sys.stderr if args.format == "json" else sys.stdout)
    if args.format == "json":
        rows = [o.to_dict(tab.as_of, tab.source) for o in found]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for office in found:
        print(office_text(office, args.lang))
        print()
    print(t("campaign.offices.verify", args.lang, source=tab.source, as_of=tab.as_of))
    return 0


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
