"""``ddkit track``: the campaign's trackers, kept in the encrypted case store.

::

    ddkit track letter|call|signature --case-id CASE [--count N] [--kind KIND] [--on DATE] [--details]
    ddkit track done --case-id CASE --task TASK [--on DATE] [--details]
    ddkit track undo --case-id CASE --entry ID
    ddkit track show --case-id CASE [--on DATE] [--format text|json]
    ddkit track export [--case-id CASE] [--full] [--format csv|xlsx] [-o OUT]
    ddkit track import OLD_ID --case-id CASE

``CASE`` is the case's code or id from ``ddkit cases list``. A caller's name and a note are
never options (the shell keeps its command lines): ``--details`` asks for them. Old tracker
files beside the store are moved into it the first time the store is opened here.
"""

from __future__ import annotations

import json
import sys

from ddkit.commands.core import lang_option, parse_on
from ddkit.errors import UserError
from ddkit.i18n import t

VERBS = ("letter", "call", "signature", "done", "undo", "show", "export", "import")


def register(sub) -> None:
    p = sub.add_parser(
        "track",
        help="log calls, letters, signatures and tasks done for a case, or show or export them",
        description="The campaign's trackers, kept encrypted in the case store with the case.",
    )
    p.add_argument("what", choices=VERBS)
    p.add_argument("old_id", nargs="?", metavar="OLD_ID", help="import: the old file's id")
    p.add_argument("--case-id", help="the case's code or id (ddkit cases list)")
    p.add_argument("--count", default="1", help="how many (default 1)")
    p.add_argument("--kind", help="letter kind, for letters")
    p.add_argument("--task", help="done: the plan's task id (see ddkit track show)")
    p.add_argument("--entry", help="undo: the entry's id (ddkit track show --format json)")
    p.add_argument("--on", help="the day, YYYY-MM-DD (default: today)")
    p.add_argument("--details", action="store_true", help="ask for the caller's name and a note")
    p.add_argument("--full", action="store_true", help="export: with callers' names and notes")
    p.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default=None)
    p.add_argument("-o", "--out", help="export: folder or file (default: the exports folder)")
    p.add_argument("--store", help="store file or database URL (default: the kit's store)")
    lang_option(p)
    p.set_defaults(handler=run_track)


def run_track(args) -> int:
    from ddkit.commands.cases import open_for

    with open_for(args) as store:
        if store.demo:
            print(t("campaign.track.demo", args.lang), file=sys.stderr)
        else:
            _move_old_files(store, args.lang)
        if args.what == "export":
            return _export(store, args)
        if not args.case_id:
            raise UserError("campaign.track.bad_case_id")
        case_id = store.find(args.case_id)
        return VERB_HANDLERS.get(args.what, _log)(store, case_id, args)


def _move_old_files(store, lang: str) -> None:
    from ddkit.campaign.tracker_files import import_all

    moved = import_all(store)
    if moved.imported:
        print(t("campaign.track.moved", lang, count=len(moved.imported)), file=sys.stderr)
    if moved.left:
        print(t("campaign.cli.track_left", lang, count=len(moved.left), ids=", ".join(moved.left)),
              file=sys.stderr)  # fmt: skip


def _details(args, call: bool) -> tuple[str | None, str | None]:
    """The caller's name and a note, typed at a prompt (never on the command line)."""
    if not args.details:
        return None, None

    def ask(key: str) -> str:
        if sys.stdin.isatty():
            return input(t(key, args.lang) + " ")
        return sys.stdin.readline().rstrip("\n")

    caller = ask("campaign.track.ask_caller") if call else None
    return caller or None, ask("campaign.track.ask_note") or None


def _log(store, case_id: str, args) -> int:
    from ddkit.campaign.trackers import make_entry

    caller, note = _details(args, args.what == "call")
    entry = make_entry(
        args.what, args.count, args.kind, parse_on(args.on), caller=caller, note=note
    )
    store.log(case_id, entry)
    kind = t(f"campaign.letter_kind.{entry.kind}", args.lang) if entry.kind else ""
    what = t(f"campaign.track.what.{entry.what}", args.lang, kind=kind)
    print(t("campaign.track.logged", args.lang, count=entry.count, case_id=_code(case_id),
            day=entry.on.isoformat(), what=what))  # fmt: skip
    return 0


