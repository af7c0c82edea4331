"""Compatibility branches: code that supports old and new torchvision keeps the legacy call in a
branch for the old version. Rewriting that call (or reporting it as a mistake) breaks the
old-version path the file exists to support, so front ends leave it alone and say why.

Recognised conditions (on the library's version, on names built from it, or on the weights API
being there)::

    if version.parse(torchvision.__version__) >= version.parse("0.13"): ... else: <old>
    if Version(torchvision.__version__) < Version("0.13.0"): <old>
    if _TORCHVISION_LESS_THAN_0_13: <old>          # assigned in the file, or named that way
    if not _TORCHVISION_GREATER_EQUAL_0_13: <old>
    x = old_call() if TV_OLD else new_call()
    if hasattr(models, "ResNet50_Weights"): <new> else: <old>
    try: <a weights= call> except (TypeError, AttributeError): <old>
    try: from torchvision.models import ResNet50_Weights; HAS_WEIGHTS = True
    except ImportError: HAS_WEIGHTS = False         # then: if HAS_WEIGHTS: <new> else: <old>
    try: from torchvision.models import ResNet18_Weights
    except ImportError: ResNet18_Weights = None     # then: if ResNet18_Weights is None: <old>
    ResNet18_Weights = getattr(models, "ResNet18_Weights", None)   # the same sentinel
    HAS_WEIGHTS = ResNet18_Weights is not None      # a flag derived from it

Works on the stdlib ``ast`` of a whole file; a front end asks `CompatBranches.at(line, column)`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Literal

from weightlink.dialect import DEFAULT_DIALECT
from weightlink.resolve.model import FileModel
from weightlink.resolve.model import dotted_name as _dotted

# Which branch of a test holds the old-version code.
Old = Literal["body", "orelse", "unknown"]
_OLD_WORDS = re.compile(r"LESS|(?<![A-Z])LT(?![A-Z])|BELOW|BEFORE|OLD|(?<![A-Z])LE(?![A-Z])|PRE_?0", re.IGNORECASE)
_NEW_WORDS = re.compile(r"GREATER|(?<![A-Z])GE(?![A-Z])|(?<![A-Z])GT(?![A-Z])|AT_?LEAST|NEW|GEQ|SINCE|ABOVE", re.IGNORECASE)
_VERSION_IN_NAME = re.compile(r"(\d+)_(\d+)")
_VERSION_TEXT = re.compile(r"(\d+)\.(\d+)")


@dataclass(frozen=True)
class CompatBranch:
    start: tuple[int, int]  # (line, column) where the old-version code starts
    end: tuple[int, int]
    version: str | None  # "0.13" when the condition names it

    def contains(self, line: int, column: int) -> bool:
        return self.start <= (line, column) <= self.end


class CompatBranches:
    def __init__(self, model: FileModel, library: str = "torchvision") -> None:
        """From the resolver's walk of the file: its branches, statement lists and assignments."""
        self.library = library
        self._assigned = model.assignments
        self._mentions: dict[int, bool] = {}
        self.branches: list[CompatBranch] = []
        self._flags: dict[str, Old] = {}  # names set by a try/except on the weights API
        # Names of the weights API that are None where it is missing (a failed import's fallback,
        # ``getattr(models, "X_Weights", None)``): truthy, or ``is not None``, on the new version.
        self._sentinels: set[str] = _getattr_sentinels(model.assignments)
        for branch in model.branches:
            if not isinstance(branch, (ast.If, ast.IfExp)):
                self._add_fallback(branch)  # a try statement
        for node in model.branches:
            if isinstance(node, (ast.If, ast.IfExp)):
                self._add(node)
        for block in model.blocks:
            self._add_fallthrough(block)

    @classmethod
    def of_tree(cls, tree: ast.Module, library: str = "torchvision") -> CompatBranches:
        return cls(FileModel(tree), library)

    def at(self, line: int, column: int) -> CompatBranch | None:
        """The innermost old-version branch containing the position, if any."""
        inside = [b for b in self.branches if b.contains(line, column)]
        return max(inside, key=lambda b: b.start) if inside else None

    def _add_fallback(self, node: ast.stmt) -> None:
        """``try: <uses weights=> except TypeError: <old>``: the handler is the old version's path.
        Flags the try sets (``HAS_WEIGHTS = True`` / ``= False`` in the handler) say which branch of a
        later ``if HAS_WEIGHTS:`` is old."""
        body: list[ast.stmt] = getattr(node, "body", [])
        handlers: list[ast.ExceptHandler] = getattr(node, "handlers", [])
        modern = _uses_weights_api(body)
        retried = _legacy_callees(body)
        if not modern and not retried:
            return
        for handler in handlers:
            if not _catches_missing_api(handler.type) or not handler.body:
                continue
            if not modern and not retried & _legacy_callees(handler.body):
                continue  # a retry of the same legacy call (``init_weights=`` dropped) is a fallback too
            first, last = handler.body[0], handler.body[-1]
            end = (last.end_lineno or last.lineno, last.end_col_offset or 0)
            self.branches.append(CompatBranch((first.lineno, first.col_offset), end, None))
            # ``else:`` of the try runs where the import worked, as the rest of its body does.
            worked = [*body, *getattr(node, "orelse", [])]
            for name, value in _constant_assignments(worked).items():
                if _constant_assignments(handler.body).get(name) == (not value):
                    self._flags[name] = "orelse" if value else "body"
            imported = _imported_api_names(body)
            self._sentinels.update(name for name in _none_assignments(handler.body) if name in imported)

    def _add(self, node: ast.If | ast.IfExp) -> None:
        test = self._classify(node.test, depth=0)
        if test is None:
            return
        old, version = test
        body = node.body if isinstance(node.body, list) else [node.body]
        orelse = node.orelse if isinstance(node.orelse, list) else [node.orelse]
        parts = {"body": [body], "orelse": [orelse], "unknown": [body, orelse]}[old]
        for statements in parts:
            if statements:
                first, last = statements[0], statements[-1]
                end = (last.end_lineno or last.lineno, last.end_col_offset or 0)
                self.branches.append(CompatBranch((first.lineno, first.col_offset), end, version))

    def _add_fallthrough(self, block: list[ast.stmt]) -> None:
        """``if <new version>: return new()`` followed by the old code, without an ``else``."""
        for index, statement in enumerate(block[:-1]):
            if not (isinstance(statement, ast.If) and not statement.orelse and _leaves(statement.body)):
                continue
            test = self._classify(statement.test, depth=0)
            if test is not None and test[0] == "orelse":
                rest = block[index + 1 :]
                end = (rest[-1].end_lineno or rest[-1].lineno, rest[-1].end_col_offset or 0)
                self.branches.append(CompatBranch((rest[0].lineno, rest[0].col_offset), end, test[1]))

    def _classify(self, test: ast.expr, depth: int) -> tuple[Old, str | None] | None:
        """(which branch is old, the version) for a test on the library's version, else None."""
        if depth > 8:
            return None
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self._classify(test.operand, depth + 1)
            return (_flip(inner[0]), inner[1]) if inner else None
        if isinstance(test, ast.BoolOp):
            found = [r for r in (self._classify(v, depth + 1) for v in test.values) if r is not None]
            if not found:
                return None
            olds = {old for old, _ in found}
            # "old and x": the body needs the old version; anything else is not clear-cut.
            old: Old = "body" if isinstance(test.op, ast.And) and olds == {"body"} else "unknown"
            return old, found[0][1]
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            return self._sentinel_comparison(test) or self._comparison(test, depth)
        if isinstance(test, ast.Call):
            return _api_test(test) or self._version_call(test)
        name = _dotted(test)
        if name is not None and name in self._flags:
            return self._flags[name], None
        if name is not None and name in self._sentinels:
            return "orelse", None  # truthy where the weights API exists
        if name is not None:
            assigned = self._assigned.get(name)
            by_value = self._classify(assigned, depth + 1) if assigned is not None else None
            return by_value or self._by_name(name)
        return None

    def _sentinel_comparison(self, test: ast.Compare) -> tuple[Old, str | None] | None:
        """``ResNet18_Weights is None`` (the old version's branch) / ``is not None``."""
        left, right, op = test.left, test.comparators[0], test.ops[0]
        side = left if _is_none(right) else right if _is_none(left) else None
        name = _dotted(side) if side is not None else None
        if name is None or name not in self._sentinels:
            return None
        if isinstance(op, (ast.Is, ast.Eq)):
            return "body", None
        if isinstance(op, (ast.IsNot, ast.NotEq)):
            return "orelse", None
        return None

    def _comparison(self, test: ast.Compare, depth: int) -> tuple[Old, str | None] | None:
        left, right, op = test.left, test.comparators[0], test.ops[0]
        if _is_weights_parameter_test(test):
            return ("orelse" if isinstance(op, ast.In) else "body"), None
        if self._mentions_version(left, depth):
            version_side, literal_side, flipped = left, right, False
        elif self._mentions_version(right, depth):
            version_side, literal_side, flipped = right, left, True
        else:
            return None
        del version_side
        version = _version_literal(literal_side)
        less = isinstance(op, (ast.Lt, ast.LtE))
        greater = isinstance(op, (ast.Gt, ast.GtE))
        if not (less or greater):
            return "unknown", version
        if flipped:
            less, greater = greater, less
        return ("body" if less else "orelse"), version

    def _version_call(self, call: ast.Call) -> tuple[Old, str | None] | None:
        """``_compare_version("torchvision", operator.lt, "0.13.0")`` and
        ``RequirementCache("torchvision>=0.13")``-style helpers."""
        texts = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        version = next((_version_text(t) for t in texts if _version_text(t)), None)
        # module_available("torchvision") names no version: an availability test, not a version one.
        if version is None or not any(self.library in text for text in texts):
            return None
        operators = [_dotted(a) or "" for a in call.args if isinstance(a, (ast.Attribute, ast.Name))]
        requirement = next((t for t in texts if self.library in t and re.search(r"[<>=]", t)), "")
        if any(o.endswith(("lt", "le")) for o in operators) or re.search(r"<", requirement):
            return "body", version
        if any(o.endswith(("gt", "ge")) for o in operators) or re.search(r">", requirement):
            return "orelse", version
        return "unknown", version

    def _by_name(self, name: str) -> tuple[Old, str | None] | None:
        short = name.rpartition(".")[2]
        mentions_library = self.library.upper() in short.upper() or re.search(r"(?<![A-Z])TV(?![A-Z])", short.upper())
        if not mentions_library:
            return None
        match = _VERSION_IN_NAME.search(short)
        version = f"{match.group(1)}.{match.group(2)}" if match else None
        if _OLD_WORDS.search(short):
            return "body", version
        if _NEW_WORDS.search(short):
            return "orelse", version
        return ("unknown", version) if version else None

    def _mentions_version(self, node: ast.expr, depth: int = 0) -> bool:
        """Whether an expression reads the library's ``__version__``, directly or through names the
        file assigns. Memoised per expression: every ``if`` of a file may ask about the same names."""
        key = id(node)
        if key in self._mentions:
            return self._mentions[key]
        self._mentions[key] = False  # a cycle of assignments reads no version
        found = False
        for child in ast.walk(node):
            if isinstance(child, ast.Attribute) and child.attr == "__version__" and _dotted(child.value) == self.library:
                found = True
                break
            name = _dotted(child) if isinstance(child, (ast.Name, ast.Attribute)) else None
            assigned = self._assigned.get(name) if name else None
            if assigned is not None and self._mentions_version(assigned):
                found = True
                break
        self._mentions[key] = found
        return found


