"""``ddkit cases``: the encrypted case store from the shell (import, list, show, export, purge,
summary, withdraw-consent).

Cases are named by their short code (``K7M-4QX``, :mod:`ddkit.store.codes`); every verb that
takes a case also takes its full id.

The passphrase comes from ``DDKIT_PASSPHRASE``, a key file named by ``DDKIT_KEY_FILE``, or a
prompt when the command runs in a terminal. It is never an option on the command line, where
other users of the machine could read it.
"""

from __future__ import annotations

import json
import sys

from ddkit.commands.core import lang_option
from ddkit.errors import UserError
from ddkit.i18n import t


def register(sub) -> None:
    p = sub.add_parser("cases", help="the encrypted case store: import, list, show, export, purge")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    v = _verb(verbs, "import", "save a case file (YAML or JSON) in the store; prints its code")
    v.add_argument("file", help="case file (YAML or JSON)")
    v.set_defaults(handler=run_import)

    v = _verb(verbs, "list", "list the cases with their codes (no names or numbers)")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(handler=run_list)

    v = _verb(verbs, "show", "print one case, by its code")
    v.add_argument("id", metavar="CODE", help=CODE_HELP)
    v.add_argument("--format", choices=("yaml", "json"), default="yaml")
    v.set_defaults(handler=run_show)

    v = _verb(verbs, "export", "write the tracking table (redacted unless --full) as CSV or XLSX")
    v.add_argument("--format", choices=("csv", "xlsx"), default=None)
    v.add_argument("--full", action="store_true", help="include names, numbers and records")
    v.add_argument("-o", "--out", help="folder or file (default: the kit's exports folder)")
    v.set_defaults(handler=run_export)

    v = _verb(verbs, "purge", "delete a case for good (or --all): key shredded, rows wiped")
    v.add_argument("id", nargs="?", metavar="CODE", help=CODE_HELP)
    v.add_argument("--all", action="store_true", help="purge every case and draft")
    v.add_argument("--yes", action="store_true", help="do not ask for confirmation (--all)")
    v.set_defaults(handler=run_purge)

    v = _verb(verbs, "summary", "write the one-page case summary PDF for the committee")
    v.add_argument("id", metavar="CODE", help=CODE_HELP)
    v.add_argument(
        "--include-identifiers",
        action="store_true",
        help="also print the name, A-number and date of birth (left out by default)",
    )
    v.add_argument("--on", help="the day to assess the case on (YYYY-MM-DD, default today)")
    v.add_argument("-o", "--out", help="folder or file (default: the kit's exports folder)")
    v.set_defaults(handler=run_summary)

    v = _verb(verbs, "withdraw-consent", "the person takes back every consent (audited)")
    v.add_argument("id", metavar="CODE", help=CODE_HELP)
    v.add_argument("--on", help="the day consent was withdrawn (YYYY-MM-DD, default today)")
    v.set_defaults(handler=run_withdraw)

    v = _verb(verbs, "keyfile", "write a new random key file (mode 600) for DDKIT_KEY_FILE")
    v.add_argument("path", help="where to write it (not in a synced or shared folder)")
    v.set_defaults(handler=run_keyfile)


CODE_HELP = "the case code (like K7M-4QX) printed by `ddkit cases import` or `list`, or its id"


def _verb(verbs, name: str, text: str):
    parser = verbs.add_parser(name, help=text, description=text)
    parser.add_argument(
        "--store",
        help="store file or database URL (default: DDKIT_DATABASE_URL or the kit's data folder)",
    )
    lang_option(parser)
    return parser


# ---------------------------------------------------------------- opening the store


def _prompt(key: str, lang: str) -> str:
    from getpass import getpass

    return getpass(t(key, lang) + " ")


def open_for(args):
    """Open the store named by ``--store``, asking for the passphrase in a terminal."""
    from ddkit.store import NoPassphrase, open_store, store_target

    try:
        store = open_store(args.store)
    except NoPassphrase:
        if not sys.stdin.isatty():
            raise
        _, path = store_target(args.store)
        secret = _prompt("store.cli.prompt", args.lang)
        if path is not None and (not path.exists() or path.stat().st_size == 0):
            if _prompt("store.cli.prompt_again", args.lang) != secret:
                raise UserError("store.cli.mismatch") from None
        store = open_store(args.store, secret)
    if store.demo:
        print(t("store.cli.demo", args.lang), file=sys.stderr)
    return store


def _full_passphrase(lang: str) -> str | None:
    """The passphrase for a full export: from the environment, else typed again."""
    import os

    if os.environ.get("DDKIT_PASSPHRASE") or os.environ.get("DDKIT_KEY_FILE"):
        return None  # the store resolves it from the same place
    if sys.stdin.isatty():
        return _prompt("store.cli.prompt_full", lang)
    from ddkit.store import NoPassphrase

    raise NoPassphrase()


