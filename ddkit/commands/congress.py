"""``ddkit congress``: members of Congress by ZIP code or state, and refreshing their data.

::

    ddkit congress --zip 78704 | --state TX [--district 35] [--format text|json] [--lang es]
    ddkit congress update --from DIR [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import json
import sys

from ddkit.commands.core import lang_option, parse_on
from ddkit.errors import UserError


def register(sub) -> None:
    p = sub.add_parser(
        "congress",
        help="members of Congress by ZIP code or state (or: congress update --from DIR)",
        description="Members of Congress from the public data shipped with the kit. A ZIP code "
        "can cross a district line: the answer lists every district it touches.",
    )
    p.add_argument("action", nargs="?", choices=("update",), help="update: refresh the data")
    p.add_argument("--zip", help="a ZIP code, like 78704")
    p.add_argument("--state", help="two-letter state or territory code, like TX or PR")
    p.add_argument("--district", help="the House district, once confirmed (0 or AL: at large)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--from", dest="source", metavar="DIR", help="update: the new download")
    p.add_argument("--as-of", help="update: the download's date, if it has no SNAPSHOT file")
    lang_option(p)
    p.set_defaults(handler=run_congress)


def run_congress(args) -> int:
    if args.action == "update":
        return run_update(args)
    from ddkit.campaign.congress import congress
    from ddkit.campaign.congress_text import lookup_dict, lookup_text

    if args.zip and args.state:
        raise UserError("campaign.congress.zip_and_state")
    if not args.zip and not args.state:
        raise UserError("campaign.congress.need_zip_or_state")
    data = congress()
    found = data.lookup(zip_code=args.zip, state=args.state, district=args.district)
    if args.format == "json":
        json.dump(lookup_dict(found, data.source, args.lang), sys.stdout, ensure_ascii=False,
                  indent=2)  # fmt: skip
        print()
    else:
        sys.stdout.write(lookup_text(found, data.source, args.lang))
    return 0


def run_update(args) -> int:
    from ddkit.campaign.congress_copy import update
    from ddkit.campaign.congress_files import parse_copy
    from ddkit.i18n import t

    if not args.source:
        raise UserError("campaign.congress.need_from")
    folder = update(args.source, as_of=parse_on_option(args.as_of))
    data = parse_copy(folder)
    print(
        t(
            "campaign.congress.updated",
            args.lang,
            day=data.source.snapshot.isoformat(),
            members=len(data.members),
            zctas=len(data.zip_index()),
        )
    )
    return 0


def parse_on_option(text: str | None):
    """``--as-of`` as a date (the same rule as ``--on``)."""
    try:
        return parse_on(text)
    except UserError:
        raise UserError("cli.bad_date", option="--as-of") from None
