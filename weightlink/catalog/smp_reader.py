"""Static reader of segmentation_models_pytorch's catalog: its architectures, encoders and the
weights each encoder has. smp is never imported (it imports torch, timm and huggingface_hub): its
files are parsed with :mod:`ast`.

Semantics follow smp 0.6's own code:

* The architectures are the classes listed in ``_MODEL_ARCHITECTURES`` of the package's
  ``__init__.py``; ``create_model(arch)`` looks ``arch.lower()`` up in
  ``{a.__name__.lower(): a ...}``. Each class is reachable as ``segmentation_models_pytorch.X``,
  from its decoder package (``decoders.unet.X``) and where it is defined (``decoders.unet.model.X``);
  its ``__init__``'s positional parameters and literal defaults are read (PSPNet takes
  ``encoder_weights`` second, DPT defaults to a ``tu-`` encoder). A class whose ``__init__`` raises
  unless ``encoder_name.startswith("tu-")`` takes only timm encoders (``timm_only``: DPT).
* Encoders: the literal dicts ``encoders/__init__.py`` merges with ``encoders.update(name)``, in
  order, each read from the module it is imported from; an encoder's weights are the keys of its
  ``"pretrained_settings"`` literal.
* ``get_encoder`` renames old ``timm-`` encoders to ``tu-`` ones: the prefixes its
  ``is_equivalent_to_timm_universal`` lists and the ``name = name.replace(old, new)`` statements
  (possibly under ``if "text" in name:``) it runs for them, in order (``timm_rewrites``). The prefix
  it warns about (``if name.startswith("timm-"): warnings.warn(..., DeprecationWarning)``) is
  ``deprecated_prefix``.
* Whatever cannot be read as a literal is skipped and recorded in ``problems``; bad files never
  raise.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weightlink.catalog.timm_reader import TimmCatalog

__all__ = ["Entry", "SmpCatalog", "read_smp_catalog"]

PACKAGE = "segmentation_models_pytorch"
_FILE_ERRORS = (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError)
Value = str | bool | int | float | None


@dataclass(frozen=True)
class Entry:
    """A function or class whose calls are judged: the names it is reached by, its positional
    parameters (after ``self``) and the literal defaults of its parameters."""

    exports: tuple[str, ...]
    params: tuple[str, ...]
    defaults: Mapping[str, Value]
    timm_only: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"exports": list(self.exports), "params": list(self.params), "defaults": dict(self.defaults), "timm_only": self.timm_only}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entry:
        return cls(
            exports=tuple(str(e) for e in data["exports"]),
            params=tuple(str(p) for p in data["params"]),
            defaults={str(k): v for k, v in data["defaults"].items()},
            timm_only=bool(data.get("timm_only", False)),
        )


@dataclass(frozen=True)
class SmpCatalog:
    version: str
    architectures: dict[str, Entry]  # class name ("Unet") -> its entry
    create_model_names: dict[str, str]  # what create_model looks up ("unet") -> class name
    create_model: Entry | None
    get_encoder: Entry | None
    encoders: dict[str, tuple[str, ...]]  # encoder -> its weights ("resnet34": ("imagenet",))
    timm_prefixes: tuple[str, ...] = ()
    timm_rewrites: tuple[tuple[str, str, str], ...] = ()  # (only when the name contains; "" always, old, new)
    deprecated_prefix: str | None = None
    problems: tuple[str, ...] = ()
    # Not part of the catalog's JSON: timm's catalog, for ``tu-`` encoders (attached by the loader).
    timm: TimmCatalog | None = field(default=None, compare=False, repr=False)

    def create_model_key(self, arch: str) -> str:
        return arch.lower()

    def timm_universal(self, name: str) -> str | None:
        """The ``tu-`` name ``get_encoder`` builds for an old ``timm-`` one, or None."""
        if not any(name.startswith(prefix) for prefix in self.timm_prefixes):
            return None
        for contains, old, new in self.timm_rewrites:
            if not contains or contains in name:
                name = name.replace(old, new)
        return name

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "architectures": {name: entry.to_json() for name, entry in self.architectures.items()},
            "create_model_names": dict(self.create_model_names),
            "create_model": self.create_model.to_json() if self.create_model else None,
            "get_encoder": self.get_encoder.to_json() if self.get_encoder else None,
            "encoders": {name: list(weights) for name, weights in self.encoders.items()},
            "timm_prefixes": list(self.timm_prefixes),
            "timm_rewrites": [list(rewrite) for rewrite in self.timm_rewrites],
            "deprecated_prefix": self.deprecated_prefix,
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SmpCatalog:
        try:
            create, get = data["create_model"], data["get_encoder"]
            prefix = data.get("deprecated_prefix")
            return cls(
                version=str(data["version"]),
                architectures={str(n): Entry.from_json(e) for n, e in data["architectures"].items()},
                create_model_names={str(k): str(v) for k, v in data["create_model_names"].items()},
                create_model=Entry.from_json(create) if create is not None else None,
                get_encoder=Entry.from_json(get) if get is not None else None,
                encoders={str(n): tuple(str(w) for w in ws) for n, ws in data["encoders"].items()},
                timm_prefixes=tuple(str(p) for p in data.get("timm_prefixes", ())),
                timm_rewrites=tuple((str(c), str(o), str(n)) for c, o, n in data.get("timm_rewrites", ())),
                deprecated_prefix=None if prefix is None else str(prefix),
                problems=tuple(str(p) for p in data.get("problems", ())),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ValueError(f"not an SmpCatalog JSON document: {exc!r}") from exc


# -- reading ------------------------------------------------------------------------------------


class _Reader:
    def __init__(self, package: Path) -> None:
        self.package = package
        self.problems: list[str] = []
        self._trees: dict[Path, ast.Module | None] = {}

    def problem(self, path: Path, node: ast.AST | None, reason: str) -> None:
        label = path.relative_to(self.package.parent).as_posix()
        self.problems.append(f"{label}:{getattr(node, 'lineno', 0)}: {reason}")

    def tree(self, path: Path) -> ast.Module | None:
        if path not in self._trees:
            label = path.relative_to(self.package.parent).as_posix()
            tree = None
            if not path.is_file():  # FIFOs, folders named *.py, missing modules: never opened
                self.problems.append(f"{label}: not a regular file")
            else:
                try:
                    tree = ast.parse(path.read_bytes(), filename=label)
                except _FILE_ERRORS as exc:
                    self.problems.append(f"{label}: {type(exc).__name__}: {exc}")
            self._trees[path] = tree
        return self._trees[path]

    def module_path(self, dotted: str) -> Path:
        """``decoders.unet`` -> its ``__init__.py``; ``encoders.resnet`` -> ``resnet.py``."""
        base = self.package.joinpath(*dotted.split("."))
        return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")

    def relative_imports(self, dotted: str) -> dict[str, str]:
        """Names a module imports with ``from .x import name`` -> the module they come from."""
        tree = self.tree(self.module_path(dotted))
        found: dict[str, str] = {}
        package = dotted if self.module_path(dotted).name == "__init__.py" else dotted.rpartition(".")[0]
        for stmt in tree.body if tree else ():
            if isinstance(stmt, ast.ImportFrom) and stmt.level == 1 and stmt.module:
                source = f"{package}.{stmt.module}" if package else stmt.module
                for alias in stmt.names:
                    found[alias.asname or alias.name] = source
        return found

    # -- the architectures --

    def architectures(self) -> tuple[dict[str, Entry], dict[str, str], Entry | None]:
        path = self.package / "__init__.py"
        tree = self.tree(path)
        if tree is None:
            return {}, {}, None
        imported = self.relative_imports("")
        names: list[str] = []
        lower = True
        create: Entry | None = None
        for stmt in tree.body:
            if _assigns(stmt, "_MODEL_ARCHITECTURES"):
                value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
                if isinstance(value, (ast.List, ast.Tuple)) and all(isinstance(e, ast.Name) for e in value.elts):
                    names = [e.id for e in value.elts if isinstance(e, ast.Name)]
                else:
                    self.problem(path, stmt, "_MODEL_ARCHITECTURES is not a list of names")
            elif _assigns(stmt, "MODEL_ARCHITECTURES_MAPPING"):
                value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
                lower = isinstance(value, ast.DictComp) and "lower" in {
                    n.func.attr for n in ast.walk(value.key) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                }
            elif isinstance(stmt, ast.FunctionDef) and stmt.name == "create_model":
                create = _entry((PACKAGE + ".create_model",), stmt, skip_self=False)
        if not names:
            self.problem(path, None, "no _MODEL_ARCHITECTURES: the architectures are every class imported from decoders")
            names = [name for name, source in imported.items() if source.startswith("decoders.")]
        architectures: dict[str, Entry] = {}
        for name in names:
            source = imported.get(name)
            if source is None:
                self.problem(path, None, f"architecture {name!r} is not imported from a submodule")
                continue
            entry = self.architecture(name, source)
            if entry is not None:
                architectures[name] = entry
        mapping = {(name.lower() if lower else name): name for name in architectures}
        if not lower:
            self.problem(path, None, "create_model's names are not lower-cased class names")
        return architectures, mapping, create

    def architecture(self, name: str, source: str) -> Entry | None:
        """Follow ``from .model import Unet`` re-exports to the class definition."""
        exports = [f"{PACKAGE}.{name}"]
        for _ in range(4):
            tree = self.tree(self.module_path(source))
            if tree is None:
                return None
            exports.append(f"{PACKAGE}.{source}.{name}")
            cls = next((s for s in tree.body if isinstance(s, ast.ClassDef) and s.name == name), None)
            if cls is not None:
                init = next((s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
                if init is None:
                    self.problem(self.module_path(source), cls, f"{name} has no __init__ of its own")
                    return None
                return _entry(tuple(exports), init, skip_self=True, timm_only=_timm_only(init))
            following = self.relative_imports(source).get(name)
            if following is None:
                break
            source = following
        self.problem(self.module_path(source), None, f"class {name!r} not found")
        return None

    # -- the encoders --

    def encoders(self) -> tuple[dict[str, tuple[str, ...]], Entry | None, tuple[str, ...], tuple[tuple[str, str, str], ...], str | None]:
        path = self.module_path("encoders")
        tree = self.tree(path)
        if tree is None:
            return {}, None, (), (), None
        imported = self.relative_imports("encoders")
        encoders: dict[str, tuple[str, ...]] = {}
        functions = {s.name: s for s in tree.body if isinstance(s, ast.FunctionDef)}
        for stmt in tree.body:
            call = stmt.value if isinstance(stmt, ast.Expr) else None
            if not (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "update"
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "encoders"
            ):
                continue
            argument = call.args[0] if len(call.args) == 1 else None
            if not isinstance(argument, ast.Name) or argument.id not in imported:
                self.problem(path, call, "encoders.update() of something not imported from a module: skipped")
                continue
            encoders.update(self.encoder_dict(argument.id, imported[argument.id]))
        get = functions.get("get_encoder")
        entry = _entry((f"{PACKAGE}.encoders.get_encoder",), get, skip_self=False) if get else None
        if get is None:
            self.problem(path, None, "no get_encoder")
            return encoders, None, (), (), None
        prefixes, rewrites = self.renames(path, get, functions)
        return encoders, entry, prefixes, rewrites, _deprecated_prefix(get)

    def encoder_dict(self, name: str, source: str) -> Iterator[tuple[str, tuple[str, ...]]]:
        path = self.module_path(source)
        tree = self.tree(path)
        if tree is None:
            return
        value = next((s.value for s in tree.body if isinstance(s, (ast.Assign, ast.AnnAssign)) and _assigns(s, name)), None)
        if not isinstance(value, ast.Dict):
            self.problem(path, value, f"{name} is not a dict literal: skipped")
            return
        for key, spec in zip(value.keys, value.values):
            encoder = _string(key)
            if encoder is None:
                self.problem(path, key or spec, f"{name}: a key that is not a string literal skipped")
                continue
            settings = _dict_get(spec, "pretrained_settings")
            if not isinstance(settings, ast.Dict):
                self.problem(path, spec, f"{encoder!r}: pretrained_settings is not a dict literal: skipped")
                continue
            weights = [_string(k) for k in settings.keys]
            if None in weights:
                self.problem(path, settings, f"{encoder!r}: a weights name that is not a string literal skipped")
            yield encoder, tuple(w for w in weights if w is not None)

    def renames(
        self, path: Path, get: ast.FunctionDef, functions: Mapping[str, ast.FunctionDef]
    ) -> tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]:
        """``if is_equivalent_to_timm_universal(name): name = name.replace("timm-", "tu-") ...``."""
        for node in ast.walk(get):
            if not (isinstance(node, ast.If) and isinstance(node.test, ast.Call) and isinstance(node.test.func, ast.Name)):
                continue
            predicate = functions.get(node.test.func.id)
            if predicate is None:
                continue
            lists = [n for n in ast.walk(predicate) if isinstance(n, (ast.List, ast.Tuple))]
            prefixes = [_string(e) for lst in lists for e in lst.elts]
            if not lists or None in prefixes or "startswith" not in {
                n.func.attr for n in ast.walk(predicate) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            }:
                self.problem(path, predicate, f"{predicate.name} is not a list of prefixes tested with startswith")
                continue
            rewrites: list[tuple[str, str, str]] = []
            for stmt in node.body:
                contains, body = "", [stmt]
                if isinstance(stmt, ast.If) and not stmt.orelse:
                    test = stmt.test
                    if (
                        isinstance(test, ast.Compare)
                        and len(test.ops) == 1
                        and isinstance(test.ops[0], ast.In)
                        and _string(test.left) is not None
                    ):
                        contains, body = _string(test.left) or "", stmt.body
                for inner in body:
                    rewrite = _replace(inner)
                    if rewrite is None:
                        self.problem(path, inner, "a statement renaming timm- encoders that is not name = name.replace(...)")
                    else:
                        rewrites.append((contains, *rewrite))
            return tuple(p for p in prefixes if p is not None), tuple(rewrites)
        return (), ()


def _assigns(stmt: ast.stmt, name: str) -> bool:
    if isinstance(stmt, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)
    return isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _dict_get(node: ast.expr, key: str) -> ast.expr | None:
    if not isinstance(node, ast.Dict):
        return None
    return next((v for k, v in zip(node.keys, node.values) if _string(k) == key), None)


def _entry(exports: tuple[str, ...], function: ast.FunctionDef, *, skip_self: bool, timm_only: bool = False) -> Entry:
    args = function.args
    positional = [a.arg for a in [*args.posonlyargs, *args.args]]
    defaults: dict[str, Value] = {}
    for arg, default in zip(reversed(positional), reversed(args.defaults)):
        if isinstance(default, ast.Constant) and isinstance(default.value, (str, bool, int, float, type(None))):
            defaults[arg] = default.value
    for kwarg, kw_default in zip(args.kwonlyargs, args.kw_defaults):
        if isinstance(kw_default, ast.Constant) and isinstance(kw_default.value, (str, bool, int, float, type(None))):
            defaults[kwarg.arg] = kw_default.value
    params = positional[1:] if skip_self else positional
    return Entry(exports, tuple(params), {p: defaults[p] for p in [*params, *(a.arg for a in args.kwonlyargs)] if p in defaults}, timm_only)


def _startswith(test: ast.expr, subject: str) -> str | None:
    """``subject.startswith("text")`` -> "text"."""
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Attribute)
        and test.func.attr == "startswith"
        and isinstance(test.func.value, ast.Name)
        and test.func.value.id == subject
        and len(test.args) == 1
    ):
        return _string(test.args[0])
    return None


def _timm_only(init: ast.FunctionDef) -> bool:
    """``if encoder_name.startswith("tu-"): ... else: raise`` (or ``if not ...: raise``)."""
    for node in ast.walk(init):
        if not isinstance(node, ast.If):
            continue
        negated = isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not)
        test = node.test.operand if isinstance(node.test, ast.UnaryOp) and negated else node.test
        if _startswith(test, "encoder_name") != "tu-":
            continue
        branch = node.body if negated else node.orelse
        if any(isinstance(s, ast.Raise) for s in branch):
            return True
    return False


def _deprecated_prefix(get: ast.FunctionDef) -> str | None:
    for node in ast.walk(get):
        prefix = _startswith(node.test, "name") if isinstance(node, ast.If) else None
        warns = isinstance(node, ast.If) and any(
            isinstance(n, ast.Name) and n.id == "DeprecationWarning" for s in node.body for n in ast.walk(s)
        )
        if prefix is not None and warns:
            return prefix
    return None


def _replace(stmt: ast.stmt) -> tuple[str, str] | None:
    """``name = name.replace("old", "new")`` -> ("old", "new")."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return None
    call, target = stmt.value, stmt.targets[0].id
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "replace"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == target
        and len(call.args) == 2
    ):
        old, new = _string(call.args[0]), _string(call.args[1])
        if old is not None and new is not None:
            return old, new
    return None


