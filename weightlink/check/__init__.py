"""``weightlink check``: the mypy plugin's checks, with the same codes and messages, from the stdlib
``ast`` and the catalog alone. It never imports user code and never runs mypy, so a CI gate takes
well under a second. Where names and literals do not decide, it says nothing.
"""

from weightlink.check.findings import Finding
from weightlink.check.run import check_paths

__all__ = ["Finding", "check_paths"]
