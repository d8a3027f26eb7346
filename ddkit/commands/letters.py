"""``ddkit letter``: write one letter from a case file and a signer.

::

    ddkit letter --list
    ddkit letter KIND --case FILE [--signer FILE] [--set key=value ...] [--lang en|es]
                 [--format md|html|docx|pdf] [--on DATE] [--policy ID] [--template FILE] [-o OUT]
                 [--attorney-approved]

Without ``-o`` the letter goes to the kit's private exports folder; with ``-o DIR`` into that
folder; with ``-o FILE`` to that file; with ``-o -`` (Markdown or HTML) to the screen. File
names are ``<kind>-<case id>-<yyyymmdd>.<ext>`` and never hold the person's name (the case id
is explained in :mod:`ddkit.letters.naming`).

A discretion request (``pd_request``) for someone ICE is not pursuing is refused (exit 2, and
the reason); ``--attorney-approved`` says the person's attorney approved it anyway, and also
lets it name the pending applications as filed. The approval is recorded in the file's
properties, never in the letter (see :mod:`ddkit.letters.safeguards`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ddkit.commands.core import lang_option, parse_on
from ddkit.errors import UserError

FORMATS = ("md", "html", "docx", "pdf")
TEXT_FORMATS = ("md", "html")
# Assessment flags worth repeating when a letter is written.
CAUTION_FLAGS = (
    "attorney_review",
    "expedited_removal_risk",
    "needs_consent",
    "policy_not_in_force",
)


def register(sub) -> None:
    p = sub.add_parser(
        "letter",
        help="write a letter of support or the discretion request (see: ddkit letter --list)",
        description="Write one letter from a case file and a signer. Not legal advice: "
        "have an attorney review every letter before it is sent.",
    )
    p.add_argument("kind", nargs="?", metavar="KIND", help="the kind of letter (see --list)")
    p.add_argument("--list", action="store_true", dest="list_kinds", help="list the kinds")
    p.add_argument("--case", metavar="FILE", help="case file (YAML or JSON)")
    p.add_argument("--signer", metavar="FILE", help="signer file (YAML)")
    p.add_argument(
        "--set",
        action="append",
        dest="assignments",
        metavar="KEY=VALUE",
        help="a signer field, like --set name='Ana Ruiz' (repeat it; wins over --signer)",
    )
    p.add_argument("--format", choices=FORMATS, help="md, html, docx or pdf (default: from -o)")
    p.add_argument("--on", help="date of the letter and of the assessment, YYYY-MM-DD")
    p.add_argument("--policy", help="policy framework to cite (default: the one in force)")
    p.add_argument("--template", metavar="FILE", help="an edited template to use instead")
    p.add_argument(
        "--member",
        metavar="ID",
        help="congressional letters: the member whose office writes (id from ddkit congress)",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="file, folder, or - for the screen")
    p.add_argument(
        "--attorney-approved",
        action="store_true",
        help="the person's attorney approved this letter: writes a discretion request even when "
        "ICE is not acting on the person, and names the pending applications as filed "
        "(recorded in the file's properties, never in the letter)",
    )
    lang_option(p)
    p.set_defaults(handler=run_letter)


def run_letter(args) -> int:
    if args.list_kinds:
        print(list_text(args.lang))
        return 0
    letter = make_letter(args)
    fmt = args.format or _format_from(args.output)
    if args.output == "-":
        if fmt not in TEXT_FORMATS:
            raise UserError("letters.cli.stdout_binary", format=fmt)
        sys.stdout.write(_text(letter, fmt))
    else:
        path = write_letter(letter, fmt, args.output)
        from ddkit.i18n import t

        print(t("letters.cli.written", args.lang, path=path))
    _print_cautions(letter, args.lang)
    _print_guidance(letter, args.lang)
    if letter.meta.get("member_source"):
        print(letter.meta["member_source"], file=sys.stderr)
    return 0


def _print_guidance(letter, lang: str) -> None:
    """The advice for the signer (with the legal data's review date), beside the letter."""
    from ddkit.i18n import t

    guidance = letter.meta.get("guidance")
    if guidance:
        print(t("letters.cli.guidance", lang), file=sys.stderr)
        print(guidance, file=sys.stderr)


def make_letter(args):
    """The letter the options ask for, or a :class:`UserError` saying what to fix."""
    from ddkit.case import CaseError, load_case
    from ddkit.letters.kinds import KINDS
    from ddkit.letters.render import UnknownKind
    from ddkit.letters.safeguards import NothingToAsk
    from ddkit.letters.signer import combine_signer
    from ddkit.mode import is_demo

    if not args.kind:
        raise UserError("letters.cli.kind_required")
    if args.kind not in KINDS:
        raise UnknownKind(args.kind)
    if not args.case:
        raise UserError("letters.cli.case_required")
    try:
        case = load_case(args.case)
    except CaseError as exc:
        raise UserError.wrap(exc, args.lang) from None
    if is_demo() and not case.fictional:
        raise UserError("letters.cli.demo_real_data")
    signer = combine_signer(args.signer, args.assignments)
    options = {
        "on": parse_on(args.on) or signer.get("date"),
        "policy": args.policy,
        "attorney_approved": args.attorney_approved,
    }
    if args.member:
        from ddkit.campaign.congress import congress

        options["member"] = congress().member(args.member)
    try:
        if args.template:
            from ddkit.letters.custom import read_template, render_custom

            source = read_template(args.template)
            return render_custom(source, args.kind, case, signer, args.lang, **options)
        from ddkit.letters.render import LetterMaker

        return LetterMaker(args.kind, case, args.lang, **options).render(signer)
    except KeyError as exc:  # an unknown --policy: the message lists the known ones
        raise UserError(text=str(exc.args[0])) from None
    except NothingToAsk as exc:
        raise refusal(exc, args.lang) from None


def refusal(exc, lang: str) -> UserError:
    """The refusal of a discretion request, with how the attorney can override it here."""
    from ddkit.i18n import t

    return UserError(text=exc.message(lang) + "\n" + t("letters.cli.attorney_override", lang))


def _format_from(output: str | None) -> str:
    suffix = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
    return (
        {"markdown": "md", "htm": "html"}.get(suffix, suffix)
        if suffix
        in (
            *FORMATS,
            "markdown",
            "htm",
        )
        else "md"
    )


def _text(letter, fmt: str) -> str:
    from ddkit.letters.formats import to_html, to_markdown

    return to_markdown(letter) if fmt == "md" else to_html(letter)


def output_path(letter, fmt: str, output: str | None) -> Path:
    """Where the letter goes: the exports folder, a folder, or the file named."""
    from ddkit.letters.naming import letter_filename
    from ddkit.paths import exports_dir

    name = letter_filename(letter.kind, letter.case_id, letter.date, fmt)
    if output is None:
        return exports_dir() / name
    path = Path(output).expanduser()
    return path / name if path.is_dir() else path


def write_letter(letter, fmt: str, output: str | None = None) -> Path:
    """Write the letter in ``fmt`` (file mode 0600) and return the path written."""
    from ddkit.paths import make_private, open_private

    path = output_path(letter, fmt, output)
    try:
        if fmt in TEXT_FORMATS:
            with open_private(path, "w") as out:
                out.write(_text(letter, fmt))
        else:
            _binary_writer(fmt)(letter, path)
            make_private(path)
    except OSError:
        raise UserError("letters.cli.output_unwritable", path=str(output or path)) from None
    return path


def _binary_writer(fmt: str):
    """The DOCX or PDF exporter from :mod:`ddkit.documents`, if this installation has it."""
    module_name = f"ddkit.documents.{fmt if fmt == 'pdf' else 'docx'}"
    try:
        import importlib

        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == "ddkit.documents" or exc.name == module_name):
            raise UserError("letters.cli.format_unavailable", format=fmt) from None
        raise
    return module.write_pdf if fmt == "pdf" else module.write_docx


