"""Parameter schemas for rules, so staff edits are checked before they are saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ParamKind(StrEnum):
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TEXT_LIST = "list of text"


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """What one parameter may hold; ``nullable`` allows None (e.g. "no age limit")."""

    kind: ParamKind
    minimum: int | None = None
    maximum: int | None = None
    nullable: bool = False
    help_text: str = ""


CrossCheck = Callable[[Mapping[str, Any]], list[str]]


def param_errors(*, name: str, spec: ParamSpec, value: Any) -> list[str]:
    """Problems with one parameter value, worded for an admin form."""
    if value is None:
        return [] if spec.nullable else [f"{name}: a value is required"]
    if spec.kind is ParamKind.BOOLEAN:
        return [] if isinstance(value, bool) else [f"{name}: must be true or false, got {value!r}"]
    if spec.kind is ParamKind.TEXT_LIST:
        if isinstance(value, str) or not isinstance(value, (list, tuple, frozenset, set)):
            return [f"{name}: must be a list of text values, got {value!r}"]
        wrong = [item for item in value if not isinstance(item, str) or not item.strip()]
        return [f"{name}: every item must be non-empty text, got {wrong[0]!r}"] if wrong else []
    if isinstance(value, bool) or not isinstance(value, int):
        return [f"{name}: must be a whole number, got {value!r}"]
    if spec.minimum is not None and value < spec.minimum:
        return [f"{name}: must be at least {spec.minimum}, got {value}"]
    if spec.maximum is not None and value > spec.maximum:
        return [f"{name}: must be at most {spec.maximum}, got {value}"]
    return []


def schema_errors(
    *,
    schema: Mapping[str, ParamSpec],
    defaults: Mapping[str, Any],
    params: Mapping[str, Any],
    cross_check: CrossCheck | None = None,
) -> list[str]:
    """Problems with ``params`` (a partial override of ``defaults``) against ``schema``.

    ``cross_check`` sees the merged parameters and runs only when each value is valid.
    """
    if not isinstance(params, Mapping):
        return [f"parameters must be a mapping of names to values, got {params!r}"]
    errors = [
        f"{name}: unknown parameter; known parameters: {', '.join(sorted(schema)) or 'none'}"
        for name in params
        if name not in schema
    ]
    for name, value in params.items():
        if name in schema:
            errors.extend(param_errors(name=name, spec=schema[name], value=value))
    if not errors and cross_check is not None:
        errors.extend(cross_check({**defaults, **params}))
    return errors


def normalised_value(*, spec: ParamSpec, value: Any) -> Any:
    """A validated value in the form the checks read: text lists become frozensets."""
    if spec.kind is ParamKind.TEXT_LIST and value is not None:
        return frozenset(value)
    return value
