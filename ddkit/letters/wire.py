"""The letter context as JSON, to hand it to the render process and back.

>>> from ddkit.letters.env import Fields, Missing
>>> ctx = {"signer": Fields("signer", {"name": "Ana", "org": Missing("signer.org")})}
>>> decode_context(encode_context(ctx)) == ctx
True
"""

from __future__ import annotations

from typing import Any

from ddkit.letters.env import Fields, Missing


def encode_context(value: Any) -> Any:
    """The context as JSON-ready data that :func:`decode_context` turns back (for the worker)."""
    if isinstance(value, Fields):
        return {"__fields__": value._path, "values": {k: encode_context(value[k]) for k in value}}
    if isinstance(value, Missing):
        return {"__missing__": value._path}
    if isinstance(value, tuple | list):
        return {"__tuple__": [encode_context(v) for v in value]}
    if isinstance(value, dict):
        return {"__dict__": {k: encode_context(v) for k, v in value.items()}}
    return value


def decode_context(value: Any) -> Any:
    """The context back from :func:`encode_context`."""
    if isinstance(value, dict):
        if "__fields__" in value:
            values = {k: decode_context(v) for k, v in value["values"].items()}
            return Fields(value["__fields__"], values)
        if "__missing__" in value:
            return Missing(value["__missing__"])
        if "__tuple__" in value:
            return tuple(decode_context(v) for v in value["__tuple__"])
        if "__dict__" in value:
            return {k: decode_context(v) for k, v in value["__dict__"].items()}
    return value
