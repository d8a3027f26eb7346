"""Questions generated from the case model: one widget per field, labelled from the catalogs.

The intake form is not a second list of fields. :func:`field_specs` reads the pydantic
model (types, choices, limits) and :class:`FieldWidget` builds the matching widget, with
its label and "why we ask" help from ``field.<path>.label`` / ``.help`` and choice names
from ``choice.<field>.<value>``, in the screen language.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel, StringConstraints

from ddkit.i18n import has, t

TEXT_CAP = 200  # for text fields whose model sets no length (A-number, state)
LONG_TEXT_AT = 1000  # text allowed this long gets a multi-line box
NOT_ASKED = frozenset({"version"})  # format bookkeeping, not a question


@dataclass(frozen=True)
class FieldSpec:
    """What the model says about one question: where it goes, its kind and its limits."""

    path: str
    kind: str  # text, long, lines, date, bool, int, opt_int, choice, multi
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = TEXT_CAP
    max_items: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    default: Any = None

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]


def _unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """The core type, whether ``None`` is allowed, and the constraints found on the way."""
    optional = False
    meta: list[Any] = []
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        annotation = args[0]
    if get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        meta.extend(extra)
    return annotation, optional, meta


def _limits(meta: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in meta:
        if isinstance(item, StringConstraints) and item.max_length:
            found["max_length"] = item.max_length
        elif isinstance(item, annotated_types.MaxLen):
            found["max_items"] = item.max_length
        elif isinstance(item, annotated_types.Ge):
            found["minimum"] = int(item.ge)
        elif isinstance(item, annotated_types.Le):
            found["maximum"] = int(item.le)
    return found


def spec_for(path: str, info) -> FieldSpec | None:
    """The question for one model field, or ``None`` for a section or bookkeeping field."""
    spec = _spec_for(path, info)
    if spec is None or info.default_factory is not None or info.is_required():
        return spec
    return replace(spec, default=info.default)


def _spec_for(path: str, info) -> FieldSpec | None:
    core, optional, meta = _unwrap(info.annotation)
    limits = _limits([*info.metadata, *meta])
    origin = get_origin(core)
    if origin is Literal:
        return FieldSpec(path, "choice", required=not optional, choices=get_args(core))
    if origin is list:
        item, _, item_meta = _unwrap(get_args(core)[0])
        if get_origin(item) is Literal:
            return FieldSpec(path, "multi", choices=get_args(item))
        if isinstance(item, type) and issubclass(item, BaseModel):
            return None  # repeatable rows: built by ddkit.ui.rows
        limits.update({k: v for k, v in _limits(item_meta).items() if k == "max_length"})
        return FieldSpec(path, "lines", **limits)
    if core is bool:
        return FieldSpec(path, "bool")
    if core is int:
        return FieldSpec(path, "opt_int" if optional else "int", **limits)
    if core is date:
        return FieldSpec(path, "date")
    if core is str:
        long = limits.get("max_length", 0) >= LONG_TEXT_AT
        return FieldSpec(path, "long" if long else "text", required=info.is_required(), **limits)
    return None


def field_specs(model: type[BaseModel], prefix: str = "") -> list[FieldSpec]:
    """Every question one section of the model asks, in the model's order."""
    specs = []
    for name, info in model.model_fields.items():
        if name in NOT_ASKED:
            continue
        spec = spec_for(prefix + name, info)
        if spec is not None:
            specs.append(spec)
    return specs


# ------------------------------------------------------------------ labels


def field_label(path: str, lang: str) -> str:
    """The question's label: ``field.<path>.label``, else this app's own ``ui.field`` key."""
    key = f"field.{path}.label"
    return t(key, lang) if has(key, lang) else t(f"ui.field.{path}.label", lang)


def field_help(path: str, lang: str) -> str:
    """Why we ask: ``field.<path>.help``, else the app's own key, else nothing."""
    for key in (f"field.{path}.help", f"ui.field.{path}.help"):
        if has(key, lang):
            return t(key, lang)
    return ""


def choice_label(spec: FieldSpec, value: str, lang: str) -> str:
    """The name of one choice, from ``choice.<field>.<value>``."""
    return t(f"choice.{spec.name}.{value}", lang)