# ---------------------------------------------------------------- verbs


def run_import(args) -> int:
    import hashlib
    from pathlib import Path

    from ddkit.case import CaseError, parse_case_text

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except OSError:
        raise UserError("store.cli.unreadable", file=path.name) from None
    try:
        case = parse_case_text(raw, path.name)
    except CaseError as exc:
        raise UserError.wrap(exc, args.lang) from None
    # The same file imported twice is the same case (the store keeps only a keyed fingerprint).
    key = "import:" + hashlib.sha256(raw).hexdigest()
    from ddkit.store.codes import case_code

    with open_for(args) as store:
        print(case_code(store.save(case, idempotency_key=key)))
    return 0


def run_list(args) -> int:
    from dataclasses import replace

    from ddkit.store.codes import codes_for

    with open_for(args) as store:
        summaries = store.list()
    codes = codes_for([s.id for s in summaries])
    if args.format == "json":
        rows = [replace(s, code=codes[s.id]).to_dict() for s in summaries]
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    if not summaries:
        print(t("store.cli.no_cases", args.lang))
        return 0
    print(t("store.cli.list_head", args.lang))
    for s in summaries:
        stage = t(f"choice.stage.{s.stage}", args.lang)
        detained = t("store.cli.detained" if s.detained else "store.cli.not_detained", args.lang)
        flags = ", ".join(t(f"store.flag.{f}", args.lang) for f in s.flags)
        print(
            f"{codes[s.id]}  {s.created}  {s.updated}  {stage}; {detained}"
            + (f"; {flags}" if flags else "")
        )
    return 0


def run_show(args) -> int:
    import yaml

    from ddkit.case import case_to_dict

    with open_for(args) as store:
        data = case_to_dict(store.load(store.find(args.id)))
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), end="")
    return 0


def run_export(args) -> int:
    from ddkit.store.exports import export_cases

    secret = _full_passphrase(args.lang) if args.full else None
    with open_for(args) as store:
        path = export_cases(
            store, args.out, args.format, full=args.full, passphrase=secret, lang=args.lang
        )
    print(path)
    if args.full:
        print(t("store.cli.full_warning", args.lang), file=sys.stderr)
    return 0


def run_purge(args) -> int:
    from ddkit.store.codes import case_code

    if bool(args.id) == bool(args.all):
        raise UserError("store.cli.purge_what")
    with open_for(args) as store:
        if args.id:
            case_id = store.find(args.id)
            store.delete(case_id)
            print(t("store.cli.purged", args.lang, id=case_code(case_id)))
            return 0
        if not args.yes:
            count = len(store.list())
            if not sys.stdin.isatty():
                raise UserError("store.cli.need_yes")
            answer = input(t("store.cli.confirm_all", args.lang, count=count) + " ")
            if answer.strip().lower() not in ("yes", "y", "sí", "si", "s"):
                print(t("store.cli.kept", args.lang))
                return 1
        count = store.purge_all()
    print(t("store.cli.purged_all", args.lang, count=count))
    return 0


def run_summary(args) -> int:
    from datetime import date
    from pathlib import Path

    from ddkit.commands.core import parse_on
    from ddkit.documents.files import private_output
    from ddkit.documents.summary import summary_filename, summary_pdf
    from ddkit.paths import exports_dir
    from ddkit.store.codes import case_code

    on = parse_on(args.on) or date.today()
    with open_for(args) as store:
        case_id = store.find(args.id)
        case = store.load(case_id)
        store.record("summary_ids" if args.include_identifiers else "summary", case_id)
    code = case_code(case_id)
    data = summary_pdf(case, code, args.lang, on=on, identifiers=args.include_identifiers)
    name = summary_filename(code, on)
    path = Path(args.out).expanduser() if args.out else exports_dir() / name
    if path.is_dir():
        path = path / name
    with private_output(path) as handle:
        handle.write(data)
    print(path)
    return 0


def run_withdraw(args) -> int:
    from ddkit.commands.core import parse_on
    from ddkit.store.codes import case_code

    on = parse_on(args.on)
    with open_for(args) as store:
        case_id = store.find(args.id)
        store.withdraw_consent(case_id, on)
    print(t("store.cli.withdrawn", args.lang, id=case_code(case_id)))
    return 0


def run_keyfile(args) -> int:
    from ddkit.store.crypto import create_key_file

    path = create_key_file(args.path)
    print(t("store.cli.key_file", args.lang, path=path))
    return 0
