"""Optional dependencies: which extra of ``pip install 'weightlink[...]'`` brings what a front end needs.

weightlink itself (the runtime API, ``weightlink check`` and its fixes, ``weightlink migrate``,
``weightlink catalog``, ``weightlink stubs``) needs nothing; the codemod as a LibCST command needs
LibCST, the mypy plugin mypy, loading weights torch. A front end started without its dependency
says so in one line, instead of a traceback.
"""

from __future__ import annotations

import importlib.util

# module -> the extra that installs it
EXTRAS = {"libcst": "codemod", "lsprotocol": "server", "mypy": "mypy", "pygls": "server", "torch": "torch"}


class MissingExtra(ModuleNotFoundError):
    """An optional dependency is not installed; the message names the extra that installs it."""


def missing_extra_message(feature: str, module: str) -> str:
    return f"{feature} needs {module}: pip install 'weightlink[{EXTRAS[module]}]'"


def require(module: str, feature: str) -> None:
    """Raises `MissingExtra` when ``module`` cannot be imported (found without importing it)."""
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise MissingExtra(missing_extra_message(feature, module), name=module)