# The first release each library's fixes need: the weights API (torchvision, torchgeo) and
# timm's "arch.tag" names. A file or project that still runs on an older one gets unsafe fixes.
FIXES_NEED: dict[str, str] = {"torchvision": "0.13", "torchgeo": "0.4", "timm": "0.9"}


# What a call of the weights API raises on a release without it: an unknown keyword (TypeError), a
# missing Enum (AttributeError, ImportError); handlers of anything broader catch those too.
_MISSING_API_ERRORS = frozenset({"TypeError", "AttributeError", "ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_LEGACY_TO_WEIGHTS = DEFAULT_DIALECT.legacy_keyword_map()
_WEIGHTS_KEYWORDS = frozenset(_LEGACY_TO_WEIGHTS.values())
_LEGACY_KEYWORDS = frozenset(_LEGACY_TO_WEIGHTS)
_WEIGHTS_API_NAMES = frozenset({"get_model", "get_weight", "get_model_weights", "get_model_builder", "WeightsEnum"})


def _catches_missing_api(caught: ast.expr | None) -> bool:
    if caught is None:
        return True  # a bare except
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any((_dotted(name) or "").rpartition(".")[2] in _MISSING_API_ERRORS for name in names)


def _is_weights_api_name(name: str) -> bool:
    return name.endswith("_Weights") or name.endswith("QuantizedWeights") or name in _WEIGHTS_API_NAMES


def _uses_weights_api(body: list[ast.stmt]) -> bool:
    """A call with ``weights=`` / ``weights_backbone=``, or a name of the weights API."""
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.keyword) and node.arg in _WEIGHTS_KEYWORDS:
                return True
            if isinstance(node, ast.Attribute) and _is_weights_api_name(node.attr):
                return True
            if isinstance(node, ast.Name) and _is_weights_api_name(node.id):
                return True
            if isinstance(node, ast.ImportFrom) and any(_is_weights_api_name(a.name) for a in node.names):
                return True
    return False


def _legacy_callees(body: list[ast.stmt]) -> set[str]:
    """The callees (as dotted names) of the calls in ``body`` that pass a legacy keyword: ``try:
    inception_v3(pretrained=True, init_weights=False) except TypeError: inception_v3(pretrained=True)``
    keeps the handler for a release without ``init_weights=``."""
    found = set()
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and any(k.arg in _LEGACY_KEYWORDS for k in node.keywords):
                name = _dotted(node.func)
                if name is not None:
                    found.add(name)
    return found


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _imported_api_names(body: list[ast.stmt]) -> set[str]:
    """Names of the weights API a try body imports (as the file binds them)."""
    return {
        alias.asname or alias.name
        for statement in body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
        if _is_weights_api_name(alias.name)
    }


def _none_assignments(body: list[ast.stmt]) -> set[str]:
    """``X = None`` / ``X = Y = None`` in a handler."""
    return {
        target.id
        for statement in body
        if isinstance(statement, ast.Assign) and _is_none(statement.value)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }


def _getattr_sentinels(assignments: dict[str, ast.expr]) -> set[str]:
    """``X = getattr(<module>, "ResNet18_Weights", None)``."""
    found = set()
    for name, value in assignments.items():
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "getattr"):
            continue
        if len(value.args) != 3 or not _is_none(value.args[2]):
            continue
        attribute = value.args[1]
        if isinstance(attribute, ast.Constant) and isinstance(attribute.value, str) and _is_weights_api_name(attribute.value):
            found.add(name)
    return found


