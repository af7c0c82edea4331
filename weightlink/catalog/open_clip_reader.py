"""Static reader of open_clip's catalog: its model names, the pretrained tags of each, and which
side of each (model, tag) pair uses QuickGELU.

open_clip is never imported (it imports torch): ``model_configs/*.json`` are read as JSON,
``pretrained.py`` and ``version.py`` are parsed with :mod:`ast`. Semantics follow open_clip 3.x:

* A model name is the stem of a ``model_configs/*.json`` holding ``embed_dim``, ``vision_cfg`` and
  ``text_cfg`` (``factory._rescan_model_configs``; others are skipped there too), in its natural
  order. The model builds QuickGELU when the config's ``quick_gelu`` is truthy (``CLIP(quick_gelu=)``).
* Tags come from the ``_PRETRAINED`` dict literal of ``pretrained.py``: architecture -> a module
  dict (``_RN50 = dict(openai=_pcfg(...), ...)``) or an inline ``dict(...)``; each tag's cfg is a
  call of a ``_pcfg``-style helper (or a dict literal) whose ``quick_gelu=`` says the weights were
  trained with QuickGELU (``get_pretrained_cfg(...).get('quick_gelu', False)`` in the factory).
* The loop after the literal (``for k, v in _PRETRAINED.items(): ...``) adds ``<arch>-quickgelu``
  with the tags of ``arch`` whose cfg sets the marker it tests; ``_PRETRAINED.update(...)`` merges
  it. The loop is reproduced from its own text (the suffix it appends, the key it tests).
* Anything not literal is skipped and recorded in ``problems``; bad files never raise.
"""

from __future__ import annotations

import ast
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["OpenClipCatalog", "clean_tag", "read_open_clip_catalog"]

_REQUIRED = ("embed_dim", "vision_cfg", "text_cfg")
_MARKER = "quick_gelu"
_FILE_ERRORS = (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError)


def clean_tag(tag: str) -> str:
    """open_clip's ``_clean_tag``: how a ``pretrained=`` tag is looked up."""
    return tag.lower().replace("-", "_")


def _natural_key(text: str) -> list[Any]:
    return [int(s) if s.isdigit() else s for s in re.split(r"(\d+)", text.lower())]


