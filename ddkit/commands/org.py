"""``ddkit org``: the organization's server, from the server's shell (its administrator).

Every verb takes ``--database-url`` (else ``DDKIT_ORG_ADMIN_URL``, else ``DDKIT_DATABASE_URL``):
the PostgreSQL role that owns the store and may create roles. ``init``, ``assign`` and
``audit`` also need the master key: ``DDKIT_KEY_FILE`` (or ``DDKIT_PASSPHRASE``). An SQLite
store is a laptop's and is refused: these verbs are for a shared server only.
"""

from __future__ import annotations

import json
import sys

from ddkit.commands.core import lang_option
from ddkit.i18n import t


def register(sub) -> None:
    p = sub.add_parser("org", help="the organization's server: people, roles, assignments, audit")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")
    verbs.required = True

    v = _verb(verbs, "init", "create or update the store, roles and access rules (safe to rerun)")
    v.set_defaults(handler=run_init)

    v = _verb(verbs, "add-user", "let a person sign in, as a volunteer or a coordinator")
    v.add_argument("name", help="their hub user name (a-z, 0-9, _ and -)")
    v.add_argument("--role", choices=("volunteer", "coordinator"), required=True)
    v.set_defaults(handler=run_add_user)

    v = _verb(verbs, "remove-user", "take a person's access away; their cases stay")
    v.add_argument("name")
    v.set_defaults(handler=run_remove_user)

    v = _verb(verbs, "users", "list the people who may sign in, with their role")
    v.set_defaults(handler=run_users)

    v = _verb(verbs, "assign", "give a case to a person (they see and change it from now on)")
    v.add_argument("case_id", metavar="CASE", help="the case's code (K7M-4QX) or its full id")
    v.add_argument("user")
    v.set_defaults(handler=run_assign)

    v = _verb(verbs, "audit", "who saved or opened which case, and when (never what is in it)")
    v.add_argument("--case", dest="case_id", help="only this case id")
    v.add_argument("--user", help="only this person")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.set_defaults(handler=run_audit)


def _verb(verbs, name: str, text: str):
    parser = verbs.add_parser(name, help=text, description=text)
    parser.add_argument(
        "--database-url",
        help="the administrator's PostgreSQL URL (default: DDKIT_ORG_ADMIN_URL)",
    )
    lang_option(parser)
    return parser


def _url(args) -> str:
    from ddkit.org.db import admin_url

    return admin_url(args.database_url)


def run_init(args) -> int:
    from ddkit.org.admin import init_org

    prefix = init_org(_url(args))
    print(t("org.cli.initialized", args.lang, prefix=prefix))
    return 0


def run_add_user(args) -> int:
    from ddkit.org.admin import add_user

    member = add_user(_url(args), args.name, args.role)
    print(t("org.cli.added", args.lang, name=member.name, role=t(f"org.role.{member.role}",
                                                                   args.lang)))  # fmt: skip
    return 0


def run_remove_user(args) -> int:
    from ddkit.org.admin import remove_user

    drafts = remove_user(_url(args), args.name)
    print(t("org.cli.removed", args.lang, name=args.name.strip().lower(), drafts=drafts))
    return 0


def run_users(args) -> int:
    from ddkit.org.admin import members

    for member in members(_url(args)):
        print(f"{member.name}  {t(f'org.role.{member.role}', args.lang)}")
    return 0


def run_assign(args) -> int:
    from ddkit.org.admin import assign
    from ddkit.store.codes import case_code

    case_id = assign(_url(args), args.case_id, args.user)
    print(t("org.cli.assigned", args.lang, code=case_code(case_id), id=case_id,
            name=args.user.strip().lower()))  # fmt: skip
    return 0


def run_audit(args) -> int:
    from ddkit.org.admin import audit

    entries = audit(_url(args), case_id=args.case_id, user=args.user)
    if args.format == "json":
        rows = [
            {
                "when": e.when.isoformat() if e.when else None,
                "user": e.user,
                "action": e.action,
                "case_id": e.case_id,
            }
            for e in entries
        ]
        json.dump(rows, sys.stdout, indent=2)
        print()
        return 0
    if not entries:
        print(t("org.cli.no_entries", args.lang))
        return 0
    for e in entries:
        when = e.when.strftime("%Y-%m-%d %H:%M:%S") if e.when else "?"
        action = t(f"org.action.{e.action}", args.lang) if e.action in _ACTIONS else e.action
        print(f"{when}  {e.user or '-'}  {action}  {e.case_id}")
    return 0


_ACTIONS = {"create", "update", "delete", "expire", "open", "open_missing", "assign", "export",
            "backup"}  # fmt: skip
