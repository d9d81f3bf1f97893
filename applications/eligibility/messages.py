"""Rendering rule messages from ``str.format_map`` templates.

Templates may only use plain named placeholders (``{phd_date}``, ``{break_days:,}``);
positional fields, attribute access and indexing are refused, because templates
are written by staff and ``"{x.__class__}"``-style fields could expose internals.
A staff template that cannot be rendered for a result never raises: the rule's
default template is used and a note says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from string import Formatter
from typing import Any

from applications.eligibility.facts import Localized

LANGUAGES = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}
_FORMATTER = Formatter()


class TemplateError(ValueError):
    """A message template that cannot be rendered."""


@lru_cache(maxsize=4096)
def template_fields(template: str) -> frozenset[str]:
    """Placeholder names used by ``template``; raises ``TemplateError`` if it is malformed."""
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as error:
        raise TemplateError(f"malformed template: {error}") from None
    names: set[str] = set()
    for _literal, field_name, format_spec, _conversion in parsed:
        if field_name is None:
            continue
        if not field_name.isidentifier():
            raise TemplateError(f"placeholder {{{field_name}}} is not a plain name")
        if format_spec and "{" in format_spec:
            raise TemplateError(f"placeholder {{{field_name}}} has a nested placeholder in its format")
        names.add(field_name)
    return frozenset(names)


def render(*, template: str, values: Mapping[str, Any]) -> str:
    """``template`` filled from ``values``; raises ``TemplateError`` for unknown placeholders or bad formats."""
    template_fields(template)
    try:
        return template.format_map(values)
    except KeyError as error:
        raise TemplateError(f"unknown placeholder {{{error.args[0]}}}") from None
    except (ValueError, TypeError) as error:
        raise TemplateError(f"cannot format: {error}") from None


def values_by_language(*, values: Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """(English values, Korean values): ``values`` with each ``Localized`` pair resolved, in one pass."""
    english: dict[str, Any] | None = None
    korean: dict[str, Any] | None = None
    for name, value in values.items():
        if type(value) is Localized:
            if english is None or korean is None:
                english, korean = dict(values), dict(values)
            english[name] = value.en
            korean[name] = value.ko
    if english is None or korean is None:
        return values, values
    return english, korean


def render_with_fallback(
    *, custom: str | None, default: str, values: Mapping[str, Any], language: str
) -> tuple[str, str | None]:
    """The rendered message and, when a custom template was set but unusable, a note saying why.

    Default templates are part of the code (and tested against every reason), so
    they are formatted directly without the safety checks staff templates get.
    """
    if custom:
        try:
            return render(template=custom, values=values), None
        except TemplateError as error:
            note = f"custom {LANGUAGE_NAMES[language]} message not used ({error}); the default message is shown"
            return default.format_map(values), note
    return default.format_map(values), None


def template_errors(*, template: str, allowed: frozenset[str], label: str) -> list[str]:
    """Problems with a staff template: malformed, or placeholders the rule never provides."""
    try:
        fields = template_fields(template)
    except TemplateError as error:
        return [f"{label}: {error}"]
    unknown = sorted(fields - allowed)
    if not unknown:
        return []
    return [
        f"{label}: unknown placeholder "
        + ", ".join("{" + name + "}" for name in unknown)
        + "; available: "
        + ", ".join("{" + name + "}" for name in sorted(allowed))
    ]