def _read_version(reader: _Reader) -> str:
    path = reader.package / "__version__.py"
    tree = reader.tree(path)
    for stmt in tree.body if tree else ():
        if _assigns(stmt, "__version__") and isinstance(stmt, ast.Assign) and (version := _string(stmt.value)):
            return version
    reader.problem(path, None, "no literal __version__")
    return ""


def package_dir(source: Path) -> Path:
    """Accept a folder holding ``segmentation_models_pytorch/`` or the package folder itself."""
    for candidate in (source / PACKAGE, source):
        if (candidate / "encoders").is_dir() and (candidate / "__init__.py").is_file():
            return candidate
    raise FileNotFoundError(f"{source}: no {PACKAGE} package found")


def read_smp_catalog(source: Path) -> SmpCatalog:
    reader = _Reader(package_dir(Path(source)))
    version = _read_version(reader)
    try:
        architectures, names, create = reader.architectures()
        encoders, get, prefixes, rewrites, deprecated = reader.encoders()
    except RecursionError as exc:  # pathological nesting
        reader.problems.append(f"RecursionError: {exc}")
        architectures, names, create, encoders, get, prefixes, rewrites, deprecated = {}, {}, None, {}, None, (), (), None
    return SmpCatalog(
        version=version,
        architectures=architectures,
        create_model_names=names,
        create_model=create,
        get_encoder=get,
        encoders=encoders,
        timm_prefixes=prefixes,
        timm_rewrites=rewrites,
        deprecated_prefix=deprecated,
        problems=tuple(reader.problems),
    )
