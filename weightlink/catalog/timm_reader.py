"""Static reader of timm's model catalog (architectures, pretrained tags, deprecations).

timm is never imported: every ``timm/models/**/*.py`` is parsed with :mod:`ast`.

Semantics follow timm's ``timm/models/_registry.py``:

* An architecture is a function decorated with ``@register_model`` (any
  spelling whose last component is ``register_model``).  Its name is the
  function name.
* Tags come from the *same module's* ``default_cfgs``, because
  ``register_model`` looks them up in ``mod.default_cfgs[fn.__name__]``.
  Cfg keys whose architecture is not registered in that module are ignored,
  as timm ignores them.
* Tag order reproduces ``generate_default_cfgs``: keys are split on the first
  dot (``split_model_name_tag``); a bare key has tag ``""``.  A cfg "has
  weights" when any of ``url``/``file``/``hf_hub_id`` is truthy
  (``PretrainedCfg.has_weights``).  A tag is moved to the front when it is a
  bare key with weights, ends with ``*`` (stripped, first one wins), or is the
  first tag with weights; otherwise it is appended.  So the default tag is
  ``tags[0]``: the first *weighted* tag listed, not simply the first listed.
  ``_cfg()`` without url/hf_hub_id/file therefore means "no weights".
  Statically, ``has_weights`` is decided from the call/dict literal: keyword or
  dict entries ``url``/``file``/``hf_hub_id`` and the first positional
  argument (``_cfg(url, ...)`` in every timm module).  A non-constant value
  counts as truthy.  Defaults set inside a module's own ``_cfg`` helper are not
  followed (none set a url or hub id in timm 1.0.x).
* A bare key keeps the tag ``""`` in ``architectures`` so the order stays
  timm's; ``default_tag`` then returns ``""`` (a cfg with no tag), while
  ``None`` means the architecture has no cfg at all.
* Old-style modules whose ``default_cfgs`` is a plain dict (never passed to
  ``generate_default_cfgs``) give each matching architecture the single tag ``""``.
* ``register_model_deprecations(__name__, {old: new})``: ``new`` is
  ``"arch.tag"`` or ``"arch"``; a falsy value (``None`` or ``""``) means the
  model was removed (timm's shim asserts), stored here as ``None``.
* Keys that are not string literals (``**expr`` of unknown dicts, dict
  comprehensions, computed keys, entries added inside loops) are skipped and
  each recorded in ``problems``.  Bad files never raise: they become problems.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["TimmCatalog", "read_timm_catalog"]

_WEIGHT_FIELDS = ("url", "file", "hf_hub_id")
# Errors a single malformed/hostile file may raise while being read and parsed.
_FILE_ERRORS = (
    OSError,
    UnicodeDecodeError,
    SyntaxError,
    ValueError,
    RecursionError,
    MemoryError,
)


@dataclass(frozen=True)
class TimmCatalog:
    version: str
    architectures: dict[str, tuple[str, ...]]
    deprecations: dict[str, str | None]
    problems: tuple[str, ...] = ()
    # Names timm lists as pretrained: "arch.tag", plus bare "arch" when its default tag has weights.
    pretrained: frozenset[str] = field(default_factory=frozenset)
    # Architectures whose tags could not be read (their module builds its cfgs in a loop or a
    # comprehension): their tags and weights are not judged.
    partial: frozenset[str] = field(default_factory=frozenset)

    def default_tag(self, arch: str) -> str | None:
        tags = self.architectures.get(arch)
        return tags[0] if tags else None

    def resolve(self, name: str) -> tuple[str, str | None] | None:
        """Split ``"arch.tag"``; None if the arch or the tag is unknown."""
        arch, dot, tag = name.partition(".")
        tags = self.architectures.get(arch)
        if tags is None:
            return None
        if not dot:
            return (arch, None)
        return (arch, tag) if tag in tags else None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "architectures": {a: list(t) for a, t in self.architectures.items()},
            "deprecations": dict(self.deprecations),
            "problems": list(self.problems),
            "pretrained": sorted(self.pretrained),
            "partial": sorted(self.partial),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TimmCatalog:
        try:
            return cls(
                version=str(data["version"]),
                architectures={
                    str(a): tuple(str(t) for t in ts)
                    for a, ts in data["architectures"].items()
                },
                deprecations={
                    str(k): (None if v is None else str(v))
                    for k, v in data["deprecations"].items()
                },
                problems=tuple(str(p) for p in data.get("problems", ())),
                pretrained=frozenset(str(n) for n in data.get("pretrained", ())),
                partial=frozenset(str(n) for n in data.get("partial", ())),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"not a TimmCatalog JSON document: {exc!r}") from exc


def _last_name(node: ast.expr) -> str | None:
    """``register_model`` for ``register_model``, ``_registry.register_model``..."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _str_const(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _truthy(node: ast.expr) -> bool:
    # A constant decides; anything computed (f-string, name, call) is assumed set.
    return bool(node.value) if isinstance(node, ast.Constant) else True