@dataclass(frozen=True)
class OpenClipCatalog:
    version: str
    # Model name -> whether its config builds QuickGELU, in open_clip's (natural) order.
    models: dict[str, bool]
    # Architecture -> tag -> whether the weights were trained with QuickGELU, in _PRETRAINED's order.
    pretrained: dict[str, dict[str, bool]]
    # The architectures pretrained.py's loop adds (``"ViT-B-32-quickgelu"``).
    derived: frozenset[str] = field(default_factory=frozenset)
    problems: tuple[str, ...] = ()

    def model(self, name: str) -> str | None:
        """The model a ``model_name`` string builds (open_clip reads ``/`` as ``-``), or None."""
        cleaned = name.replace("/", "-")
        return cleaned if cleaned in self.models else None

    def tags(self, model: str) -> tuple[str, ...]:
        return tuple(self.pretrained.get(model, {}))

    def weights_quick_gelu(self, model: str, tag: str) -> bool | None:
        """Whether ``model``'s weights ``tag`` (cleaned) need QuickGELU; None for no such weights."""
        return self.pretrained.get(model, {}).get(tag)

    def models_with_tag(self, tag: str) -> list[str]:
        """Every architecture with weights ``tag`` (cleaned): ``list_pretrained_models_by_tag``."""
        return [model for model, tags in self.pretrained.items() if tag in tags]

    def pairs(self) -> list[tuple[str, str]]:
        return [(model, tag) for model, tags in self.pretrained.items() for tag in tags]

    def disagreements(self) -> list[tuple[str, str]]:
        """(model, tag) pairs whose model config and weights differ on QuickGELU (open_clip warns)."""
        return [
            (model, tag)
            for model, tags in self.pretrained.items()
            if model in self.models
            for tag, quick in tags.items()
            if quick != self.models[model]
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "models": dict(self.models),
            "pretrained": {m: dict(t) for m, t in self.pretrained.items()},
            "derived": sorted(self.derived),
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenClipCatalog:
        try:
            return cls(
                version=str(data["version"]),
                models={str(m): bool(q) for m, q in data["models"].items()},
                pretrained={str(m): {str(t): bool(q) for t, q in ts.items()} for m, ts in data["pretrained"].items()},
                derived=frozenset(str(m) for m in data.get("derived", ())),
                problems=tuple(str(p) for p in data.get("problems", ())),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not an OpenClipCatalog JSON document: {exc!r}") from exc


# -- model_configs/*.json ---------------------------------------------------------------------------


def _read_models(package: Path, problems: list[str]) -> dict[str, bool]:
    models: dict[str, bool] = {}
    folder = package / "model_configs"
    for path in sorted(folder.glob("*.json")):
        label = f"model_configs/{path.name}"
        if not path.is_file():
            problems.append(f"{label}: not a regular file")
            continue
        try:
            config = json.loads(path.read_bytes())
        except _FILE_ERRORS as exc:
            problems.append(f"{label}: {type(exc).__name__}: {exc}")
            continue
        if not isinstance(config, dict) or not all(key in config for key in _REQUIRED):
            problems.append(f"{label}: not a model config (open_clip skips it)")
            continue
        models[path.stem] = bool(config.get(_MARKER, False))
    return dict(sorted(models.items(), key=lambda item: _natural_key(item[0])))


# -- pretrained.py ----------------------------------------------------------------------------------


def _str_const(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


class _PretrainedReader:
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.helper_defaults: dict[str, bool] = {}  # _pcfg-style helper -> the marker it sets itself
        self.dicts: dict[str, dict[str, bool]] = {}  # module-level tag dicts (_RN50 = dict(...))
        self.pretrained: dict[str, dict[str, bool]] | None = None
        self.derived_dicts: dict[str, dict[str, dict[str, bool]]] = {}  # _PRETRAINED_quickgelu = {}
        self.derived: set[str] = set()

    def problem(self, node: ast.AST, reason: str) -> None:
        self.problems.append(f"pretrained.py:{getattr(node, 'lineno', 0)}: {reason}")

    def marker(self, value: ast.expr) -> bool:
        """Whether one tag's cfg expression sets ``quick_gelu``."""
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values):
                if key is None:
                    self.problem(item, "'**' in a pretrained cfg skipped")
                elif _str_const(key) == _MARKER:
                    return self.truthy(item)
            return False
        if isinstance(value, ast.Call):
            for keyword in value.keywords:
                if keyword.arg == _MARKER:
                    return self.truthy(keyword.value)
                if keyword.arg is None:
                    self.problem(keyword.value, "'**' in a pretrained cfg call skipped")
            return self.helper_defaults.get(_name(value.func) or "", False)
        self.problem(value, "pretrained cfg is not a call or a dict literal")
        return False

    def truthy(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return bool(node.value)
        self.problem(node, f"non-literal {_MARKER} value (assumed set)")
        return True

    def tag_dict(self, node: ast.expr) -> dict[str, bool] | None:
        """``dict(tag=cfg, ...)`` or ``{"tag": cfg}``: tag -> marker; None if it is neither."""
        if isinstance(node, ast.Name) and node.id in self.dicts:
            return dict(self.dicts[node.id])
        if isinstance(node, ast.Call) and _name(node.func) == "dict" and not node.args:
            out: dict[str, bool] = {}
            for keyword in node.keywords:
                if keyword.arg is None:
                    self.problem(keyword.value, "'**' in a tag dict skipped")
                else:
                    out[keyword.arg] = self.marker(keyword.value)
            return out
        if isinstance(node, ast.Dict):
            out = {}
            for key, value in zip(node.keys, node.values):
                text = _str_const(key)
                if text is None:
                    self.problem(value, "non-literal tag skipped")
                else:
                    out[text] = self.marker(value)
            return out
        return None

    def read_helper(self, function: ast.FunctionDef) -> None:
        for statement in function.body:
            if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Dict):
                for key, value in zip(statement.value.keys, statement.value.values):
                    if _str_const(key) == _MARKER:
                        self.helper_defaults[function.name] = isinstance(value, ast.Constant) and bool(value.value)

    def read_assign(self, statement: ast.Assign) -> None:
        for target in statement.targets:
            name = _name(target)
            if name is None:
                continue
            if name == "_PRETRAINED":
                self.read_literal(statement.value)
            elif isinstance(statement.value, ast.Dict) and not statement.value.keys:
                self.derived_dicts[name] = {}  # filled by a loop, or an empty tag dict
                self.dicts[name] = {}
            else:
                tags = self.tag_dict(statement.value)
                if tags is not None:
                    self.dicts[name] = tags

    def read_literal(self, node: ast.expr) -> None:
        if not isinstance(node, ast.Dict):
            self.problem(node, "_PRETRAINED is not a dict literal")
            return
        self.pretrained = {}
        for key, value in zip(node.keys, node.values):
            model = _str_const(key)
            tags = self.tag_dict(value)
            if model is None or tags is None:
                self.problem(value, "non-literal _PRETRAINED entry skipped")
                continue
            self.pretrained[model] = tags

    def read_loop(self, loop: ast.For) -> None:
        """``for k, v in _PRETRAINED.items(): ... if tv.get('quick_gelu', False): ...
        OUT[k + '-quickgelu'] = ...``: fill OUT the way the loop does."""
        iterated = loop.iter
        if not (
            isinstance(iterated, ast.Call)
            and isinstance(iterated.func, ast.Attribute)
            and iterated.func.attr == "items"
            and _name(iterated.func.value) == "_PRETRAINED"
        ):
            return
        if self.pretrained is None or not isinstance(loop.target, ast.Tuple) or not loop.target.elts:
            self.problem(loop, "loop over _PRETRAINED not understood: its entries skipped")
            return
        key_name = _name(loop.target.elts[0])
        out: str | None = None
        suffix: str | None = None
        tested: str | None = None
        for node in ast.walk(loop):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and _name(target.value) in self.derived_dicts
                        and isinstance(target.slice, ast.BinOp)
                        and isinstance(target.slice.op, ast.Add)
                        and _name(target.slice.left) == key_name
                    ):
                        out, suffix = _name(target.value), _str_const(target.slice.right)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and node.args
            ):
                tested = _str_const(node.args[0]) or tested
        if out is None or suffix is None or tested != _MARKER:
            self.problem(loop, "loop over _PRETRAINED not understood: its entries skipped")
            return
        derived = self.derived_dicts[out]
        for model, tags in self.pretrained.items():
            marked = {tag: True for tag, quick in tags.items() if quick}
            if marked:
                derived[model + suffix] = marked

    def read_update(self, call: ast.Call) -> None:
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "update"
            and _name(func.value) == "_PRETRAINED"
            and self.pretrained is not None
        ):
            source = _name(call.args[0]) if len(call.args) == 1 else None
            if source not in self.derived_dicts:
                self.problem(call, "_PRETRAINED.update() argument not understood: skipped")
                return
            added = self.derived_dicts[source or ""]
            self.pretrained.update({model: dict(tags) for model, tags in added.items()})
            self.derived.update(added)

    def visit(self, tree: ast.Module) -> None:
        # Module attributes: top-level statements, in order, as the import runs them.
        for statement in tree.body:
            if isinstance(statement, ast.FunctionDef):
                self.read_helper(statement)
            elif isinstance(statement, ast.Assign):
                self.read_assign(statement)
            elif isinstance(statement, ast.For):
                self.read_loop(statement)
            elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
                self.read_update(statement.value)


