"""One line of setup: with ``plugins = mypy_plugin`` alone, mypy reads the libraries the plugin
describes although they ship no ``py.typed`` (torchvision does not).

The plugin adds ``follow_untyped_imports = True`` for those modules to the per-module options of
the `Options` mypy hands it, exactly as a ``[mypy-torchvision.models.*]`` section would, before mypy
resolves any import. A choice the user made in the configuration (for any of the modules, either
way) is left alone. Only what the plugin needs is followed: for torchvision the package and
``torchvision.models``; ``torchvision.transforms`` and the rest stay as the user configured them.
"""

from __future__ import annotations

import fnmatch
import sys
from collections.abc import Iterable

from mypy.options import Options

from weightlink.dialect import Dialect


def follow_described_libraries(options: Options, dialect: Dialect, extra: Iterable[str] = ()) -> frozenset[str]:
    """The top-level packages the plugin made mypy follow (none that the user configured); ``extra``:
    module patterns of string-named libraries without type information (``open_clip.*``)."""
    if options.follow_untyped_imports:
        return frozenset()  # the user follows every untyped import already
    if getattr(options, "_per_module_cache", None) is not None:
        # mypy has already resolved per-module options: a change would be silently ignored.
        print("weightlink: add follow_untyped_imports = True for torchvision.models (see docs/mypy-plugin.md)", file=sys.stderr)
        return frozenset()
    users_sections = options.per_module_options
    added: dict[str, dict[str, object]] = {
        pattern: {"follow_untyped_imports": True}
        for pattern in sorted({*dialect.modules_to_follow(), *extra})
        if not _configured(users_sections, pattern)
    }
    # A new dict, never the user's one changed in place: the mypy daemon keeps a snapshot of the
    # options that shares that dict and compares it with the configuration on every run; changed in
    # place, it no longer matches, and every `dmypy run` restarts ("configuration changed").
    options.per_module_options = {**users_sections, **added}
    return frozenset(pattern.partition(".")[0] for pattern in added)


def _configured(sections: dict[str, dict[str, object]], pattern: str) -> bool:
    """Whether a section of the user's configuration sets follow_untyped_imports for modules the
    pattern covers (``torchvision.*`` covers ``torchvision.models.*``)."""
    module = pattern.removesuffix(".*")
    for section, values in sections.items():
        if "follow_untyped_imports" not in values:
            continue
        # A section for the same modules or a parent package decides; a narrower one only overrides
        # its own part, as mypy's precedence already ensures.
        prefix = section.removesuffix(".*")
        if module == prefix or module.startswith(prefix + "."):
            return True
        if fnmatch.fnmatchcase(module, section) or fnmatch.fnmatchcase(pattern, section):
            return True
    return False
