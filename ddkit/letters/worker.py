"""The separate process that renders an edited template (run by :mod:`ddkit.letters.custom`).

Reads ``{"source": ..., "context": ...}`` as JSON on stdin and writes ``{"parts": {...}}`` or
``{"error": ..., ...}`` on stdout. It first limits its own memory and CPU time, so that even a
template that slips past the sandbox's caps cannot take the machine down.

Usage: ``python -m ddkit.letters.worker MEMORY_BYTES CPU_SECONDS``
"""

from __future__ import annotations

import json
import sys


def limit_resources(memory: int, cpu_seconds: int) -> None:
    """Cap this process's address space and CPU time (where the system allows it)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall clock still applies
        return
    for what, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu_seconds + 1)):
        try:
            resource.setrlimit(what, (value, value))
        except (ValueError, OSError):
            pass


def render(request: dict) -> dict:
    """Render the blocks of ``request["source"]``; report a failure as data, never a traceback."""
    from jinja2 import TemplateError
    from jinja2.sandbox import SecurityError

    from ddkit.letters.env import FieldError, LetterEnvironment
    from ddkit.letters.wire import decode_context

    try:
        template = LetterEnvironment().from_string(request["source"])
        context = decode_context(request["context"])
        ctx = template.new_context(context)
        return {"parts": {name: "".join(fn(ctx)) for name, fn in template.blocks.items()}}
    except FieldError as exc:
        return {
            "error": "blank" if exc.blank else "unknown_field",
            "path": exc.path,
            "detail": exc.path,
        }
    except (SecurityError, OverflowError, MemoryError, RecursionError):
        return {"error": "not_allowed"}
    except TemplateError as exc:
        return {"error": "syntax", "detail": getattr(exc, "lineno", None) or "?"}
    except Exception as exc:  # noqa: BLE001 - the parent shows a plain message
        return {"error": "failed", "detail": type(exc).__name__}


def main(argv: list[str]) -> int:
    memory, cpu = (int(argv[0]), int(argv[1])) if len(argv) >= 2 else (512 * 2**20, 5)
    request = json.loads(sys.stdin.read())
    limit_resources(memory, cpu)
    try:
        result = render(request)
    except MemoryError:
        result = {"error": "not_allowed"}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