def _print_cautions(letter, lang: str) -> None:
    from ddkit.i18n import t

    flags = [why for flag, why in letter.meta.get("flags", {}).items() if flag in CAUTION_FLAGS]
    lines = [why.get(lang, why.get("en", "")) for why in flags]
    if letter.meta.get("relief_left_out"):
        lines.append(t("letters.cli.relief_left_out", lang))
    if lines:
        print(t("letters.cli.before_sending", lang), file=sys.stderr)
        for line in lines:
            print("  - " + line, file=sys.stderr)


def list_text(lang: str) -> str:
    """Every kind: what it is for, who it goes to, who signs it and what it needs."""
    from ddkit.i18n import t
    from ddkit.letters.context import field_label
    from ddkit.letters.kinds import all_kinds

    lines = [t("letters.list.head", lang)]
    for info in all_kinds(lang):
        case_needs = [
            field_label(p, lang)
            for p in (*info.needs, *info.requires)
            if not p.startswith(("signer.", "assessment.", "letter."))
        ]
        rows = (
            ("purpose", info.purpose),
            ("audience", info.audience),
            ("signed_by", info.signed_by),
            ("needs_signer", ", ".join(info.signer_needs)),
            ("optional_signer", ", ".join(info.signer_optional) or t("letters.list.nothing", lang)),
            ("needs_case", ", ".join(case_needs)),
        )
        lines += ["", f"{info.id}: {info.title}"]
        lines += [f"  {t(f'letters.list.{key}', lang)}: {value}" for key, value in rows if value]
    return "\n".join(lines)
