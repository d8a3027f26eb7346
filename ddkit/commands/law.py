"""``ddkit law``: the legal developments in force on a day, for a state, with their sources.

``--since`` lists what changed after a date ("what is new since our last workshop").
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta

from ddkit.commands.core import lang_option, parse_on
from ddkit.errors import UserError


def register(sub) -> None:
    p = sub.add_parser(
        "law", help="legal developments in force on a day, for a state, with sources"
    )
    p.add_argument("--on", help="the day, YYYY-MM-DD (default: today)")
    p.add_argument("--state", help="two-letter state or territory code, like TX")
    p.add_argument("--since", help="list what changed after this day instead, YYYY-MM-DD")
    p.add_argument("--format", choices=("text", "json"), default="text")
    lang_option(p)
    p.set_defaults(handler=run_law)


def _state(text: str | None) -> str | None:
    from ddkit.values import US_STATES

    if text is None:
        return None
    code = text.strip().upper()
    if code not in US_STATES:
        raise UserError("cli.bad_state", option="--state")
    return code


def _date_option(text: str | None, option: str) -> date | None:
    try:
        return parse_on(text)
    except UserError:
        raise UserError("cli.bad_date", option=option) from None


def _item(development, on: date, lang: str) -> dict:
    where = development.jurisdiction
    return {
        "id": development.id,
        "title": development.title(lang),
        "summary": development.summary(lang),
        "date": development.date.isoformat(),
        "confidence": development.confidence,
        "disputed": development.disputed(lang) if development.disputed else None,
        "jurisdiction": (
            "national"
            if where.national
            else {"circuits": list(where.circuits)}
            if where.circuits
            else {"states": list(where.states)}
        ),
        "in_force_on": development.in_force_on(on),
        "in_force": [
            {
                "from": i.start.isoformat(),
                "until": i.until.isoformat() if i.until else None,
                "note": i.note(lang),
            }
            for i in development.in_force
        ],
        "sources": [
            {"url": s.url, "title": s.title, "accessed": s.accessed.isoformat()}
            for s in development.sources
        ],
    }


def listing(on: date, state: str | None, since: date | None, lang: str) -> dict:
    """The developments to list, as plain data (the JSON output)."""
    from ddkit.law import changed_since, circuit_of, in_force, review

    circuit = circuit_of(state)
    if since is not None:
        found = [
            d
            for d in changed_since(since)
            if state is None or d.jurisdiction.covers(state, circuit) is not False
        ]
    else:
        found = list(in_force(on, state=state, circuit=circuit))
    checked = review()
    return {
        "on": on.isoformat(),
        "since": since.isoformat() if since else None,
        "state": state,
        "circuit": circuit,
        "law_reviewed": checked.reviewed.isoformat(),
        "law_may_be_outdated": on > checked.reviewed + timedelta(days=checked.stale_after_days),
        "developments": [_item(d, on, lang) for d in found],
    }


def _where(item: dict, lang: str) -> str:
    from ddkit.i18n import t

    where = item["jurisdiction"]
    if where == "national":
        return t("law.jurisdiction.national", lang)
    if "circuits" in where:
        names = ", ".join(t(f"law.circuit.{c}", lang) for c in where["circuits"])
        return t("law.jurisdiction.circuits", lang, names=names)
    return t("law.jurisdiction.states", lang, names=", ".join(where["states"]))


def _text(data: dict, lang: str) -> str:
    from ddkit.i18n import t
    from ddkit.law import circuits

    if data["state"] is None:
        place = t("cli.law_anywhere", lang)
    elif data["circuit"] is None:
        place = t("cli.law_no_circuit", lang, state=data["state"])
    else:
        circuit = t(f"law.circuit.{data['circuit']}", lang)
        place = t("cli.law_place", lang, state=data["state"], circuit=circuit)
    if data["since"]:
        head = t("cli.law_since", lang, since=data["since"], place=place)
    else:
        head = t("cli.law_on", lang, on=data["on"], place=place)
    out = [head, t("law.reviewed", lang, day=data["law_reviewed"])]
    if data["law_may_be_outdated"]:
        out.append(t("cli.law_outdated", lang))
    no_circuit = circuits().no_circuit.get(data["state"] or "")
    if data["state"] and data["circuit"] is None and no_circuit:
        out.append(no_circuit(lang))
    if not data["developments"]:
        out += ["", t("cli.law_none", lang)]
    for item in data["developments"]:
        confidence = t(f"law.confidence.{item['confidence']}", lang)
        intervals = "; ".join(f"{i['from']} → {i['until'] or '…'}" for i in item["in_force"])
        out += [
            "",
            f"* {item['title']} [{confidence}]",
            f"  {t('cli.law_where', lang)}: {_where(item, lang)}. "
            f"{t('cli.law_in_force', lang)}: {intervals}",
            f"  {item['summary']}",
        ]
        if item["disputed"]:
            out.append(f"  ! {t('law.disputed', lang)}: {item['disputed']}")
        out += [f"  - {s['title']}: {s['url']} ({s['accessed']})" for s in item["sources"]]
    out += ["", t("common.not_legal_advice", lang)]
    return "\n".join(out)


def run_law(args) -> int:
    on = _date_option(args.on, "--on") or date.today()
    since = _date_option(args.since, "--since")
    state = _state(args.state)
    data = listing(on, state, since, args.lang)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_text(data, args.lang))
    return 0
