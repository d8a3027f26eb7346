"""The sandbox that renders letters: no code runs, no blank slips through, no runaway math.

Every letter template, shipped or edited by an organizer, renders in
:class:`LetterEnvironment`: Jinja2's ``ImmutableSandboxedEnvironment`` (no attribute tricks,
no mutation of the data) with ``StrictUndefined`` (a misspelled field is an error, never an
empty space), a ``finalize`` hook that refuses to print an empty value, and caps on the
operations that can eat a machine: ``**``, ``*``, ``%``, ``+``, ``range`` and large numbers
passed to functions and filters (SECURITY.md TPL-1 to TPL-5).

The sandbox limits what a template may *do*; it does not limit time. Templates an organizer
edited therefore render in a separate process with a clock (:mod:`ddkit.letters.custom`).

User data only ever enters as context *values*, never as template source (TPL-6).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jinja2
from jinja2 import StrictUndefined, meta, nodes
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ddkit.letters.caps import (
    BINOP_CHECKS,
    capped_filter,
    capped_format_filter,
    capped_range,
    check_format,
    check_numbers,
)

# Jinja2 3.1.5 and 3.1.6 fixed two sandbox breakouts (CVE-2024-56326, CVE-2025-27516);
# an older Jinja2 must never render a letter (SECURITY.md TPL-11).
MIN_JINJA = (3, 1, 6)


def jinja_version(text: str = jinja2.__version__) -> tuple[int, ...]:
    """The Jinja2 version as numbers.

    >>> jinja_version("3.1.6")
    (3, 1, 6)
    >>> jinja_version("3.2.0rc1") >= MIN_JINJA
    True
    """
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


if jinja_version() < MIN_JINJA:  # pragma: no cover - depends on the installed version
    raise ImportError(
        f"ddkit needs Jinja2>=3.1.6 (older versions have sandbox breakouts); "
        f"found {jinja2.__version__}. Run: pip install --upgrade 'jinja2>=3.1.6'"
    )


class FieldError(UndefinedError):
    """A template used a field that does not exist, or printed one that is empty.

    ``path`` is the dotted field name (``signer.nmae``); ``blank`` tells the two apart.
    """

    def __init__(self, path: str, blank: bool = False):
        self.path, self.blank = path, blank
        what = "is empty" if blank else "does not exist"
        super().__init__(f"the field {path} {what}")


class Missing:
    """An empty field: false in ``{% if %}``, nothing in ``{% for %}``, an error if printed."""

    __slots__ = ("_path",)

    def __init__(self, path: str):
        self._path = path

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __str__(self) -> str:
        raise FieldError(self._path, blank=True)

    __html__ = __str__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Missing) and other._path == self._path

    def __hash__(self) -> int:
        return hash(("Missing", self._path))

    def __repr__(self) -> str:
        return f"Missing({self._path!r})"


class Fields:
    """A read-only group of named values (``signer``, ``person`` ...) that knows its own name.

    Templates read ``signer.name``; the group has no public methods, so a field name can never
    collide with one, and a misspelled field names itself in the error (``signer.nmae``).
    """

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: dict[str, Any]):
        self._path = path
        self._values = dict(values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fields) and (self._path, self._values) == (
            other._path,
            other._values,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Fields({self._path!r}, {sorted(self._values)})"


class FieldUndefined(StrictUndefined):
    """``StrictUndefined`` that names the missing field with its group: ``person.nmae``."""

    __slots__ = ()

    def __init__(self, hint=None, obj=jinja2.utils.missing, name=None, exc=UndefinedError):
        super().__init__(hint, obj, name, FieldError if exc is UndefinedError else exc)

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        owner, name = self._undefined_obj, self._undefined_name
        if isinstance(owner, Fields):
            return f"{owner._path}.{name}"
        return str(name) if name is not None else "?"


def _no_blank(value: Any) -> Any:
    """Refuse to print an empty field: a letter never goes out with a blank (TPL-5).

    Empty fields reach templates as :class:`Missing`; ``None`` can only come from a bug.
    """
    if isinstance(value, Missing):
        raise FieldError(value._path, blank=True)
    if value is None:
        raise FieldError("?", blank=True)
    return value


class LetterEnvironment(ImmutableSandboxedEnvironment):
    """The one Jinja2 environment for letters: sandboxed, strict, capped.

    Plain-text templates (``*.j2``) are not escaped: they produce the text of a letter, and
    each output format escapes that text itself. Templates named ``*.html`` or ``*.html.j2``
    are autoescaped.
    """

    intercepted_binops = frozenset(BINOP_CHECKS)

    def __init__(self, **options: Any):
        options.setdefault("undefined", FieldUndefined)
        options.setdefault("finalize", _no_blank)
        options.setdefault("autoescape", _is_html)
        options.setdefault("trim_blocks", True)
        options.setdefault("lstrip_blocks", True)
        options.setdefault("keep_trailing_newline", False)
        super().__init__(**options)
        self.globals["range"] = capped_range
        for name, fn in list(self.filters.items()):
            wrap = capped_format_filter if name == "format" else capped_filter
            self.filters[name] = wrap(fn)

    def getattr(self, obj: Any, attribute: str) -> Any:
        # A group of fields holds only plain values under their names, so reading one needs
        # none of the sandbox's checks on methods and internals; this keeps a 10,000-letter
        # packet fast. Names starting with "_" are not field names and stay undefined.
        if type(obj) is Fields:
            try:
                return obj._values[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        BINOP_CHECKS[operator](left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        check_numbers((*args, *kwargs.values()))
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            check_format(value.__self__)
        return wrapped


def _is_html(name: str | None) -> bool:
    return bool(name) and name.endswith((".html", ".html.j2"))


# ------------------------------------------------------------------ what a template uses


def used_fields(ast: nodes.Template) -> set[str]:
    """The dotted fields a parsed template reads: ``signer.name``, ``assessment.asks`` ...

    A group used whole (``{% for line in office.address %}`` reads ``office.address``; a bare
    ``{{ person }}`` reads ``person``) counts as itself.

    >>> env = LetterEnvironment()
    >>> sorted(used_fields(env.parse("{{ a.b }}{% for x in c %}{{ x.y }}{% endfor %}")))
    ['a.b', 'c']
    """
    roots = meta.find_undeclared_variables(ast)
    found: set[str] = set()

    def visit(node: nodes.Node) -> None:
        inner = getattr(node, "node", None)
        if isinstance(inner, nodes.Name) and inner.name in roots:
            if isinstance(node, nodes.Getattr):
                found.add(f"{inner.name}.{node.attr}")
                return
            arg = getattr(node, "arg", None)
            if (
                isinstance(node, nodes.Getitem)
                and isinstance(arg, nodes.Const)
                and isinstance(arg.value, str)
            ):
                found.add(f"{inner.name}.{arg.value}")
                return
        if isinstance(node, nodes.Name) and node.ctx == "load" and node.name in roots:
            found.add(node.name)
            return
        for child in node.iter_child_nodes():
            visit(child)

    visit(ast)
    return found
