"""``ddkit assess`` and ``ddkit policies`` (and, from :mod:`ddkit.commands.law`, ``ddkit law``)."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

from ddkit.errors import UserError


def lang_option(parser) -> None:
    """The screen-language option shared by every verb."""
    parser.add_argument(
        "--lang",
        choices=("en", "es"),
        default=os.environ.get("DDKIT_LANG", "en")[:2] if os.environ.get("DDKIT_LANG") else "en",
        help="language of messages and output (en or es)",
    )


def parse_on(text: str | None) -> date | None:
    """Parse an ``--on YYYY-MM-DD`` option, or raise a clear :class:`UserError`."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError("cli.bad_date", option="--on") from None


def register(sub) -> None:
    p = sub.add_parser("assess", help="assess case files: interventions, flags, policy")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="case files (YAML or JSON), or folders of them: one command for many cases",
    )
    p.add_argument("--on", help="assessment date, YYYY-MM-DD (default: today)")
    p.add_argument("--policy", help="policy framework id (default: the one in force that day)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    lang_option(p)
    p.set_defaults(handler=run_assess)

    p = sub.add_parser("policies", help="list the policy frameworks and when each was in force")
    p.add_argument("--on", help="mark the framework in force on this date, YYYY-MM-DD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang_option(p)
    p.set_defaults(handler=run_policies)

    from ddkit.commands import law  # the legal developments, next to the policies

    law.register(sub)


CASE_SUFFIXES = (".yaml", ".yml", ".json")


def case_paths(names: list[str]) -> list[Path]:
    """The case files named: each file as given, each folder's case files (sorted, not its
    subfolders).

    A folder without any, or one that cannot be read, is a :class:`UserError`; a missing file
    is left for :func:`~ddkit.case.load_case` to name.
    """
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            try:
                found = sorted(
                    p for p in path.iterdir() if p.suffix.lower() in CASE_SUFFIXES and p.is_file()
                )
            except OSError:
                raise UserError("cli.folder_unreadable", folder=path.name or str(path)) from None
            if not found:
                raise UserError("cli.no_case_files", folder=path.name or str(path))
            paths += found
        else:
            paths.append(path)
    return paths


def run_assess(args) -> int:
    """Assess one case file, or many in one run (a script over a folder starts Python once).

    One file prints exactly what it always printed. Several print one assessment after the
    other under each file's name (JSON: a list of ``{"file", "assessment"}``); a file with
    problems is named on standard error with its problems, the others are still assessed,
    and the exit code is then 2.
    """
    from ddkit.assess import assess
    from ddkit.case import CaseError, load_case
    from ddkit.report import assessment_markdown, assessment_text

    on = parse_on(args.on)
    paths = case_paths(args.files)
    single = len(args.files) == 1 and len(paths) == 1 and not Path(args.files[0]).is_dir()
    done, failed = [], 0
    for path in paths:
        try:
            case = load_case(path)
        except CaseError as exc:
            if single:
                raise UserError.wrap(exc, args.lang) from None
            print(UserError.wrap(exc, args.lang).message(args.lang), file=sys.stderr)
            failed += 1
            continue
        try:
            result = assess(case, on=on, policy=args.policy)
        except KeyError as exc:  # an unknown --policy: the same for every file
            raise UserError(text=str(exc.args[0])) from None
        if single:
            _print_one(result, args, assessment_markdown, assessment_text)
            return 0
        done.append((path, result))
        if args.format != "json":  # text and Markdown go out as they come
            heading = f"# {path.name}" if args.format == "markdown" else f"== {path.name} =="
            print(heading if len(done) == 1 else f"\n{heading}")
            _print_one(result, args, assessment_markdown, assessment_text)
    if args.format == "json":
        out = [{"file": str(path), "assessment": r.to_dict(args.lang)} for path, r in done]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    return 2 if failed else 0


def _print_one(result, args, assessment_markdown, assessment_text) -> None:
    if args.format == "json":
        json.dump(result.to_dict(args.lang), sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "markdown":
        print(assessment_markdown(result, args.lang))
    else:
        print(assessment_text(result, args.lang))


def run_policies(args) -> int:
    from ddkit.policy import policies, policy_on

    on = parse_on(args.on) or date.today()
    current = policy_on(on)
    rows = []
    for policy in policies().values():
        rows.append(
            {
                "id": policy.id,
                "title": policy.title(args.lang),
                "in_force_on": policy.in_force_on(on),
                "default": policy.id == current.id,
                "in_force": [
                    {
                        "from": i.start.isoformat(),
                        "until": i.until.isoformat() if i.until else None,
                        "note": i.note(args.lang),
                    }
                    for i in policy.in_force
                ],
                "sources": [s.url for s in policy.sources],
            }
        )
    if args.format == "json":
        json.dump(
            {"on": on.isoformat(), "policies": rows}, sys.stdout, ensure_ascii=False, indent=2
        )
        print()
        return 0
    from ddkit.i18n import t

    print(t("cli.policies_head", args.lang, on=on.isoformat()))
    for row in rows:
        mark = "*" if row["default"] else " "
        state = t("cli.in_force" if row["in_force_on"] else "cli.not_in_force", args.lang)
        print(f"{mark} {row['id']}: {row['title']} [{state}]")
        for interval in row["in_force"]:
            until = interval["until"] or "…"
            print(f"    {interval['from']} → {until}: {interval['note']}")
    return 0
