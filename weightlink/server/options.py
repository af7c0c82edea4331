"""What the client may set, in ``initializationOptions`` or a ``workspace/didChangeConfiguration``
notification: ``{"unsafeFixes": true}``, or the same under a ``"weightlink"`` key. Everything else
comes from the project's own configuration file, as for ``weightlink check``."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ClientOptions:
    unsafe_fixes: bool = False  # offer unsafe fixes (marked so), and apply them in fix-all

    def updated(self, sent: object) -> ClientOptions:
        """These options with what a client sent (anything it did not send or sent wrong stays)."""
        if isinstance(sent, dict) and isinstance(sent.get("weightlink"), dict):
            sent = sent["weightlink"]
        if not isinstance(sent, dict):
            return self
        unsafe = sent.get("unsafeFixes")
        return replace(self, unsafe_fixes=unsafe) if isinstance(unsafe, bool) else self