def _parse(path: Path, problems: list[str]) -> ast.Module | None:
    try:
        if not path.is_file():
            problems.append(f"{path.name}: missing or not a regular file")
            return None
        return ast.parse(path.read_bytes(), filename=str(path))
    except _FILE_ERRORS as exc:
        problems.append(f"{path.name}: {type(exc).__name__}: {exc}")
        return None


def _read_version(package: Path, problems: list[str]) -> str:
    tree = _parse(package / "version.py", problems)
    for statement in tree.body if tree else []:
        if isinstance(statement, ast.Assign) and any(_name(t) == "__version__" for t in statement.targets):
            version = _str_const(statement.value)
            if version is not None:
                return version
    if tree is not None:
        problems.append("version.py: no literal __version__")
    return ""


def package_dir(source: str | os.PathLike[str]) -> Path:
    """The ``open_clip`` package: ``source`` itself, or ``open_clip/`` / ``src/open_clip/`` in it."""
    root = Path(source)
    for candidate in (root, root / "open_clip", root / "src" / "open_clip"):
        if (candidate / "model_configs").is_dir() and (candidate / "pretrained.py").exists():
            return candidate
    raise FileNotFoundError(f"{root}: no open_clip package (model_configs/ and pretrained.py) found")


def read_open_clip_catalog(source: str | os.PathLike[str]) -> OpenClipCatalog:
    package = package_dir(source)
    problems: list[str] = []
    version = _read_version(package, problems)
    models = _read_models(package, problems)
    reader = _PretrainedReader(problems)
    tree = _parse(package / "pretrained.py", problems)
    if tree is not None:
        try:
            reader.visit(tree)
        except RecursionError as exc:
            problems.append(f"pretrained.py: RecursionError: {exc}")
    if tree is not None and reader.pretrained is None:
        problems.append("pretrained.py: no _PRETRAINED dict literal")
    return OpenClipCatalog(
        version=version,
        models=models,
        pretrained=reader.pretrained or {},
        derived=frozenset(reader.derived),
        problems=tuple(problems),
    )