def _constant_assignments(body: list[ast.stmt]) -> dict[str, bool]:
    return {
        target.id: statement.value.value
        for statement in body
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, bool)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }


def _api_test(call: ast.Call) -> tuple[Old, str | None] | None:
    """``hasattr(models, "ResNet50_Weights")``: true where the weights API exists, so its ``else`` is old."""
    if not (isinstance(call.func, ast.Name) and call.func.id == "hasattr" and len(call.args) == 2):
        return None
    attribute = call.args[1]
    if not (isinstance(attribute, ast.Constant) and isinstance(attribute.value, str)):
        return None
    if _is_weights_api_name(attribute.value):
        return "orelse", None
    return None


def _is_weights_parameter_test(test: ast.Compare) -> bool:
    """``"weights" in inspect.signature(models.resnet50).parameters``."""
    left = test.left
    if not (isinstance(left, ast.Constant) and left.value in _WEIGHTS_KEYWORDS and isinstance(test.ops[0], (ast.In, ast.NotIn))):
        return False
    right = ast.unparse(test.comparators[0])
    return "signature" in right and "parameters" in right


def _flip(old: Old) -> Old:
    return {"body": "orelse", "orelse": "body", "unknown": "unknown"}[old]  # type: ignore[return-value]


def _version_literal(node: ast.expr) -> str | None:
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            text = _version_text(child.value)
            if text:
                return text
        if isinstance(child, ast.Tuple) and len(child.elts) >= 2:
            numbers = [e.value for e in child.elts[:2] if isinstance(e, ast.Constant) and isinstance(e.value, int)]
            if len(numbers) == 2:
                return f"{numbers[0]}.{numbers[1]}"
    return None


def _version_text(text: str) -> str | None:
    match = _VERSION_TEXT.search(text)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _leaves(body: list[ast.stmt]) -> bool:
    """The block always leaves its function or loop."""
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise, ast.Continue, ast.Break))
