"""The LibCST command: find builder calls with legacy arguments and rewrite them to ``weights=``.

Usable on its own through LibCST's runner (``python -m libcst.tool codemod
migrate_pretrained.MigratePretrainedCommand src/``) and by this package's faster CLI.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import CodePosition, PositionProvider

from codemods.migrate_pretrained.candidates import CandidateFilter
from codemods.migrate_pretrained.import_style import style_for
from codemods.migrate_pretrained.imports import place_imports
from codemods.migrate_pretrained.references import CannotMigrate, EnumReferences
from codemods.migrate_pretrained.render import code, literal, parenthesize_test, view, weights_expression
from weightlink.catalog import BuilderInfo, Catalog, load_catalog
from weightlink.catalog.timm import load_timm_catalog
from weightlink.catalog.timm_reader import TimmCatalog
from weightlink.dialect import DEFAULT_DIALECT, Dialect
from weightlink.rules import messages
from weightlink.rules.arguments import NOT_LITERAL
from weightlink.resolve.model import FileModel
from weightlink.resolve.scopes import Scope
from weightlink.resolve.targets import CallTarget, Libraries
from weightlink.rules.compat import CompatBranch, CompatBranches
from weightlink.rules.hub import hub_builder, pinned_before_weights
from weightlink.rules.legacy import accepted_for, diagnose, legacy_outcome, prefer_default
from weightlink.rules.meta import legacy_meta_conflicts
from weightlink.rules.timm import NAME_PARAM, deprecated_replacement, timm_argument, timm_literal
from weightlink.sources import parse_python



@dataclass
class Finding:
    line: int
    column: int
    message: str
    # "rewritten": a call site migrated; "note": more about it; "reported": left for a person.
    kind: Literal["rewritten", "note", "reported"]


@dataclass
class Options:
    prefer_default: bool = False
    rewrite_dynamic: bool = False
    dialect: Dialect = DEFAULT_DIALECT
    timm: bool = True  # rewrite timm's deprecated model names too


@dataclass
class _Target:
    builder: BuilderInfo
    catalog: Catalog
    scope: Scope | None = None  # where the call stands (for names the rewrite adds)
    # How the file names the builder's module (``models`` in ``models.resnet50``), with its qualified
    # name; None for a bare name (``resnet50``) or a hub call.
    module_prefix: cst.BaseExpression | None = None
    module_qualname: str | None = None
    imported_from: str | None = None  # "torchvision.models" for ``from torchvision.models import resnet50``
    via_hub: bool = False
    hub_positional: int = 0  # torch.hub.load's own positional arguments (repo, model) to keep


@dataclass
class _Edits:
    """A call's arguments after the rewrite, and what was said about it."""

    args: list[cst.Arg] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # one per legacy argument rewritten
    notes: list[str] = field(default_factory=list)


class MigratePretrainedCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = (
        "Rewrite pretrained=/pretrained_backbone= (and the old positional form) of model builders to "
        "weights=/weights_backbone= with the exact weights the old call loaded."
    )
    # Which call calls what is the shared resolver's decision (weightlink.resolve), made on the
    # stdlib ast of the same source; LibCST only places the edits. Calls meet by their position.
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self,
        context: CodemodContext,
        catalogs: Sequence[Catalog] | None = None,
        options: Options | None = None,
        prefer_default: bool = False,
        rewrite_dynamic: bool = False,
        timm: TimmCatalog | None = None,
    ) -> None:
        super().__init__(context)
        self.catalogs = list(catalogs) if catalogs is not None else [load_catalog("torchvision")]
        self.options = options or Options(prefer_default=prefer_default, rewrite_dynamic=rewrite_dynamic)
        if timm is None and catalogs is None and self.options.timm:
            timm = load_timm_catalog()  # LibCST's own runner: nothing was loaded for us
        self.findings: list[Finding] = []
        self.libraries = Libraries(self.catalogs, self.options.dialect, timm if self.options.timm else None)
        # The resolver's model of the file, when the caller has one for this very text already.
        self.prepared: tuple[str, FileModel] | None = None
        self.model: FileModel | None = None
        self.sites: dict[tuple[int, int, int, int], tuple[ast.Call, Scope]] = {}
        self.origin: tuple[int, int] | None = None  # where the visited tree's text starts, when not at 1:0
        self.references = EnumReferences(FileModel(ast.Module(body=[], type_ignores=[])))
        self.compat_branches: dict[str, CompatBranches] = {}
        # Legacy keyword -> weights parameter, for calls whose builder is not known (dynamic lookups).
        self.legacy_keywords = self.options.dialect.legacy_keyword_map()
        for catalog in self.catalogs:
            self.legacy_keywords.update(catalog.legacy_keywords())
        self.candidates = CandidateFilter(self.libraries, frozenset(self.legacy_keywords))

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument("--prefer-default", action="store_true", help="use .DEFAULT, not the legacy member")
        arg_parser.add_argument(
            "--rewrite-dynamic", action="store_true", help='rewrite getattr(models, name)(pretrained=e) to weights="DEFAULT"'
        )

    # -- traversal --------------------------------------------------------------------------

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        """The whole module through LibCST (``libcst.tool codemod``); this package's CLI edits only
        the calls and the import block instead (``splice.py``), with the same ``leave_Call``."""
        model = self._model_of(tree.code)
        if model is None:
            return tree  # the stdlib parser rejects what LibCST accepted: nothing is decided
        self.prepare(model)
        rewritten = super().transform_module_impl(tree)
        return place_imports(rewritten, self.references.needed, style_for(self.context.filename))

    def prepare(self, model: FileModel) -> None:
        """Take the resolver's model of the file the calls about to be visited stand in."""
        self.model = model
        self.sites = {model.char_range(call): (call, scope) for call, scope in model.calls}
        self.references = EnumReferences(model)
        self.compat_branches = {c.library: CompatBranches(model, c.library) for c in self.catalogs}
        if self.libraries.timm is not None:
            self.compat_branches["timm"] = CompatBranches(model, "timm")

    def _model_of(self, code: str) -> FileModel | None:
        if self.prepared is not None and self.prepared[0] == code:
            return self.prepared[1]
        try:
            parsed = parse_python(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        return self.libraries.model(parsed, code, self.context.filename)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        site = self._site(original_node)
        if site is None or self.model is None:
            return updated_node
        decided = self.libraries.call_target(self.model, site[0], site[1])
        if decided is not None and decided.kind == "dynamic":
            return self._dynamic_call(original_node, updated_node, decided)
        if decided is not None and decided.kind == "undecided":
            return self._undecided_call(original_node, updated_node, decided)
        if decided is not None and decided.kind == "timm":
            return self._timm_call(original_node, updated_node, site[0])
        target = self._target(original_node, site, decided)
        if target is None:
            return updated_node
        branch = self._compat_branch(original_node, target)
        if branch is not None:
            self._report(original_node, branch, "reported")
            return updated_node
        try:
            edits = self._migrate(original_node, updated_node, target)
        except CannotMigrate as problem:
            self._report(original_node, str(problem), "reported")
            return updated_node
        if edits is None:
            return updated_node
        for message in edits.messages:
            self._report(original_node, message, "rewritten")
        for note in edits.notes:
            self._report(original_node, note, "note")
        return updated_node.with_changes(args=edits.args)

    def _compat_branch(self, call: cst.Call, target: _Target) -> str | None:
        """The report for a legacy call in a branch for an old version of the library, or through
        torch.hub from a release before weights=."""
        names = {entry.legacy_param for entry in target.builder.legacy}
        positional = [arg for arg in call.args[target.hub_positional :] if arg.keyword is None and not arg.star]
        legacy = any(arg.keyword is not None and arg.keyword.value in names for arg in call.args)
        if not (legacy or (positional and target.builder.legacy_positional)):
            return None
        if target.via_hub:
            repo = next((arg for arg in call.args if arg.keyword is None and not arg.star), None)
            pinned = pinned_before_weights(literal(repo.value)) if repo is not None else None
            if pinned is not None:
                return pinned.message
        branch = self._branch_at(call, target.catalog.library)
        return messages.compat_branch_left(target.catalog.library, branch.version) if branch else None

    def _branch_at(self, call: cst.Call, library: str) -> CompatBranch | None:
        branches = self.compat_branches.get(library)
        site = self._site(call)
        if branches is None or site is None:
            return None
        return branches.at(site[0].lineno, site[0].col_offset)  # the ast's own positions

    def _site(self, call: cst.Call) -> tuple[ast.Call, Scope] | None:
        """The resolver's record of this call (the same source, parsed by the stdlib)."""
        where = self.get_metadata(PositionProvider, call)
        return self.sites.get((*self._in_file(where.start), *self._in_file(where.end)))

    def _in_file(self, position: CodePosition) -> tuple[int, int]:
        """(line, column) in the file, for a node of the tree being visited: the whole module, or
        one call parsed alone as ``(<call>)`` whose text starts at ``self.origin``."""
        if self.origin is None:
            return position.line, position.column
        line, column = self.origin
        if position.line == 1:
            return line, column + position.column - 1  # less the "(" put in front
        return line + position.line - 1, position.column

    def _report(self, node: cst.CSTNode, message: str, kind: Literal["rewritten", "note", "reported"]) -> None:
        line, column = self._in_file(self.get_metadata(PositionProvider, node).start)
        self.findings.append(Finding(line, column + 1, message, kind))
        if kind == "reported":
            self.warn(f"line {line}: {message}")

    # -- which builder ----------------------------------------------------------------------

    def _target(self, call: cst.Call, site: tuple[ast.Call, Scope], decided: CallTarget | None) -> _Target | None:
        if decided is None:
            return None
        if decided.kind == "hub":
            return self._hub_target(call)
        if decided.kind != "builder" or decided.builder is None or decided.catalog is None or not decided.builder.legacy:
            return None
        target = _Target(decided.builder, decided.catalog, scope=site[1])
        func = site[0].func
        if isinstance(func, ast.Attribute) and isinstance(call.func, cst.Attribute) and self.model is not None:
            target.module_prefix = call.func.value
            target.module_qualname = self.model.resolve(func.value, site[1]).name
        target.imported_from = decided.name.rpartition(".")[0]
        return target

    def _undecided_call(self, original: cst.Call, updated: cst.Call, decided: CallTarget) -> cst.BaseExpression:
        """A builder's name that a star import may rebind: not rewritten, and said why."""
        builder, star = decided.builder, decided.shadowed_by
        legacy = {entry.legacy_param for entry in builder.legacy} if builder is not None else set()
        if builder is not None and star is not None and any(arg.keyword and arg.keyword.value in legacy for arg in original.args):
            self._report(original, messages.star_import_may_rebind(builder.name, star.target or "", star.position[0]), "reported")
        return updated

    def _hub_target(self, call: cst.Call) -> _Target | None:
        positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
        repo = literal(positional[0].value) if positional else None
        model = literal(positional[1].value) if len(positional) > 1 else None
        found = hub_builder(repo, model, self.catalogs)
        if found is None or not found[0].legacy:
            return None
        return _Target(found[0], found[1], via_hub=True, hub_positional=2)

    def _dynamic_call(self, original: cst.Call, updated: cst.Call, decided: CallTarget) -> cst.BaseExpression:
        """``getattr(models, name)(pretrained=True)`` / ``models.__dict__[arch](pretrained=True)``."""
        legacy = [arg for arg in original.args if arg.keyword is not None and arg.keyword.value in self.legacy_keywords]
        if not legacy:
            return updated
        library = decided.catalog.library if decided.catalog is not None else "torchvision"
        branch = self._branch_at(original, library)
        if branch is not None:  # in every mode: the call exists for a release without weights=
            self._report(original, messages.compat_branch_left(library, branch.version, picked_at_run_time=True), "reported")
            return updated
        if not self.options.rewrite_dynamic:
            keyword = legacy[0].keyword.value if legacy[0].keyword is not None else "pretrained"
            self._report(original, f"{messages.dynamic_builder_call(keyword)}, {messages.rewrite_dynamic_hint()}", "reported")
            return updated
        args = [
            arg.with_changes(keyword=cst.Name(self.legacy_keywords[arg.keyword.value]), value=_default_string(arg.value))
            if arg.keyword is not None and arg.keyword.value in self.legacy_keywords
            else arg
            for arg in updated.args
        ]
        self._report(original, messages.dynamic_builder_rewritten(), "rewritten")
        return updated.with_changes(args=args)

    def _timm_call(self, original: cst.Call, updated: cst.Call, call: ast.Call) -> cst.BaseExpression:
        """``timm.create_model("tf_efficientnet_b4_ns")``: a deprecated literal name becomes the name
        timm maps it to (the same model and weights); a removed one is reported."""
        catalog = self.libraries.timm
        node = timm_argument(call, NAME_PARAM, 0)
        name = timm_literal(node, self.model.finals if self.model is not None else {})
        if catalog is None or node is None or name is None or name not in catalog.deprecations:
            return updated
        replacement = deprecated_replacement(name, catalog)
        branch = self._branch_at(original, "timm")
        if branch is not None:
            self._report(original, messages.compat_branch_left("timm", branch.version), "reported")
            return updated
        if replacement is None:
            self._report(original, messages.timm_name_removed(name).message, "reported")
            return updated
        if isinstance(node, ast.Name):  # a constant: other uses of it are not ours to change
            self._report(original, messages.timm_name_in_constant(name, node.id, replacement), "reported")
            return updated
        position = call.args.index(node) if node in call.args else None
        args = list(updated.args)
        index = position if position is not None else next(i for i, a in enumerate(args) if a.keyword and a.keyword.value == NAME_PARAM)
        string = args[index].value
        if not isinstance(string, cst.SimpleString):
            return updated  # an implicitly concatenated literal: said by the checker, left here
        args[index] = args[index].with_changes(value=string.with_changes(value=f"{string.prefix}{string.quote}{replacement}{string.quote}"))
        self._report(original, messages.timm_name_deprecated(name, replacement).message, "rewritten")
        return updated.with_changes(args=args)

    # -- the rewrite ------------------------------------------------------------------------

    def _migrate(self, original: cst.Call, updated: cst.Call, target: _Target) -> _Edits | None:
        builder = target.builder
        legacy_names = {entry.legacy_param: entry for entry in builder.legacy}
        args = list(updated.args)
        head = args[: target.hub_positional]
        own = args[target.hub_positional :]
        first_star = next((i for i, arg in enumerate(own) if arg.star == "*"), len(own))
        if any(arg.keyword is None and not arg.star for arg in own[first_star:]):
            # f(*args, x): where x lands depends on what *args holds.
            raise CannotMigrate(f"{builder.name}(): {messages.splat_hides_legacy()}")
        positional = [arg for arg in own if arg.keyword is None and not arg.star]
        if positional and not builder.legacy_positional:
            return None
        if len(positional) > len(builder.legacy_positional):
            raise CannotMigrate(f"{builder.name}(): {messages.too_many_positional(builder.name)}")
        names = {arg.keyword.value: arg.value for arg in own if arg.keyword is not None}
        names.update({name: arg.value for name, arg in zip(builder.legacy_positional, positional)})
        if not any(name in legacy_names for name in names):
            return None
        for legacy in builder.legacy:
            if legacy.legacy_param in names and legacy.weights_param in names:
                raise CannotMigrate(messages.legacy_and_weights(builder.name, legacy.legacy_param, legacy.weights_param).message)
        views = {name: view(value) for name, value in names.items()}
        for legacy in builder.legacy:
            conflicts = legacy_meta_conflicts(builder, target.catalog, legacy, views) if legacy.legacy_param in names else []
            if conflicts:
                # The rewrite would be a call that raises: say so, with what works, and leave it.
                raise CannotMigrate(conflicts[0][1].message)
        edits = _Edits()
        changes: list[str] = []
        position = 0
        for arg in own:
            if arg.star:
                edits.args.append(arg)  # a splat stays as it is
                continue
            if arg.keyword is not None:
                name = arg.keyword.value
            else:
                name, position = builder.legacy_positional[position], position + 1
            entry = legacy_names.get(name)
            if entry is None:
                edits.args.append(arg if arg.keyword is not None else _keyword(arg, name, arg.value))
                continue
            outcome = legacy_outcome(entry.default, entry.legacy_param, views[name], views, target.catalog)
            if self.options.prefer_default:
                outcome, changed = prefer_default(outcome, target.catalog)
                changes.extend(changed)
            diagnostic = diagnose(
                builder.name,
                entry.legacy_param,
                entry.weights_param,
                outcome,
                accepted=accepted_for(builder, entry.weights_param, target.catalog),
                legacy_text=code(arg.value),
                positional=arg.keyword is None,
                catalog=target.catalog,
            )
            value = weights_expression(outcome, lambda enum, member: self._reference(original, target, enum, member))
            if value is None:
                raise CannotMigrate(diagnostic.message)
            edits.args.append(_keyword(arg, entry.weights_param, value))
            edits.messages.append(diagnostic.message)
        splat = next((f"{arg.star}{code(arg.value)}" for arg in own if arg.star), None)
        unseen = [entry.legacy_param for entry in builder.legacy if entry.legacy_param not in names]
        if splat is not None and unseen:
            edits.notes.append(messages.legacy_from_splat(builder.name, unseen, splat))
        edits.notes.extend(changes)
        edits.args = head + edits.args
        return edits

    def _reference(self, call: cst.Call, target: _Target, enum: str, member: str) -> cst.BaseExpression:
        if target.via_hub:
            return cst.SimpleString(f'"{enum.rpartition(".")[2]}.{member}"')  # torch.hub passes strings through
        assert target.scope is not None
        return self.references.reference(
            call,
            target.scope,
            target.builder,
            target.catalog,
            enum,
            member,
            module_prefix=target.module_prefix,
            module_qualname=target.module_qualname,
            imported_from=target.imported_from,
        )


def _keyword(arg: cst.Arg, name: str, value: cst.BaseExpression) -> cst.Arg:
    """The argument as ``name=value``, keeping its comma and the whitespace and comments around it."""
    equal = arg.equal if isinstance(arg.equal, cst.AssignEqual) else cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
    )
    if isinstance(value, cst.NamedExpr) and not value.lpar:  # f(x := 1) is fine, f(a=x := 1) is not
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return arg.with_changes(keyword=cst.Name(name), equal=equal, value=value)


def _default_string(value: cst.BaseExpression) -> cst.BaseExpression:
    """--rewrite-dynamic: the builder is unknown, so its DEFAULT by name (builders accept strings)."""
    if literal(value) is not NOT_LITERAL:
        return cst.SimpleString('"DEFAULT"') if literal(value) else cst.Name("None")
    return cst.IfExp(test=parenthesize_test(value), body=cst.SimpleString('"DEFAULT"'), orelse=cst.Name("None"))


__all__ = ["CannotMigrate", "Finding", "MigratePretrainedCommand", "Options"]
