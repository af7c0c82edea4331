"""Libraries that name their weights in strings (``open_clip.create_model("ViT-B-32",
pretrained="openai")``, ``smp.Unet("resnet34", encoder_weights="imagenet")``): what a front end
needs to check their calls, in one interface, so the checker, the mypy plugin, the codemod and the
editor server each have one generic handler and no branch per library.

A `NamedLibrary` owns:

- the functions and classes whose calls it judges (`functions`: every qualified name a call may
  reach them by, with the parameters it reads, in positional order);
- the words a file must mention to call one of them (`screen`: a file without them costs nothing);
- its catalog, read statically from the installed library (cached) or bundled (`load_catalog`);
- its rules (`judge`): from the literal values of a call's arguments to `Verdict`s;
- optionally, what it reads of the whole calling file (``file_context(tree) -> object``: timm's
  architectures a file registers itself), computed once per file by each front end, at the file's
  first call of the library, and handed to `judge` in `NamedCall.context` (None without it).

Front ends bind a call's arguments to parameter names (`Function.params`), hand the literal values
to `judge` in a `NamedCall`, and report each verdict at the argument it names (or at the call), with
a fix when the verdict carries a replacement string. Registering a library is one line in
`weightlink.named.registry`."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Generic, Protocol, TypeVar

from weightlink.rules.arguments import NOT_LITERAL
from weightlink.rules.codes import Diagnostic

__all__ = ["NOT_LITERAL", "Function", "NamedCall", "NamedLibrary", "Verdict"]

CatalogT = TypeVar("CatalogT")


@dataclass(frozen=True)
class Function:
    """A function or class of the library whose calls are judged."""

    operation: str  # the library's own name for what it does ("create_model", "Unet")
    params: tuple[str, ...]  # the parameters the rules read, in positional order ("" for one they do not)


@dataclass(frozen=True)
class NamedCall:
    """One call as the rules see it."""

    operation: str
    # Parameter name -> the argument's literal value (str, bool, int, None), or NOT_LITERAL for an
    # expression; a parameter left out is absent (its default is the library's business).
    arguments: Mapping[str, object]
    splat: bool = False  # a ``*args`` / ``**kwargs`` may hold what is absent: absent is not "left out"
    context: object = None  # what the library's ``file_context`` read of the calling file

    def given(self, param: str) -> bool:
        return param in self.arguments

    def literal(self, param: str) -> object:
        """The literal value of ``param``; NOT_LITERAL when it is not a literal or not given."""
        return self.arguments.get(param, NOT_LITERAL)


@dataclass(frozen=True)
class Verdict:
    """A finding about a call: reported at the argument ``param`` (at the call when it is None or
    absent), with the string the argument should hold as its fix (``replacement``)."""

    diagnostic: Diagnostic
    param: str | None = None
    replacement: str | None = None
    # Why the replacement may change what the program does (it is then an unsafe fix); None: safe.
    unsafe: str | None = None
    severity: str = "error"
    # When the argument is a constant (a ``Final`` name, maybe used elsewhere) the fix is left to a
    # person; given the constant's name, what to say then (None: `messages.name_in_constant`).
    unfixed_in_constant: Callable[[str], str] | None = field(default=None, compare=False)


class NamedLibrary(Protocol, Generic[CatalogT]):
    name: str  # the import name: "open_clip"
    setting: str  # the [tool.weightlink] boolean that turns it off: open_clip = false
    functions: Mapping[str, Function]
    screen: tuple[str, ...]
    # Module patterns the mypy plugin makes mypy read (``open_clip.*``) when the library ships no
    # type information: without them its calls are calls of Any, which reach no plugin hook.
    follow: tuple[str, ...]

    def load_catalog(self, paths: Sequence[str]) -> CatalogT | None:
        """The catalog of the installed library (on ``paths``, then sys.path), else the bundled
        one; None when neither can be read (then its calls are not judged)."""
        ...

    def judge(self, call: NamedCall, catalog: CatalogT) -> list[Verdict]: ...

    # Optional, so not declared here (a library without them is still a NamedLibrary):
    #     def file_context(self, tree: ast.Module) -> object   (front ends call `Loaded.file_context`)
    #     erasing_decorators: tuple[str, ...]  untyped decorators (qualified) of its functions that the
    #         mypy plugin reads as returning what they decorate, so their calls are not calls of Any


class Loaded:
    """A library as a project holds it: its catalog is read at its first call, so a project whose
    files call none of it pays nothing for it; one that cannot be read judges nothing."""

    def __init__(self, library: NamedLibrary[object], paths: Sequence[str] = ()) -> None:
        self.library = library
        self.paths = list(paths)

    @cached_property
    def catalog(self) -> object | None:
        try:
            return self.library.load_catalog(self.paths)
        except Exception:  # an unreadable library leaves its calls unchecked, never a front end down
            return None

    def judge(self, call: NamedCall) -> list[Verdict]:
        catalog = self.catalog
        return [] if catalog is None else self.library.judge(call, catalog)

    def file_context(self, tree: ast.Module) -> object:
        """What the library reads of a whole calling file, for `NamedCall.context`: its
        ``file_context(tree)``, or None for a library without one."""
        reader: Callable[[ast.Module], object] | None = getattr(self.library, "file_context", None)
        return reader(tree) if reader is not None else None


def bound_arguments(function: Function, positional: Sequence[object], keywords: Mapping[str, object]) -> dict[str, object]:
    """Parameter name -> what a call passes for it, by position (up to the first splat, which the
    caller leaves out of ``positional``) or by keyword; only the parameters the rules read."""
    found = {name: value for name, value in zip(function.params, positional) if name}
    found.update({name: value for name, value in keywords.items() if name in function.params})
    return found
