"""Every permission the code or a template names is a registered rule.

A name that is not registered (a typo, or a permissions module nobody imports) makes
``has_perm`` answer False for everyone but superusers, silently: this test names it.
"""
import importlib.util
import re
from pathlib import Path

import rules
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("innocore", "applications", "selection", "templates")
QUOTED_NAME = re.compile(r"""["']((?:innocore|applications|selection)\.[a-z_]+)["']""")
# Dotted names in the source that are neither modules nor models nor permissions.
NOT_PERMISSIONS = {
    "innocore.status_writer": "a PostgreSQL setting the status service sets for its trigger",
}


def _named() -> dict[str, str]:
    found = {}
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".py", ".html") or "migrations" in path.parts:
                continue
            for name in QUOTED_NAME.findall(path.read_text(encoding="utf-8")):
                found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def _is_model_or_module(name: str) -> bool:
    app_label, rest = name.split(".", 1)
    try:
        apps.get_model(app_label, rest)
        return True
    except LookupError:
        return importlib.util.find_spec(name) is not None


def test_every_permission_named_in_the_code_is_a_registered_rule():
    named = _named()
    assert "applications.start_application" in named  # the scan itself works
    unknown = {
        name: where for name, where in named.items()
        if name not in NOT_PERMISSIONS and not _is_model_or_module(name) and not rules.perm_exists(name)
    }
    assert not unknown, f"permissions named but not registered with rules.add_perm: {unknown}"


def test_each_apps_permissions_are_registered_at_start_up():
    """Registered by the apps' ready(), not by whichever module happened to import them first."""
    for name in ("innocore.view_staff_pages", "applications.view_dossier", "selection.declare_conflict_of_interest",
                 "selection.view_reviewer_pages"):
        assert rules.perm_exists(name), name