def _plan(store, case_id: str, args):
    from ddkit.assess import assess
    from ddkit.campaign.plan import plan

    case = store.load(case_id)
    assessment = assess(case, on=parse_on(args.on))
    return plan(case, assessment, on=assessment.on, lang=args.lang)


def _done(store, case_id: str, args) -> int:
    from ddkit.campaign.trackers import make_action

    table = _plan(store, case_id, args)
    _, note = _details(args, call=False)
    entry = make_action(args.task or "", parse_on(args.on), note, tasks=list(table["task"]))
    store.log(case_id, entry)
    title = dict(zip(table["task"], table["title"], strict=True))[entry.task]
    print(t("campaign.track.done", args.lang, case_id=_code(case_id), day=entry.on.isoformat(),
            task=title))  # fmt: skip
    return 0


def _undo(store, case_id: str, args) -> int:
    store.remove_entry(case_id, args.entry or "")
    print(t("campaign.track.removed", args.lang))
    return 0


def _import(store, case_id: str, args) -> int:
    from ddkit.campaign.tracker_files import attach

    count = attach(store, args.old_id or "", case_id)
    print(t("campaign.track.attached", args.lang, count=count))
    return 0


def _export(store, args) -> int:
    from ddkit.commands.cases import _full_passphrase
    from ddkit.store.tracker_exports import export_trackers

    if args.format in ("text", "json"):
        raise UserError("campaign.cli.track_export_format")
    case_id = store.find(args.case_id) if args.case_id else None
    secret = _full_passphrase(args.lang) if args.full else None
    path = export_trackers(store, args.out, args.format, case_id=case_id, full=args.full,
                           passphrase=secret, lang=args.lang)  # fmt: skip
    print(t("campaign.track.exported", args.lang, path=path))
    return 0


def _show(store, case_id: str, args) -> int:
    from ddkit.campaign.trackers import letters_progress, plan_targets

    tracker = store.tracker(case_id)
    table = _plan(store, case_id, args)
    titles = dict(zip(table["task"], table["title"], strict=True))
    progress = letters_progress(tracker, plan_targets(table))
    calls, signatures = tracker.per_day("call"), tracker.per_day("signature")
    actions = [e for e in tracker.entries if e.what == "action"]
    if args.format == "json":
        data = {
            "case": _code(case_id),
            "letters": [
                {"kind": r.kind, "collected": int(r.collected), "target": _int(r.target)}
                for r in progress.itertuples(index=False)
            ],
            "calls": {d.isoformat(): n for d, n in calls.items()},
            "signatures": {d.isoformat(): n for d, n in signatures.items()},
            "done": [{"task": e.task, "on": e.on.isoformat()} for e in actions],
            "entries": [e.to_dict(full=False) for e in tracker.entries],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print("\n".join(_show_lines(progress, calls, signatures, actions, titles, case_id, args.lang)))
    return 0


def _show_lines(progress, calls, signatures, actions, titles, case_id, lang) -> list[str]:
    lines = [t("campaign.track.show_head", lang, case_id=_code(case_id)),
             t("campaign.track.letters", lang)]  # fmt: skip
    for r in progress.itertuples(index=False):
        kind = t(f"campaign.letter_kind.{r.kind}", lang)
        target = _int(r.target)
        key = "letter_line_target" if target is not None else "letter_line"
        lines.append(t(f"campaign.track.{key}", lang, kind=kind, count=r.collected, target=target))
    if progress.empty:
        lines.append(t("campaign.track.empty", lang))
    for per_day, head in ((calls, "calls"), (signatures, "signatures")):
        lines.append(t(f"campaign.track.{head}", lang, total=sum(per_day.values())))
        lines += [t("campaign.track.day_line", lang, day=d.isoformat(), count=n)
                  for d, n in per_day.items()]  # fmt: skip
    lines.append(t("campaign.track.actions", lang, total=len(actions)))
    lines += [t("campaign.track.action_line", lang, day=e.on.isoformat(),
                task=titles.get(e.task, e.task)) for e in actions]  # fmt: skip
    return lines


def _code(case_id: str) -> str:
    from ddkit.store.codes import case_code

    return case_code(case_id)


def _int(value) -> int | None:
    import pandas as pd

    return None if pd.isna(value) else int(value)


VERB_HANDLERS = {"done": _done, "undo": _undo, "show": _show, "import": _import}
