"""Names a package exports without importing their modules until first used (PEP 562 module ``__getattr__``).

The pure packages ``selection.ranking`` and ``selection.match`` need NumPy and SciPy; web processes import the
views that use them but most never run a ranking or a match, so the packages hand those names out lazily and
a web worker stays ~35 MB smaller (``tests/test_startup_imports.py``).
"""
import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(*, package: str, namespace: dict, modules: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``modules`` maps each lazy name to the submodule defining it; the
    first use imports that submodule and keeps the value in ``namespace`` (the package's globals)."""

    def module_getattr(name: str) -> Any:
        if name not in modules:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{modules[name]}"), name)
        namespace[name] = value
        return value

    return module_getattr