def _weight_fields(value: ast.expr) -> list[ast.expr]:
    """The url/file/hf_hub_id expressions a cfg call or dict literal sets explicitly."""
    if isinstance(value, ast.Call):
        first = value.args[0] if value.args else None
        # Every timm _cfg helper that takes a positional argument takes url first.
        found = (
            [first] if first is not None and not isinstance(first, ast.Starred) else []
        )
        return found + [kw.value for kw in value.keywords if kw.arg in _WEIGHT_FIELDS]
    if isinstance(value, ast.Dict):
        return [
            v
            for k, v in zip(value.keys, value.values)
            if _str_const(k) in _WEIGHT_FIELDS
        ]
    return []


def _has_weights(value: ast.expr, weighted_helpers: set[str]) -> bool:
    fields = _weight_fields(value)
    if any(_truthy(f) for f in fields):
        return True
    # ``_radio_cfg(**kw)`` style helpers that fill in hf_hub_id themselves.
    return (
        isinstance(value, ast.Call)
        and not fields
        and _last_name(value.func) in weighted_helpers
    )


def _weighted_helpers(tree: ast.Module) -> set[str]:
    """Top-level cfg helpers whose returned cfg sets a non-empty literal url/file/hf_hub_id.

    Only literals count: ``{'url': url}`` forwards the caller's (usually empty) argument.
    """
    helpers: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef):
            for ret in stmt.body:
                if isinstance(ret, ast.Return) and ret.value is not None:
                    fields = _weight_fields(ret.value)
                    if any(_str_const(f) for f in fields) or (
                        not fields
                        and isinstance(ret.value, ast.Call)
                        and _last_name(ret.value.func) in helpers
                    ):
                        helpers.add(stmt.name)
    return helpers


