"""``ddkit letters mass`` (a packet of supporters' letters) and ``ddkit packet`` (the filing).

Both read a case file, render letters with :mod:`ddkit.letters.render` and write PDFs with
:mod:`ddkit.documents`. Heavy libraries load inside the handlers, so ``ddkit assess`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

from ddkit.commands.core import lang_option, parse_on
from ddkit.errors import UserError
from ddkit.i18n import t

MAX_LISTED = 200  # rows listed in the summary; a table with more problems needs fixing first


def register(sub) -> None:
    group = sub.add_parser("letters", help="letters for many signers at once")
    verbs = group.add_subparsers(dest="letters_command", metavar="VERB")
    verbs.required = True
    p = verbs.add_parser("mass", help="one letter per supporter, as a packet PDF")
    p.add_argument("--case", required=True, help="case file (YAML or JSON)")
    p.add_argument("--supporters", required=True, help="supporters table (CSV or XLSX)")
    p.add_argument("-o", "--output", help="packet PDF (default: in the kit's exports folder)")
    p.add_argument("--docx-zip", help="also write every letter as a Word file, in this zip")
    p.add_argument("--on", help="the letters' date, YYYY-MM-DD (default: today)")
    p.add_argument(
        "--volume-size", type=int, default=None, help="letters per PDF volume (default 2500)"
    )
    lang_option(p)
    p.set_defaults(handler=run_mass)

    p = sub.add_parser("packet", help="the filing packet: cover letter, index, letters, exhibits")
    p.add_argument("--case", required=True, help="case file (YAML or JSON)")
    p.add_argument("--letters", required=True, help="folder holding the letters as PDF")
    p.add_argument("--attach", action="append", default=[], help="a PDF to attach (repeatable)")
    p.add_argument("--signer", help="signer file for the cover letter, if it is not in --letters")
    p.add_argument("--on", help="the cover letter's date, YYYY-MM-DD (default: today)")
    p.add_argument("-o", "--output", help="packet PDF (default: in the kit's exports folder)")
    p.add_argument(
        "--attorney-approved",
        action="store_true",
        help="the person's attorney approved the discretion request: assembles the packet even "
        "when ICE is not acting on the person (recorded in the file's properties only)",
    )
    lang_option(p)
    p.set_defaults(handler=run_packet)


def _load_case(path: str, lang: str):
    from ddkit.case import CaseError, load_case
    from ddkit.mode import is_demo

    try:
        case = load_case(path)
    except CaseError as exc:
        raise UserError.wrap(exc, lang) from None
    if is_demo() and not case.fictional:  # Binder is public: practice cases only
        raise UserError("letters.cli.demo_real_data")
    return case


def field_office(case) -> dict[str, str] | None:
    """The ICE field office a detained person's letters go to, when the office data is sure.

    The custody state (and county, where ICE splits a state) picks the office; anything
    less certain leaves the letter addressed to the Field Office Director without an address.
    """
    state = case.custody.state if case.custody.detained else None
    if not state:
        return None
    from ddkit.campaign.offices import find_office

    try:
        match = find_office(state, case.custody.county)
    except UserError:
        return None
    if match.status != "found" or len(match.offices) != 1:
        return None
    office = match.offices[0]
    address = f"{office.address}\n{office.city}, {office.state} {office.zip}"
    return {"name": office.office, "address": address, "phone": office.phone or None}


def _output(given: str | None, kind: str, case_id: str, day, ext: str = "pdf") -> Path:
    """The file named, or a file named ``<kind>-<case id>-<date>`` in the folder named
    (the exports folder by default): never a name that holds the person's name."""
    from ddkit.documents.files import filename
    from ddkit.paths import exports_dir

    name = filename(kind, case_id, day, ext)
    if not given:
        return exports_dir() / name
    path = Path(given).expanduser()
    return path / name if path.is_dir() else path


