"""Reading the legal data: developments, the review date, the circuit map and the form facts.

Every file is validated on load, like the policy files: an unknown key, a duplicate key, an
impossible date, a missing Spanish text, an unknown check, flag or intervention is rejected
with the file name and the offending key (:class:`LawError`).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ddkit import datacache, yamlio
from ddkit.law.facts import Forms
from ddkit.law.schema import Development
from ddkit.law.vocabulary import CIRCUITS
from ddkit.policy import Source, Text
from ddkit.values import US_STATES

LAW_DIR = Path(__file__).parent
DEVELOPMENTS_DIR = LAW_DIR / "developments"
DATA_DIR = LAW_DIR.parent / "data"


class LawError(ValueError):
    """A legal-data file is broken. The message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str):
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise LawError(path.name, f"line {line}", exc.problem or str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LawError(path.name, "-", f"cannot read the file ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise LawError(path.name, "-", "expected a mapping at the top level")
    return data


def _validate(model: type[BaseModel], data: dict[str, Any], name: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        key = ".".join(str(p) for p in err["loc"]) or "-"
        raise LawError(name, key, err["msg"].removeprefix("Value error, ")) from None


def load_development_file(path: str | Path) -> Development:
    """Load and validate one development file, or raise :class:`LawError`."""
    path = Path(path)
    development = _validate(Development, _read(path), path.name)
    if development.id != path.stem:
        raise LawError(path.name, "id", f"must match the file name ({path.stem!r})")
    return development


@cache
def developments() -> tuple[Development, ...]:
    """Every shipped development, oldest first."""
    files = sorted(DEVELOPMENTS_DIR.glob("*.yaml"))
    return datacache.load("developments", files, lambda: _load_developments(files))


def _load_developments(files: list[Path]) -> tuple[Development, ...]:
    loaded = [load_development_file(p) for p in files]
    return tuple(sorted(loaded, key=lambda d: (d.date, d.id)))


def in_force(on: date, state: str | None = None, circuit: str | None = None):
    """The developments in force on ``on`` for a place.

    With a ``state`` (or a ``circuit``), the national ones and those of that place; with
    neither, every development in force that day, wherever it holds.
    """
    if state is not None and circuit is None:
        circuit = circuit_of(state)
    found = []
    for development in developments():
        if not development.in_force_on(on):
            continue
        if state is None and circuit is None:
            found.append(development)
        elif development.jurisdiction.covers(state, circuit):
            found.append(development)
    return tuple(found)


def changed_since(day: date):
    """Developments that happened, started or stopped being in force after ``day``."""
    return tuple(d for d in developments() if d.changed_after(day))


# ------------------------------------------------------------------ the review date


class _Review(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    reviewed: date
    stale_after_days: int = Field(ge=1)
    note: Text


@cache
def review() -> _Review:
    path = LAW_DIR / "review.yaml"
    return datacache.load("review", [path], lambda: _validate(_Review, _read(path), path.name))


def reviewed() -> date:
    """The day the legal data (developments, form facts, circuit map) was last reviewed."""
    return review().reviewed


# ------------------------------------------------------------------ circuits


class _Circuits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    as_of: date
    sources: tuple[Source, ...] = ()
    circuits: dict[str, tuple[str, ...]]
    no_circuit: dict[str, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_state_once(self):
        unknown = set(self.circuits) - set(CIRCUITS)
        if unknown:
            raise ValueError(f"unknown circuit {sorted(unknown)[0]!r}")
        listed = [s for states in self.circuits.values() for s in states] + list(self.no_circuit)
        for code in listed:
            if code not in US_STATES:
                raise ValueError(f"unknown state {code!r}")
        twice = {s for s in listed if listed.count(s) > 1}
        if twice:
            raise ValueError(f"state {sorted(twice)[0]!r} is listed twice")
        missing = set(US_STATES) - set(listed)
        if missing:
            raise ValueError(f"state {sorted(missing)[0]!r} is missing")
        return self


def load_circuits_file(path: str | Path) -> _Circuits:
    """Load and validate a state → circuit map, or raise :class:`LawError`."""
    path = Path(path)
    return _validate(_Circuits, _read(path), path.name)


@cache
def circuits() -> _Circuits:
    """The state → federal circuit map (``ddkit/data/circuits.yaml``)."""
    path = DATA_DIR / "circuits.yaml"
    return datacache.load("circuits", [path], lambda: load_circuits_file(path))


@cache
def _circuit_by_state() -> dict[str, str]:
    return {state: c for c, states in circuits().circuits.items() for state in states}


def circuit_of(state: str | None) -> str | None:
    """The federal circuit of a state or territory code (``"5"``, ``"dc"``), or ``None``.

    ``None`` when the state is unknown, not a code, or has no circuit of its own. Never raises.

    >>> circuit_of("TX"), circuit_of("ny"), circuit_of("DC"), circuit_of("XX"), circuit_of(None)
    ('5', '2', 'dc', None, None)
    """
    if not isinstance(state, str):
        return None
    return _circuit_by_state().get(state.strip().upper())


# ------------------------------------------------------------------ form facts


@cache
def forms() -> Forms:
    """The validated content of ``ddkit/data/forms.yaml``.

    ``forms().i246`` holds the stay of removal facts: ``fee`` (``fee.amount`` in dollars),
    ``payment``, ``refundable``, ``passport``, ``does_not_stop_removal``, ``where_to_file``,
    ``in_person`` and ``proposed_fee`` (reported, not law). Each is a fact with
    ``text(lang)`` (or call it: ``fact("es")``), ``confidence``, ``as_of``, ``sources``
    (``url``, ``title``, ``accessed``) and ``disputed`` (where sources disagree, else ``None``).
    """
    path = DATA_DIR / "forms.yaml"
    return datacache.load("forms", [path], lambda: load_forms_file(path))


def load_forms_file(path: str | Path) -> Forms:
    """Load and validate a form-facts file, or raise :class:`LawError`."""
    path = Path(path)
    return _validate(Forms, _read(path), path.name)


def check_all() -> None:
    """Load every legal-data file once, so a broken one fails loudly (used by the tests)."""
    developments()
    review()
    circuits()
    forms()
