"""Build a `Catalog` from a library's source: Enums first, then builders, then public names."""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator

from weightlink.catalog.annotations import qualified_annotation
from weightlink.catalog.evaluate import UNKNOWN, Evaluator
from weightlink.catalog.forwarding import KeywordForwarding
from weightlink.catalog.legacy import LegacyReader, member_qualname
from weightlink.catalog.model import (
    BuilderInfo,
    Catalog,
    EnumInfo,
    MemberInfo,
    Param,
    ParamKind,
    Problem,
    WeightsParam,
)
from weightlink.catalog.overrides import OverrideReader
from weightlink.catalog.selectors import weights_selectors
from weightlink.catalog.source import Library, ModuleSource
from weightlink.dialect import REGISTRY_OPERATIONS, Dialect

_MAX_META_ITEMS = 50  # longer lists (category names) are summarised by their length
_DEF_AFTER_DECORATOR = re.compile(r"^@[\w.]*?(\w+)\(.*?\n(?:@.*\n|\s.*\n)*?def (\w+)", re.MULTILINE)


def extract_catalog(library: Library, dialect: Dialect) -> Catalog:
    return _Extractor(library, dialect).run()


class _Extractor:
    def __init__(self, library: Library, dialect: Dialect) -> None:
        self.library = library
        self.dialect = dialect
        self.evaluator = Evaluator(library)
        self.overrides = OverrideReader(library, dialect, self.evaluator)
        self.forwarding = KeywordForwarding(library, dialect)
        self.catalog = Catalog(library=library.package, version=library.version, dialect="")
        self._is_enum: dict[str, bool] = {}
        self._roots_seen: set[str] = set()

    def run(self) -> Catalog:
        modules = list(self._candidate_modules())
        for module in modules:
            for class_def in module.classes.values():
                with self._problem_on_failure(module, class_def):
                    if self._is_weights_enum(module.name, class_def):
                        self._add_enum(module, class_def)
        legacy = LegacyReader(self.library, self.catalog, self.dialect)
        for module in modules:
            for function in module.functions.values():
                with self._problem_on_failure(module, function):
                    self._maybe_add_builder(module, function, legacy)
            with self._problem_on_failure(module, module.tree):
                self._add_registry_functions(module)
        for module in modules:  # every builder is known now: a dict registry may name any of them
            with self._problem_on_failure(module, module.tree):
                self._add_dict_registry(module)
        self._add_public_names()
        self.catalog.problems = [*self.library.problems, *legacy.problems, *self.catalog.problems]
        self.catalog.dialect = self._dialect_name()
        return self.catalog

    @contextlib.contextmanager
    def _problem_on_failure(self, module: ModuleSource, node: ast.AST | None) -> Iterator[None]:
        """Source the extractor cannot read becomes a `Problem`, never an exception: one odd
        definition must not cost the whole library its catalog."""
        try:
            yield
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
            name = getattr(node, "name", module.name)
            self.catalog.problems.append(
                Problem(
                    self.library.display_path(module.path),
                    getattr(node, "lineno", 0),
                    f"{name}: not read ({type(error).__name__})",
                )
            )
            if name in self.catalog.builders:
                self.catalog.builders[name].partial = True

    def _candidate_modules(self) -> Iterator[ModuleSource]:
        markers = self.dialect.markers()
        for name in self.library.files:
            text = self.library.text(name)
            if not any(marker in text for marker in markers):
                continue
            module = self.library.module(name)
            if module is None:
                continue
            if module.tree is None:
                self._partial_builders_of_unparsable(module)
                continue
            yield module

    # -- Enums ------------------------------------------------------------------------------

    def _is_weights_enum(self, module_name: str, class_def: ast.ClassDef) -> bool:
        qualname = f"{module_name}.{class_def.name}"
        if qualname in self._is_enum:
            return self._is_enum[qualname]
        self._is_enum[qualname] = False  # cycle guard
        result = False
        for base in class_def.bases:
            base_name = self.library.resolve_expr(module_name, base)
            if base_name is None:
                continue
            if base_name in self.dialect.weights_bases:
                self._roots_seen.add(base_name)
                result = True
                break
            base_module, _, base_class = base_name.rpartition(".")
            source = self.library.module(base_module) if self.library.owns(base_module) else None
            if source is not None and base_class in source.classes:
                if self._is_weights_enum(base_module, source.classes[base_class]):
                    result = True
                    break
        self._is_enum[qualname] = result
        return result

    def _add_enum(self, module: ModuleSource, class_def: ast.ClassDef) -> None:
        info = EnumInfo(
            qualname=f"{module.name}.{class_def.name}",
            file=self.library.display_path(module.path),
            line=class_def.lineno,
            bases=[self.library.resolve_expr(module.name, b) or ast.unparse(b) for b in class_def.bases],
        )
        for statement in class_def.body:
            if not isinstance(statement, ast.Assign) or not all(isinstance(t, ast.Name) for t in statement.targets):
                continue
            # ``A = B = Weights(...)`` (torchgeo's deprecated names): A is the member, B an alias of it,
            # as Enum makes a second name for the same value.
            first, *others = [t.id for t in statement.targets if isinstance(t, ast.Name)]
            value = statement.value
            if isinstance(value, ast.Name) and (value.id in info.members or value.id in info.aliases):
                for name in (first, *others):
                    info.aliases[name] = info.resolve(value.id) or value.id
            elif isinstance(value, ast.Call) and self._short_name(module, value.func) in self.dialect.entry_classes:
                info.members[first] = self._member(module, first, value, info)
                for name in others:
                    info.aliases[name] = first
        self.catalog.enums[info.qualname] = info

    def _member(self, module: ModuleSource, name: str, call: ast.Call, info: EnumInfo) -> MemberInfo:
        member = MemberInfo(name=name, line=call.lineno)
        arguments = {kw.arg: kw.value for kw in call.keywords if kw.arg}
        if call.args:
            arguments.setdefault("url", call.args[0])
        if "url" in arguments:
            url = self.evaluator.evaluate(module.name, arguments["url"])
            member.url = url if isinstance(url, str) else None
        meta = self.evaluator.evaluate(module.name, arguments["meta"]) if "meta" in arguments else {}
        if isinstance(meta, dict):
            categories = meta.get("categories")
            if isinstance(categories, (list, tuple)):
                member.num_categories = len(categories)
            # Private keys (torchvision's "_docs") and long lists stay out: the catalog stays small.
            member.meta = {
                k: v for k, v in meta.items() if isinstance(k, str) and not k.startswith("_") and _small_json(v)
            }
        known = isinstance(meta, dict) and "categories" in meta
        if "meta" in arguments and not known and "categories" in ast.unparse(arguments["meta"]):
            info.partial = True
            self.catalog.problems.append(
                Problem(self.library.display_path(module.path), call.lineno, f"{info.name}.{name}: cannot evaluate meta['categories']")
            )
        return member

    # -- builders ---------------------------------------------------------------------------

    def _maybe_add_builder(self, module: ModuleSource, function: ast.FunctionDef, legacy: LegacyReader) -> None:
        registrations: list[ast.expr] = []
        legacy_calls: list[ast.Call] = []
        for decorator in function.decorator_list:
            call = decorator if isinstance(decorator, ast.Call) else None
            short = self._short_name(module, call.func if call else decorator)
            if short in self.dialect.register_decorators:
                registrations.append(decorator)
            elif short in self.dialect.legacy_decorators and call is not None:
                legacy_calls.append(call)
        weights_params = self._weights_params(module, function)
        # Undecorated functions count as builders when public and typed with a weights Enum
        # (a library without a registry); private helpers (torchvision's _resnet) do not.
        typed_builder = not function.name.startswith("_") and any(p.enums for p in weights_params)
        if not (registrations or legacy_calls or typed_builder):
            return
        qualname = f"{module.name}.{function.name}"
        builder = BuilderInfo(
            qualname=qualname,
            file=self.library.display_path(module.path),
            line=function.lineno,
            params=list(self._params(module, function)),
            weights_params=weights_params,
            return_type=qualified_annotation(self.library, module.name, function.returns),
        )
        for registration in registrations:
            builder.registry_names.append(_registry_name(registration) or function.name)
        for call in legacy_calls:
            builder.legacy.extend(legacy.read(module, call, builder))
            builder.legacy_positional = self._legacy_positional(module, call, builder)
        builder.meta_overrides = self.overrides.read(module, function, {p.name for p in weights_params})
        forwarded = self.forwarding.of_builder(module, function)
        builder.forwarded = [forwarded.keywords[name] for name in sorted(forwarded.keywords)]
        builder.forwards_unknown = forwarded.open
        builder.weights_selectors = weights_selectors(self.library, self.dialect, module, function, builder.params)
        builder.partial = builder.partial or any(
            entry.default.kind == "unknown" for entry in builder.legacy
        )
        self.catalog.builders[qualname] = builder
        self.catalog.names[qualname] = qualname
        for registry_name in builder.registry_names:
            self.catalog.registry[registry_name] = qualname

    def _weights_params(self, module: ModuleSource, function: ast.FunctionDef) -> list[WeightsParam]:
        result = []
        arguments = function.args
        all_args = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        defaults = _defaults_by_name(function)
        for arg in all_args:
            if not self.dialect.is_weights_param(arg.arg) or arg.annotation is None:
                continue
            param = WeightsParam(name=arg.arg, enums=[])
            for name_node in _annotation_names(arg.annotation):
                qualname = self.library.resolve_expr(module.name, name_node)
                if qualname is None:
                    continue
                if qualname in self.catalog.enums:
                    param.enums.append(qualname)
                elif self.dialect.is_weights_base(qualname):
                    param.accepts_any_enum = True
                elif self.dialect.accepts_entry(qualname):
                    param.accepts_entry = True
            default = defaults.get(arg.arg)
            if default is not None:
                member = member_qualname(self.library, self.catalog, module.name, default)
                param.default = member or ast.unparse(default)
            if param.enums or param.accepts_any_enum:
                result.append(param)
        return result

    def _legacy_positional(self, module: ModuleSource, call: ast.Call, builder: BuilderInfo) -> list[str]:
        for keyword in call.keywords:
            if keyword.arg == "positional":
                value = self.evaluator.evaluate(module.name, keyword.value)
                return [str(v) for v in value] if isinstance(value, (list, tuple)) else []
        if self.library.resolve_expr(module.name, call.func) not in self.dialect.signature_positional_decorators:
            return []
        renamed = {entry.weights_param: entry.legacy_param for entry in builder.legacy}
        return [renamed.get(p.name, p.name) for p in builder.params if p.kind == "keyword_only"]

    def _params(self, module: ModuleSource, function: ast.FunctionDef) -> Iterator[Param]:
        arguments = function.args
        defaults = _defaults_by_name(function)

        def make(arg: ast.arg, kind: ParamKind) -> Param:
            default = defaults.get(arg.arg)
            return Param(
                name=arg.arg,
                kind=kind,
                annotation=qualified_annotation(self.library, module.name, arg.annotation),
                default=ast.unparse(default) if default is not None else None,
            )

        for arg in arguments.posonlyargs:
            yield make(arg, "positional")
        for arg in arguments.args:
            yield make(arg, "positional_or_keyword")
        if arguments.vararg:
            yield make(arguments.vararg, "var_positional")
        for arg in arguments.kwonlyargs:
            yield make(arg, "keyword_only")
        if arguments.kwarg:
            yield make(arguments.kwarg, "var_keyword")

    # -- registry aliases -------------------------------------------------------------------

    def _add_registry_functions(self, module: ModuleSource) -> None:
        """The library's registry functions under their own names (the dialect's, by qualname), and
        ``get_model = registry.get_model`` where ``registry = Registry("zoo")``: calls of the alias
        are registry lookups (the mypy plugin dispatches on these names)."""
        for name in module.functions:
            qualname = f"{module.name}.{name}"
            if qualname in self.dialect.registry_functions:
                self.catalog.registry_functions[qualname] = name
        for name, value in module.assignments.items():
            if not (isinstance(value, ast.Attribute) and value.attr in REGISTRY_OPERATIONS):
                continue
            owner = self.library.resolve_expr(module.name, value.value)
            if owner is not None and self._is_registry_instance(owner):
                self.catalog.registry_functions[f"{module.name}.{name}"] = value.attr

    def _is_registry_instance(self, qualname: str) -> bool:
        owner_module, _, variable = qualname.rpartition(".")
        source = self.library.module(owner_module) if self.library.owns(owner_module) else None
        created = source.assignments.get(variable) if source is not None else None
        if not isinstance(created, ast.Call):
            return False
        return self.library.resolve_expr(owner_module, created.func) in self.dialect.registry_classes

    def _add_dict_registry(self, module: ModuleSource) -> None:
        """A registry that is a module-level dict literal of names to builders, read by the module's
        own registry functions (torchgeo's ``_model = {'resnet50': resnet50, ...}`` and its
        ``get_model(name)``, which indexes it): its names are registry names, its functions registry
        functions. A dict no registry function reads is just a dict."""
        readers = {
            name: function
            for name, function in module.functions.items()
            if name in REGISTRY_OPERATIONS and not name.startswith("_")
        }
        if not readers:
            return
        for variable, value in module.assignments.items():
            if not isinstance(value, ast.Dict) or not any(_indexes(function, variable) for function in readers.values()):
                continue
            for name in readers:
                self.catalog.registry_functions[f"{module.name}.{name}"] = name
            entries = self._registry_entries(module, value)
            if entries is None:
                continue  # a key that is not a literal: the names cannot be known, so none are judged
            for registry_name, qualname in entries.items():
                self.catalog.registry.setdefault(registry_name, qualname)
                builder = self.catalog.builders.get(qualname)
                if builder is not None and registry_name not in builder.registry_names:
                    builder.registry_names.append(registry_name)

    def _registry_entries(self, module: ModuleSource, value: ast.Dict) -> dict[str, str] | None:
        """Registry name -> what it names (a builder's qualname, or any other qualname or expression:
        a registered model without a weights Enum is still a known name). None when a key is not a
        string literal (``**other``), or when no value is a builder of the catalog."""
        entries: dict[str, str] = {}
        for key, item in zip(value.keys, value.values):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None
            entries[key.value] = self.library.resolve_expr(module.name, item) or ast.unparse(item)
        return entries if any(qualname in self.catalog.builders for qualname in entries.values()) else None

    # -- public names -----------------------------------------------------------------------

    def _add_public_names(self) -> None:
        defining_modules = self._candidate_names()
        for module_name, path in self.library.files.items():
            # Packages, defining modules and star re-exporters (torchvision.models.mobilenet).
            reexports = path.name == "__init__.py" or "import *" in self.library.text(module_name)
            if not reexports and module_name not in defining_modules:
                continue
            module = self.library.module(module_name)
            if module is None or module.tree is None:
                continue
            self._add_computed_exports(module)
            for exported in self.library.exports(module_name):
                qualname = self.library.resolve(module_name, exported)
                public = f"{module_name}.{exported}"
                if public == qualname:
                    continue
                if qualname in self.catalog.builders:
                    self.catalog.names[public] = qualname
                    self.catalog.builders[qualname].public_names.append(public)
                elif qualname in self.catalog.enums:
                    self.catalog.enum_names[public] = qualname
                elif qualname in self.catalog.registry_functions:
                    self.catalog.registry_functions[public] = self.catalog.registry_functions[qualname]

    def _add_computed_exports(self, module: ModuleSource) -> None:
        """``__all__ = mv2_all + mv3_all``: evaluated, so front ends can tell type checkers."""
        computed = module.assignments.get("__all__")
        if computed is None or module.all_names is not None:
            return
        value = self.evaluator.evaluate(module.name, computed)
        if isinstance(value, (list, tuple)) and all(isinstance(name, str) for name in value):
            self.catalog.computed_exports[module.name] = list(value)

    def _candidate_names(self) -> set[str]:
        qualnames = [*self.catalog.builders, *self.catalog.enums]
        return {qualname.rpartition(".")[0] for qualname in qualnames}

    # -- helpers ----------------------------------------------------------------------------

    def _short_name(self, module: ModuleSource, node: ast.expr) -> str | None:
        qualname = self.library.resolve_expr(module.name, node)
        return qualname.rpartition(".")[2] if qualname else None

    def _partial_builders_of_unparsable(self, module: ModuleSource) -> None:
        """A file that does not parse still names its registered builders: list them as partial."""
        for match in _DEF_AFTER_DECORATOR.finditer(module.text):
            decorator, name = match.group(1), match.group(2)
            if decorator not in self.dialect.register_decorators | self.dialect.legacy_decorators:
                continue
            line = module.text.count("\n", 0, match.end()) + 1
            qualname = f"{module.name}.{name}"
            self.catalog.builders[qualname] = BuilderInfo(qualname, self.library.display_path(module.path), line, partial=True)
            self.catalog.names[qualname] = qualname

    def _dialect_name(self) -> str:
        roots = {root.partition(".")[0] for root in self._roots_seen}
        return "+".join(sorted(roots)) or "none"