def run_mass(args) -> int:
    from ddkit.documents.mass import (
        VOLUME_LETTERS,
        Cover,
        SupporterTable,
        required_columns,
        supporter_signer,
        write_mass_packet,
    )
    from ddkit.documents.progress import TerminalProgress
    from ddkit.letters.context import format_a_number
    from ddkit.letters.render import LetterMaker

    if args.volume_size is not None and args.volume_size < 1:
        raise UserError(text="--volume-size: expected a whole number of at least 1.")
    case = _load_case(args.case, args.lang)
    office = field_office(case)
    maker = LetterMaker("mass_personal", case, args.lang, on=parse_on(args.on), office=office)
    maker.check_case()
    person = case.person
    a_number = format_a_number(person.a_number) if person.a_number else None
    cover = Cover(person.name, maker.case_id, maker.on, maker.lang, a_number)
    out = _output(args.output, "mass_personal", maker.case_id, maker.on)
    with SupporterTable(args.supporters, required_columns(maker.info.signer_needs)) as table:
        result = write_mass_packet(
            table,
            lambda supporter: maker.render(supporter_signer(supporter)),
            cover,
            out,
            docx_zip=_output(args.docx_zip, "mass_personal", maker.case_id, maker.on, "zip")
            if args.docx_zip
            else None,
            progress=TerminalProgress(),
            volume_size=args.volume_size or VOLUME_LETTERS,
        )
    _print_rows("documents.mass.skipped_head", result.issues, args.lang)
    _print_rows("documents.mass.noted_head", result.notes, args.lang)
    if not result.letters:
        name = Path(args.supporters).name
        raise UserError("documents.mass.none_valid", file=name)
    files = ", ".join(str(p) for p in result.files)
    key = "documents.mass.summary_one" if result.letters == 1 else "documents.mass.summary"
    print(t(key, args.lang, count=f"{result.letters:,}", files=files))
    if result.docx_zip:
        print(t("documents.mass.summary_zip", args.lang, file=str(result.docx_zip)))
    return 0


def _print_rows(head: str, issues, lang: str) -> None:
    """Problems grouped by row: "row 5: no name; same e-mail as row 2"."""
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.row, []).append(issue.message(lang))
    if not by_row:
        return
    print(t(head, lang, count=f"{len(by_row):,}"))
    rows = sorted(by_row)
    for row in rows[:MAX_LISTED]:
        print(f"  {t('documents.row', lang, row=row)}: {'; '.join(by_row[row])}")
    if len(rows) > MAX_LISTED:
        print("  " + t("documents.mass.more", lang, count=f"{len(rows) - MAX_LISTED:,}"))


def check_packet(case, on, args) -> dict:
    """Refuse a packet for someone ICE is not pursuing, unless the attorney approved it.

    The packet goes to ICE with the person's name, A-number and date of birth, whichever
    program wrote its cover letter: the same rule as for the discretion request itself.
    Returns the meta the packet records (approval, A-number).
    """
    from ddkit.assess import assess
    from ddkit.commands.letters import refusal
    from ddkit.letters.context import format_a_number
    from ddkit.letters.safeguards import NothingToAsk, check_request, overrode_refusal

    approved = bool(args.attorney_approved)
    assessment = assess(case, on=on)
    try:
        check_request("pd_request", assessment, case, approved)
    except NothingToAsk as exc:
        raise refusal(exc, args.lang) from None
    a_number = case.person.a_number
    return {
        "attorney_approved": approved,
        "overrode_refusal": overrode_refusal("pd_request", assessment, approved),
        "a_number": format_a_number(a_number) if a_number else None,
    }


def run_packet(args) -> int:
    from ddkit.documents.packet import find_letters, open_pdf, write_filing_packet
    from ddkit.letters.naming import case_id as make_case_id
    from ddkit.letters.safeguards import approval_keywords

    on = parse_on(args.on)
    case = _load_case(args.case, args.lang)
    meta = check_packet(case, on, args)
    cover_path, letter_paths = find_letters(args.letters)
    out = _output(args.output, "packet", make_case_id(case), on or _today())
    letter_paths = [p for p in letter_paths if not _same_file(p, out)]
    cover = open_pdf(cover_path) if cover_path else _render_cover(case, args, on)
    letters = [open_pdf(p) for p in letter_paths]
    attachments = [open_pdf(p, kit_made=False) for p in args.attach]
    result = write_filing_packet(
        cover,
        letters,
        attachments,
        out,
        args.lang,
        a_number=meta["a_number"],
        keywords=approval_keywords(meta),
    )
    print(
        t(
            "documents.packet.summary",
            args.lang,
            file=str(result.path),
            pages=result.pages,
            exhibits=len(result.exhibits),
        )
    )
    for part in result.exhibits:
        print(f"  {part.label}. {part.source}")
    return 0


def _render_cover(case, args, on):
    """The cover letter written now, when the folder has none and a signer file is given."""
    from ddkit.documents.packet import part_from_letter
    from ddkit.letters.render import render_letter
    from ddkit.letters.signer import load_signer

    if not args.signer:
        raise UserError("documents.packet.no_cover", folder=Path(args.letters).name)
    signer = load_signer(args.signer)
    letter = render_letter(
        "pd_request",
        case,
        signer,
        args.lang,
        on=on,
        office=field_office(case),
        attorney_approved=bool(args.attorney_approved),
    )
    return part_from_letter(letter)


def _same_file(path: Path, out: Path) -> bool:
    try:
        return path.resolve() == out.resolve() or path.name.startswith("packet-")
    except OSError:
        return False


def _today():
    from datetime import date

    return date.today()