class _ModuleReader:
    """Reads one parsed module; collects its registrations, cfgs and deprecations."""

    def __init__(self, label: str, problems: list[str]) -> None:
        self.label = label
        self.problems = problems
        self.archs: list[str] = []
        self.deprecations: dict[str, str | None] = {}
        # Module-level names bound to dict literals of cfgs: name -> {key: has_weights}.
        self.dicts: dict[str, dict[str, bool]] = {}
        self.default_cfgs: dict[str, bool] | None = None
        self.generated = False
        self.weighted_helpers: set[str] = set()

    def problem(self, node: ast.AST, reason: str) -> None:
        self.problems.append(f"{self.label}:{getattr(node, 'lineno', 0)}: {reason}")

    def cfg_entries(self, node: ast.expr) -> dict[str, bool] | None:
        """Literal entries of a cfg dict expression, or None if it is not one."""
        if isinstance(node, ast.Name) and node.id in self.dicts:
            return dict(self.dicts[node.id])
        if isinstance(node, ast.DictComp):
            self.problem(node, "non-literal keys: dict comprehension skipped")
            return {}
        if not isinstance(node, ast.Dict):
            return None
        # A dict, like the literal itself: a repeated key keeps its first place and last value.
        out: dict[str, bool] = {}
        for key, value in zip(node.keys, node.values):
            if key is None:  # ``**other``: merge a known literal dict, else skip it
                merged = self.cfg_entries(value)
                if merged is None:
                    self.problem(
                        value, "non-literal keys: '**' of an unknown mapping skipped"
                    )
                out.update(merged or {})
            elif (text := _str_const(key)) is not None:
                out[text] = _has_weights(value, self.weighted_helpers)
            else:
                self.problem(key, "non-literal key skipped")
        return out

    def visit(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if any(_last_name(d) == "register_model" for d in node.decorator_list):
                    self.archs.append(node.name)
            elif (
                isinstance(node, ast.Call)
                and _last_name(node.func) == "register_model_deprecations"
            ):
                self.read_deprecations(node)
        self.weighted_helpers = _weighted_helpers(tree)
        # Cfg dicts are module attributes, so only top-level statements bind them, in order.
        for stmt in tree.body:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                self.read_assign(stmt)
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                self.read_update(stmt.value)
            elif not isinstance(
                stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            ):
                # Loops/branches run at import and may add keys we cannot enumerate: say so.
                for sub in ast.walk(stmt):
                    if isinstance(sub, ast.Assign) and any(
                        self.is_cfg_subscript(t) for t in sub.targets
                    ):
                        self.problem(
                            sub,
                            "non-literal keys: cfg entries added inside a loop/branch skipped",
                        )

    def is_cfg_subscript(self, target: ast.expr) -> bool:
        return (
            isinstance(target, ast.Subscript)
            and isinstance(target.value, ast.Name)
            and (target.value.id in self.dicts)
        )

    def read_assign(self, stmt: ast.Assign | ast.AnnAssign) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        value = stmt.value
        if value is None:
            return
        for target in targets:
            if self.is_cfg_subscript(target):
                assert isinstance(target, ast.Subscript) and isinstance(
                    target.value, ast.Name
                )
                key = _str_const(target.slice)
                if key is None:
                    self.problem(target, "non-literal key skipped")
                else:
                    self.dicts[target.value.id][key] = _has_weights(
                        value, self.weighted_helpers
                    )
                continue
            if not isinstance(target, ast.Name):
                continue
            generate = (
                isinstance(value, ast.Call)
                and _last_name(value.func) == "generate_default_cfgs"
            )
            if generate:
                assert isinstance(value, ast.Call)
                entries = self.cfg_entries(value.args[0]) if value.args else None
                if entries is None:
                    self.problem(
                        value, "generate_default_cfgs argument is not a dict literal"
                    )
                    entries = {}
            else:
                entries = (
                    self.cfg_entries(value)
                    if isinstance(value, (ast.Dict, ast.DictComp))
                    else None
                )
            if entries is not None:
                self.dicts[target.id] = entries
                if target.id == "default_cfgs":
                    self.default_cfgs, self.generated = entries, generate
            else:
                self.dicts.pop(target.id, None)

    def read_update(self, call: ast.Call) -> None:
        # ``default_cfgs.update({...})`` on a still-literal dict.
        func = call.func
        if not (
            isinstance(func, ast.Attribute) and func.attr == "update" and call.args
        ):
            return
        if isinstance(func.value, ast.Name) and func.value.id in self.dicts:
            entries = self.cfg_entries(call.args[0])
            if entries is None:
                self.problem(call, "non-literal keys: update() argument skipped")
            else:
                self.dicts[func.value.id].update(entries)

    def read_deprecations(self, call: ast.Call) -> None:
        mapping = call.args[1] if len(call.args) > 1 else None
        if not isinstance(mapping, ast.Dict):
            self.problem(
                call, "register_model_deprecations mapping is not a dict literal"
            )
            return
        for key, value in zip(mapping.keys, mapping.values):
            old = _str_const(key)
            if old is None:
                self.problem(key or value, "non-literal deprecation key skipped")
            elif isinstance(value, ast.Constant) and (
                value.value is None or isinstance(value.value, str)
            ):
                self.deprecations[old] = (
                    value.value or None
                )  # falsy target: model removed
            else:
                self.problem(
                    value, f"non-literal deprecation target for {old!r} skipped"
                )

    def tags(self) -> dict[str, tuple[list[str], set[str]]]:
        """Per arch: (ordered tags, weighted tags), as ``generate_default_cfgs`` orders them."""
        out: dict[str, tuple[list[str], set[str]]] = {}
        if self.default_cfgs is None:
            return out
        if not self.generated:  # old style: one untagged cfg per exact arch key
            return {
                k: ([""], {""} if w else set())
                for k, w in self.default_cfgs.items()
                if "." not in k
            }
        default_set: set[str] = set()
        for key, weighted in self.default_cfgs.items():
            arch, _, tag = key.partition(".")
            tags, with_weights = out.setdefault(arch, ([], set()))
            priority = (weighted and not tag) or (
                tag.endswith("*") and arch not in default_set
            )
            tag = tag.strip("*")
            if (
                tag in tags
            ):  # 'a.x*' and 'a.x': timm's deque would hold it twice; keep the first
                self.problems.append(f"{self.label}: duplicate cfg key {key!r}")
            elif priority:
                tags.insert(0, tag)
                default_set.add(arch)
            elif weighted and not with_weights:
                tags.insert(0, tag)
            else:
                tags.append(tag)
            if weighted:
                with_weights.add(tag)
        return out


def _read_version(pkg: Path, problems: list[str]) -> str:
    path = pkg / "version.py"
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except _FILE_ERRORS as exc:
        problems.append(f"{path}: {type(exc).__name__}: {exc}")
        return ""
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__version__" for t in stmt.targets
        ):
            version = _str_const(stmt.value)
            if version is not None:
                return version
    problems.append(f"{path}: no literal __version__")
    return ""


