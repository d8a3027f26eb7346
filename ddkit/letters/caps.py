"""Caps on what a letter template may compute, so that no template can eat the machine.

The sandbox blocks attribute tricks; these caps block size: ``10**3000000``, ``'a'*10**9``,
``range(10**9)``, ``'%999999999s' % x`` and huge numbers passed to functions or filters are
refused before anything is built (SECURITY.md TPL-3). Ordinary letter arithmetic is untouched.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from jinja2.sandbox import SecurityError

MAX_RANGE = 10_000  # items a template's range() may produce
MAX_SIZE = 100_000  # characters or items one operation may produce; a letter is ~5,000
MAX_INT_BITS = 256  # size of a number ** or * may produce (about 77 digits)


def _too_big(why: str) -> SecurityError:
    return SecurityError(f"not allowed in a letter template: {why}")


def _check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right * abs(left).bit_length() > MAX_INT_BITS:
            raise _too_big("number too large")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
            raise _too_big("number too large")
        return
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            if len(seq) * times > MAX_SIZE:
                raise _too_big("repetition too large")


_PERCENT_SPEC = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_WIDTH = re.compile(r"\{[^{}]*?\d{6,}[^{}]*\}")


def check_format(text: Any) -> None:
    """Refuse ``'%999999999s' % x`` and ``'{:>999999999}'.format(x)``: gigabytes of spaces."""
    if not isinstance(text, str):
        return
    for width, precision in _PERCENT_SPEC.findall(text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_SIZE):
                raise _too_big("format width too large")
    if _BRACE_WIDTH.search(text):
        raise _too_big("format width too large")


def _check_sum(left: Any, right: Any) -> None:
    if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        if len(left) + len(right) > MAX_SIZE * 10:
            raise _too_big("text too long")


def check_numbers(values: Iterable[Any]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise _too_big("number too large")


def capped_range(*args: int) -> range:
    """``range`` for templates, at most :data:`MAX_RANGE` items.

    >>> len(capped_range(3))
    3
    """
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise _too_big(f"range larger than {MAX_RANGE}")
    return rng


def capped_filter(fn):
    @functools.wraps(fn)  # keeps Jinja's pass_context / pass_environment markers
    def capped(*args: Any, **kwargs: Any) -> Any:
        check_numbers((*args, *kwargs.values()))
        return fn(*args, **kwargs)

    return capped


def capped_format_filter(fn):
    @functools.wraps(fn)
    def capped(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_format(value)
        check_numbers((*args, *kwargs.values()))
        return fn(value, *args, **kwargs)

    return capped


BINOP_CHECKS = {
    "**": _check_power,
    "*": _check_product,
    "+": _check_sum,
    "%": lambda left, right: check_format(left),
}