def _defaults_by_name(function: ast.FunctionDef) -> dict[str, ast.expr]:
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    result = {arg.arg: d for arg, d in zip(positional[len(positional) - len(arguments.defaults) :], arguments.defaults)}
    result.update({arg.arg: d for arg, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None})
    return result


def _annotation_names(annotation: ast.expr) -> Iterator[ast.expr]:
    """Name/Attribute nodes inside an annotation, string forward references included."""
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return
    if isinstance(annotation, (ast.Name, ast.Attribute)):
        yield annotation
        return
    if isinstance(annotation, ast.Subscript):
        yield from _annotation_names(annotation.slice)
    elif isinstance(annotation, ast.BinOp):
        yield from _annotation_names(annotation.left)
        yield from _annotation_names(annotation.right)
    elif isinstance(annotation, ast.Tuple):
        for element in annotation.elts:
            yield from _annotation_names(element)
    elif isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        yield from _annotation_names(annotation)


def _indexes(function: ast.FunctionDef, variable: str) -> bool:
    """Whether ``function`` reads ``variable[...]`` (or iterates over ``variable``)."""
    for node in ast.walk(function):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == variable:
            return True
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == variable:
            return True  # _model.items(), _model.get(name)
    return False


def _registry_name(decorator: ast.expr) -> str | None:
    if not isinstance(decorator, ast.Call):
        return None
    for keyword in decorator.keywords:
        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
            return keyword.value.value
    if decorator.args and isinstance(decorator.args[0], ast.Constant) and isinstance(decorator.args[0].value, str):
        return decorator.args[0].value
    return None


def _small_json(value: object) -> bool:
    if value is UNKNOWN:
        return False
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return len(value) <= _MAX_META_ITEMS and all(_small_json(v) for v in value)
    if isinstance(value, dict):
        return len(value) <= _MAX_META_ITEMS and all(isinstance(k, str) and _small_json(v) for k, v in value.items())
    return False