def _package_dir(source: Path) -> Path:
    """Accept a repo/sdist root containing ``timm/`` or the ``timm`` package dir itself."""
    for candidate in (source / "timm", source):
        if (candidate / "models").is_dir():
            return candidate
    raise FileNotFoundError(f"{source}: no timm/models directory found")


def read_timm_catalog(source: Path) -> TimmCatalog:
    pkg = _package_dir(Path(source))
    problems: list[str] = []
    version = _read_version(pkg, problems)
    architectures: dict[str, tuple[str, ...]] = {}
    deprecations: dict[str, str | None] = {}
    pretrained: set[str] = set()
    partial: set[str] = set()
    for path in sorted(pkg.joinpath("models").rglob("*.py")):
        label = path.relative_to(pkg.parent).as_posix()
        if (
            not path.is_file()
        ):  # FIFOs, dirs named *.py, dangling links: never open them
            problems.append(f"{label}: not a regular file")
            continue
        try:
            tree = ast.parse(path.read_bytes(), filename=label)
        except _FILE_ERRORS as exc:
            problems.append(f"{label}: {type(exc).__name__}: {exc}")
            continue
        before = len(problems)
        reader = _ModuleReader(label, problems)
        try:
            reader.visit(tree)
        except RecursionError as exc:  # pathological nesting while evaluating dicts
            problems.append(f"{label}: RecursionError: {exc}")
            continue
        module_tags = reader.tags()
        for arch in reader.archs:
            if arch in architectures:  # timm warns and the later import wins
                problems.append(
                    f"{label}: {arch!r} registered again (overrides earlier module)"
                )
            tags, weighted = module_tags.get(arch, ([], set()))
            architectures[arch] = tuple(tags)
            if not tags and len(problems) > before:
                partial.add(arch)
            pretrained.update(f"{arch}.{t}" for t in weighted if t)
            if tags and tags[0] in weighted:
                pretrained.add(arch)
        deprecations.update(reader.deprecations)
    return TimmCatalog(
        version=version,
        architectures=architectures,
        deprecations=deprecations,
        problems=tuple(problems),
        pretrained=frozenset(pretrained),
        partial=frozenset(partial),
    )
