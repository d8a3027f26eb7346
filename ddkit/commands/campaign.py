"""``ddkit plan`` and ``ddkit offices``."""

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
