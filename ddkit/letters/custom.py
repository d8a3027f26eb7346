"""Letters from a template an organizer edited: sandboxed, in another process, on a clock.

The kit's own templates render in the kit's process. A template an organizer wrote or changed
is untrusted: it renders in :class:`~ddkit.letters.env.LetterEnvironment` (no system access,
capped arithmetic) *and* in a separate Python process that is killed after
:data:`TIME_LIMIT` seconds and may not use more than :data:`MEMORY_LIMIT` bytes, so a loop
that never ends cannot freeze the notebook or the command line (SECURITY.md TPL-1 to TPL-5).

The edited template has the same blocks as the kit's templates. It may keep the metadata
comment; when it does, its ``needs`` are checked before rendering, so every missing field is
listed at once. Without it, the first empty field stops the letter and is named.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ddkit.case import Case
from ddkit.letters.context import Context, MissingFields, missing_fields
from ddkit.letters.kinds import HeaderError, parse_header, split_header
from ddkit.letters.model import Letter
from ddkit.letters.render import LetterMaker, TemplateProblem, letter_from_parts
from ddkit.letters.safeguards import member_signer
from ddkit.letters.signer import parse_signer
from ddkit.letters.wire import encode_context

TIME_LIMIT = 5.0  # seconds; a real letter renders in milliseconds
MEMORY_LIMIT = 512 * 2**20  # bytes of address space for the render process
MAX_TEMPLATE = 200_000  # characters; a letter template is a few thousand


def render_in_sandbox(source: str, context: Context, timeout: float = TIME_LIMIT) -> dict:
    """Render a template's blocks in a separate, time- and memory-limited process.

    Returns the rendered blocks, or raises :class:`TemplateProblem` or
    :class:`~ddkit.letters.context.MissingFields`.
    """
    payload = json.dumps({"source": source, "context": encode_context(context)})
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ddkit.letters.worker", str(MEMORY_LIMIT), str(int(timeout))],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TemplateProblem("too_slow") from None
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        # Killed by its memory or CPU limit, or crashed: either way the template is refused.
        raise TemplateProblem("not_allowed") from None
    if "parts" in result:
        return result["parts"]
    return _raise(result)


def _raise(result: dict) -> dict:
    error = result.get("error")
    if error == "blank":
        raise MissingFields([result.get("path", "?")], result.get("kind", "?"))
    if error in ("unknown_field", "syntax", "failed"):
        raise TemplateProblem(error, str(result.get("detail", "?")))
    raise TemplateProblem("not_allowed")


def read_template(path: str | Path) -> str:
    """Read an edited template file, or raise :class:`TemplateProblem`."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise TemplateProblem("unreadable", path.name) from None
    if len(source) > MAX_TEMPLATE:
        raise TemplateProblem("not_allowed")
    return source


def render_custom(
    source: str,
    kind: str,
    case: Case,
    signer: Mapping[str, Any] | None = None,
    lang: str = "en",
    *,
    timeout: float = TIME_LIMIT,
    **options: Any,
) -> Letter:
    """A letter of ``kind`` from an edited template ``source`` (text, not a file name).

    The letter's title and guidance come from the edited template's metadata comment, or else
    from the kit's template of the same kind. Options are those of
    :class:`~ddkit.letters.render.LetterMaker`.
    """
    if len(source) > MAX_TEMPLATE:
        raise TemplateProblem("not_allowed")
    signer = parse_signer(member_signer(options.get("member"), lang, signer or {}))
    if options.get("on") is None and signer.get("date"):
        options["on"] = signer["date"]
    maker = LetterMaker(kind, case, lang, **options)
    try:
        header, _ = split_header(source)
        info = parse_header(header, kind, maker.lang) if header else maker.info
    except HeaderError as exc:
        raise TemplateProblem("header", str(exc)) from None
    context = maker.context(signer)
    missing = missing_fields(info.needs, context) if header else []
    if missing:
        raise MissingFields(missing, kind)
    try:
        parts = render_in_sandbox(source, context, timeout)
    except MissingFields as exc:
        raise MissingFields(exc.fields, kind) from None
    day = signer.get("date") or maker.on
    return letter_from_parts(
        parts,
        kind=kind,
        lang=maker.lang,
        case_id=maker.case_id,
        title=info.title,
        day=day,
        is_script=info.script,
        meta={
            **maker.meta(day, signer),
            "guidance": maker.advice(info.guidance),
            "template": "custom",
        },
    )
