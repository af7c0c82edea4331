"""One file's calls of builders, registry functions and guards, checked with the shared rules.

Mirrors what the mypy plugin reports (same decisions, same sentences), from names and literals:
an argument that is a variable or a call is not judged.
"""

from __future__ import annotations

import ast
import itertools
import difflib
from dataclasses import dataclass

from weightlink.catalog.model import BuilderInfo, Catalog, EnumInfo, LegacyParam, MemberInfo, Param, WeightsParam
from weightlink.check.views import literal, source_text, view
from weightlink.dialect import Dialect
from weightlink.findings import Finding, Fix, Severity
from weightlink.fixes.legacy import FixFile, LegacyCall, LegacyFixes, dynamic_fix
from weightlink.fixes.strings import string_fix, suggestion_fix
from weightlink.named import Function, Loaded, NamedCall, bound_arguments
from weightlink.fixes.references import CallSite, CannotFix
from weightlink.positions import LineIndex
from weightlink.resolve.model import FileModel
from weightlink.resolve.scopes import Scope
from weightlink.resolve.targets import CallTarget, Libraries
from weightlink.rules import messages
from weightlink.rules.arguments import NOT_LITERAL, ArgumentView
from weightlink.rules.codes import WEIGHTS_LEGACY, Diagnostic
from weightlink.rules.compat import CompatBranch, CompatBranches
from weightlink.rules.hub import hub_builder, hub_legacy_diagnostic, pinned_before_weights
from weightlink.rules.legacy import Outcome, beside_splat, diagnose_outcome, legacy_outcome
from weightlink.rules.meta import fixed_conflict, legacy_meta_conflicts, meta_conflict
from weightlink.rules.names import closest, parse_weights_name
from weightlink.rules.weights import WeightsParamView, enum_views, name_diagnostic, other_members_diagnostic


@dataclass(frozen=True)
class _Argument:
    name: str
    node: ast.expr
    positional: bool
    legacy: bool = False  # bound by the old positional order (a legacy argument, not a weights one)


class FileCalls:
    def __init__(self, path: str, model: FileModel, libraries: Libraries, *, prefer_default: bool = False) -> None:
        self.path = path
        self.model = model
        self.libraries = libraries
        self.index = LineIndex(model.text)
        self.fixes = FixFile(model, self.index, prefer_default=prefer_default, path=path)
        self.dialect: Dialect = libraries.dialect
        self._compat: dict[str, CompatBranches] = {}
        self.findings: list[Finding] = []
        self._scope: Scope = model.module  # the scope of the call being checked
        self._contexts: dict[str, object] = {}  # string-named library -> what it read of the file

    def check(self) -> list[Finding]:
        for call, scope in self.model.calls:
            self._scope = scope
            self._call(call, self.libraries.call_target(self.model, call, scope))
        for attribute, scope in self.model.member_attributes:
            self._scope = scope
            self._member_attribute(attribute)
        return self.findings

    def _member_attribute(self, node: ast.Attribute) -> None:
        """``ResNet50_Weights.IMAGENET1K_V9``: a member-like name (capitals) the Enum does not have."""
        reference = self.libraries.enum_reference(self.model, node.value, self._scope)
        if reference is not None and reference.member is None and not reference.enum.partial:
            if reference.enum.resolve(node.attr) is None:
                self._report(node, messages.no_such_attribute(reference.enum.name, node.attr))

    # -- what a call calls ----------------------------------------------------------------------

    def _call(self, call: ast.Call, target: CallTarget | None) -> None:
        if target is None:
            return
        if target.kind == "hub":
            self._hub_load(call)
        elif target.kind == "named" and target.named is not None and target.function is not None:
            self._named_call(call, target.named, target.function)
        elif target.kind == "builder" and target.builder is not None and target.catalog is not None:
            site = self._site(call, target.name)
            self._builder_call(call, target.builder, target.catalog, self._bind(call, target.builder), site=site)
        elif target.kind == "registry" and target.catalog is not None and target.operation is not None:
            self._registry_call(call, target.operation, target.catalog)
        elif target.kind == "guard" and target.enum is not None and target.catalog is not None and target.operation:
            self._guard_call(call, target.enum, target.catalog, target.operation)
        elif target.kind in ("dynamic", "undecided"):
            self._unjudged_legacy_call(call, target)

    def _site(self, call: ast.Call, callee: str) -> CallSite:
        """How the call names its callee, for the names a fix writes (``models.`` in ``models.resnet50``)."""
        func = call.func
        if isinstance(func, ast.Attribute):
            prefix = self.index.segment(func.value)
            return CallSite(call, self._scope, prefix, self.model.resolve(func.value, self._scope).name, callee.rpartition(".")[0])
        return CallSite(call, self._scope, imported_from=callee.rpartition(".")[0])

    def _unjudged_legacy_call(self, call: ast.Call, target: CallTarget) -> None:
        """A legacy call whose builder is not known: picked at run time, or named by a name that a
        star import may rebind. A note, so that every call the codemod leaves for a person is listed."""
        keywords = self._legacy_keywords(target)
        legacy = next((k for k in call.keywords if k.arg in keywords), None)
        if legacy is None or legacy.arg is None:
            return
        branch = self._compat_branch(target.catalog, call)
        library = target.catalog.library if target.catalog is not None else "torchvision"
        fix = None
        if branch is not None:
            text = messages.compat_branch_left(library, branch.version, picked_at_run_time=target.kind == "dynamic")
        elif target.kind == "undecided" and target.shadowed_by is not None and target.builder is not None:
            star = target.shadowed_by
            text = messages.star_import_may_rebind(target.builder.name, star.target or "", star.position[0])
        else:
            mapping = self.dialect.legacy_keyword_map()
            if target.catalog is not None:
                mapping.update(target.catalog.legacy_keywords())
            fix = dynamic_fix(self.fixes, call, mapping)  # unsafe: DEFAULT may be other weights
            value = self._literal(legacy.value)
            if value is not NOT_LITERAL and not value:
                text = messages.dynamic_builder_false(legacy.arg, mapping.get(legacy.arg, "weights"), repr(value))
            else:
                text = messages.dynamic_builder_call(legacy.arg)
        self._report(legacy.value, Diagnostic(WEIGHTS_LEGACY, text), severity="note", fix=fix)

    def _legacy_keywords(self, target: CallTarget) -> set[str]:
        keywords = set(self.dialect.legacy_keyword_map())
        if target.builder is not None:
            keywords = {entry.legacy_param for entry in target.builder.legacy} or keywords
        elif target.catalog is not None:
            keywords |= set(target.catalog.legacy_keywords())
        return keywords

    def _bind(self, call: ast.Call, builder: BuilderInfo, skip: int = 0) -> dict[str, _Argument]:
        """Arguments by the parameter they bind to: keywords by name, positional ones by the old
        positional order (a legacy interface) or else by the builder's own parameters. Splats are
        left out: what they hold is unknown."""
        bound: dict[str, _Argument] = {}
        positional = call.args[skip:]
        if not any(isinstance(arg, ast.Starred) for arg in positional):
            if builder.legacy_positional:
                for name, node in zip(builder.legacy_positional, positional):
                    bound[name] = _Argument(name, node, True, legacy=True)
            else:
                for param, node in zip(_positional_params(builder), positional):
                    bound[param.name] = _Argument(param.name, node, True)
        for keyword in call.keywords:
            if keyword.arg is not None:
                bound[keyword.arg] = _Argument(keyword.arg, keyword.value, False)
        return bound

    # -- builder calls ----------------------------------------------------------------------------

    def _builder_call(
        self,
        call: ast.Call,
        builder: BuilderInfo,
        catalog: Catalog,
        arguments: dict[str, _Argument],
        *,
        site: CallSite,
        callee: str | None = None,
        head: int = 0,
    ) -> None:
        """``head``: positional arguments of the callee itself (a registry lookup's name)."""
        for param in builder.weights_params:
            argument = arguments.get(param.name)
            if argument is not None and not argument.legacy:
                view_ = self._selected(builder, catalog, param, arguments) or self._param_view(catalog, param)
                for node in _branches(argument.node):
                    self._weights_argument(builder.name, view_, param.accepts_entry, node, catalog)
        self._legacy(call, builder, catalog, arguments, LegacyCall(call, site, builder, catalog, head=head))
        self._meta(builder, catalog, arguments)
        self._unknown_keywords(call, builder, callee or builder.name)

    def _param_view(self, catalog: Catalog, param: WeightsParam, condition: str | None = None) -> WeightsParamView:
        enums = [catalog.enums[q] for q in param.enums if q in catalog.enums]
        family = [e for enum in enums for e in catalog.family(enum.qualname)]
        suffix = f" ({condition})" if condition else ""
        accepted = messages.accepted_text([e.name for e in enums], accepts_entry=param.accepts_entry)
        qualified = messages.accepted_text([catalog.public_name(e.qualname) for e in enums], accepts_entry=param.accepts_entry)
        return WeightsParamView(
            param.name,
            enum_views([(e.name, e.all_names(), catalog.public_name(e.qualname)) for e in family]),
            accepted + suffix,
            param.accepts_any_enum,
            accepted_qualified=qualified + suffix,
        )

    def _selected(
        self, builder: BuilderInfo, catalog: Catalog, param: WeightsParam, arguments: dict[str, _Argument]
    ) -> WeightsParamView | None:
        """The Enum a literal (or missing) ``quantize=`` selects."""
        selectors = [s for s in builder.weights_selectors if s.weights_param == param.name]
        if len(selectors) != 1:
            return None
        selector = selectors[0]
        given = arguments.get(selector.param)
        value = self._literal(given.node) if given else selector.param_default
        if value is NOT_LITERAL:
            return None
        chosen = selector.when_true if value else selector.when_false
        narrowed = WeightsParam(param.name, [chosen], param.accepts_entry, param.accepts_any_enum)
        return self._param_view(catalog, narrowed, condition=f"{selector.param}={value!r}")

    def _weights_argument(
        self, callee: str, param: WeightsParamView, accepts_entry: bool, node: ast.expr, catalog: Catalog
    ) -> None:
        value = self._literal(node)
        if isinstance(value, str):
            self._report(node, name_diagnostic(callee, param, value, lambda short: bool(catalog.enum_by_short_name(short))))
            return
        if value is None:
            return
        if value is not NOT_LITERAL:
            received = type(value).__name__
            self._report(node, messages.wrong_weights_type(param.accepted, received, callee=callee, param=param.name))
            return
        if isinstance(node, ast.Call):
            if self.libraries.entry_class(self.model, node.func, self._scope) and not accepts_entry:
                self._report(node, messages.entry_not_accepted(param.accepted, callee=callee, param=param.name))
            return
        reference = self.libraries.enum_reference(self.model, node, self._scope)
        if reference is None:
            return
        enum = reference.enum
        accepted = {view.public for view in param.family}
        ours = reference.catalog.public_name(enum.qualname) in accepted or param.accepts_any_enum
        if reference.member is None:
            example = next((f"{view.name}.DEFAULT" for view in param.family if "DEFAULT" in view.members), None)
            diagnostic = messages.enum_class_given(
                enum.name, callee=callee, param=param.name, accepted=None if ours else param.accepted, example=example
            )
            self._report(node, diagnostic)
            return
        canonical = enum.resolve(reference.member)
        if canonical is None or ours:
            return
        # As the user wrote it (an alias such as DEFAULT included), with the member it stands for.
        given = f"{enum.name}.{reference.member}"
        public = f"{reference.catalog.public_name(enum.qualname)}.{reference.member}"
        alias_of = f"{enum.name}.{canonical}" if canonical != reference.member else None
        diagnostic = other_members_diagnostic(
            callee, param, given, reference.member, given_as_name=False, given_public=public, alias_of=alias_of
        )
        self._report(node, diagnostic)

    # -- the legacy interface ------------------------------------------------------------------

    def _legacy(
        self, call: ast.Call, builder: BuilderInfo, catalog: Catalog, arguments: dict[str, _Argument], legacy: LegacyCall
    ) -> None:
        used = [(entry, arguments[entry.legacy_param]) for entry in builder.legacy if entry.legacy_param in arguments]
        legacy_names = {entry.legacy_param for entry in builder.legacy}
        others = [a for a in arguments.values() if a.legacy and a.name not in legacy_names]
        fixes = LegacyFixes(self.fixes, legacy)
        if not used and not others:
            if fixes.problem is not None and builder.legacy_positional and legacy.head == 0:
                self._report(call, Diagnostic(WEIGHTS_LEGACY, fixes.problem), severity="note")  # f(*args, True)
            return
        branch = self._compat_branches(catalog.library).at(call.lineno, call.col_offset)
        if branch is not None:
            note = Diagnostic(WEIGHTS_LEGACY, messages.compat_branch_left(catalog.library, branch.version))
            self._report(call, note, severity="note")
            return
        views = {name: self._view(argument.node) for name, argument in arguments.items()}
        outcomes: dict[str, Outcome] = {}
        conflicted: str | None = None
        splat = fixes.splat()
        for entry, _ in used:
            outcome = legacy_outcome(entry.default, entry.legacy_param, views[entry.legacy_param], views, catalog)
            outcomes[entry.legacy_param] = beside_splat(entry, outcome, arguments, splat)
            conflicts = legacy_meta_conflicts(builder, catalog, entry, views)
            conflicted = conflicted or (conflicts[0][1].message if conflicts else None)
        for entry, argument in used:
            if entry.weights_param in arguments:
                self._report(argument.node, messages.legacy_and_weights(builder.name, entry.legacy_param, entry.weights_param))
                continue
            outcome = outcomes[entry.legacy_param]
            diagnostic = diagnose_outcome(
                builder, catalog, entry, outcome, legacy_text=source_text(argument.node) or "...", positional=argument.positional
            )
            fix, unfixed = self._legacy_fix(fixes, entry, argument, outcomes, conflicted)
            self._report(argument.node, diagnostic, fix=fix, unfixed=unfixed)
            for param, conflict in legacy_meta_conflicts(builder, catalog, entry, views):
                self._report(arguments[param].node, conflict)
        if others and builder.legacy_positional:
            keywords = ", ".join(f"{a.name}={source_text(a.node) or '...'}" for a in others)
            fix, unfixed = self._positional_fix(fixes, outcomes, conflicted)
            self._report(others[0].node, messages.legacy_positional(builder.name, keywords), fix=fix, unfixed=unfixed)

    def _legacy_fix(
        self, fixes: LegacyFixes, entry: LegacyParam, argument: _Argument, outcomes: dict[str, Outcome], conflicted: str | None
    ) -> tuple[Fix | None, str | None]:
        """The fix of one legacy argument, or why there is none. A call whose other arguments conflict
        with the weights it maps to raises on torchvision >= 0.13: it is reported, never rewritten."""
        if conflicted is not None:
            return None, conflicted
        if argument.positional:
            return self._positional_fix(fixes, outcomes, None)
        keyword = next(k for k in fixes.legacy.call.keywords if k.arg == entry.legacy_param)
        try:
            return fixes.keyword_fix(entry, keyword, outcomes[entry.legacy_param]), None
        except CannotFix as problem:
            return None, str(problem) or None

    def _positional_fix(
        self, fixes: LegacyFixes, outcomes: dict[str, Outcome], conflicted: str | None
    ) -> tuple[Fix | None, str | None]:
        if conflicted is not None:
            return None, conflicted
        try:
            return fixes.positional_fix(outcomes), None
        except CannotFix as problem:
            return None, str(problem) or None

    def _compat_branches(self, library: str) -> CompatBranches:
        if library not in self._compat:
            self._compat[library] = CompatBranches(self.model, library)
        return self._compat[library]

    def _compat_branch(self, catalog: Catalog | None, call: ast.Call) -> CompatBranch | None:
        library = catalog.library if catalog is not None else "torchvision"
        return self._compat_branches(library).at(call.lineno, call.col_offset)

    # -- meta ----------------------------------------------------------------------------------------

    def _meta(self, builder: BuilderInfo, catalog: Catalog, arguments: dict[str, _Argument]) -> None:
        for override in builder.meta_overrides:
            passed = arguments.get(override.param)
            value = self._literal(passed.node) if passed else NOT_LITERAL
            if passed is None or value is NOT_LITERAL or value is None:
                continue
            if override.always:
                diagnostic = fixed_conflict(builder.name, override, value)
            else:
                weights = arguments.get(override.weights_param)
                chosen = self._chosen_member(builder, catalog, override.weights_param, weights) if weights else None
                diagnostic = meta_conflict(override, value, chosen[0], chosen[1]) if chosen else None
            if diagnostic is not None:
                self._report(passed.node, diagnostic)

    def _chosen_member(
        self, builder: BuilderInfo, catalog: Catalog, weights_param: str, argument: _Argument
    ) -> tuple[str, MemberInfo] | None:
        param = builder.weights_param(weights_param)
        if param is None:
            return None
        candidates: list[tuple[EnumInfo, str]] = []
        value = self._literal(argument.node)
        if isinstance(value, str):
            parsed = parse_weights_name(value)
            for qualname in param.enums:
                for enum in catalog.family(qualname):
                    if parsed.enum is None or parsed.enum == enum.name:
                        candidates.append((enum, parsed.member))
        else:
            reference = self.libraries.enum_reference(self.model, argument.node, self._scope)
            if reference is not None and reference.member is not None:
                candidates.append((reference.enum, reference.member))
        found = [(f"{e.name}.{e.resolve(m)}", e.members[e.resolve(m) or ""]) for e, m in candidates if e.resolve(m)]
        return found[0] if len(found) == 1 else None

    # -- keywords the builder does not take ----------------------------------------------------

    def _unknown_keywords(self, call: ast.Call, builder: BuilderInfo, callee: str) -> None:
        """mypy's ``call-arg``. Its "did you mean" prefers parameters whose type fits the value, which
        names and literals tell only for literals; for any other value the keyword is reported when
        the suggestions cannot depend on its type (no close name at all, or only names that take
        anything)."""
        takes_kwargs = any(p.kind == "var_keyword" for p in builder.params)
        if builder.partial or (takes_kwargs and builder.forwards_unknown):
            return
        if any(keyword.arg is None for keyword in call.keywords):
            return  # a **splat: the keywords it holds are unknown, as for mypy
        accepted = self._keyword_types(builder)
        for keyword in call.keywords:
            if keyword.arg is None or keyword.arg in accepted:
                continue
            value = self._literal(keyword.value)
            if value is NOT_LITERAL:
                close = _best_matches(keyword.arg, list(accepted))
                if all(_takes_anything(accepted[name]) for name in close):
                    self._report(call, messages.unexpected_keyword(callee, keyword.arg, close))
                continue
            fitting = [name for name, annotation in accepted.items() if _fits(value, annotation)]
            others = [name for name in accepted if name not in fitting]
            suggestions = _best_matches(keyword.arg, fitting) or _best_matches(keyword.arg, others)
            # At the call, as mypy reports it (a keyword on a later line of the call included).
            self._report(call, messages.unexpected_keyword(callee, keyword.arg, suggestions))

    def _keyword_types(self, builder: BuilderInfo) -> dict[str, str | None]:
        """Every keyword the call accepts with its annotation (None: any): the builder's own
        parameters (``weights*`` and legacy ones take anything), and what ``**kwargs`` reaches."""
        accepted: dict[str, str | None] = {}
        for param in builder.params:
            if param.kind not in ("var_positional", "var_keyword", "positional"):
                weights = self.dialect.is_weights_param(param.name)
                accepted[param.name] = "builtins.object" if weights else param.annotation
        for entry in builder.legacy:
            accepted[entry.legacy_param] = "builtins.object"
        for keyword in builder.forwarded:
            accepted.setdefault(keyword.name, keyword.annotation)
        return accepted

    # -- registry lookups and guards ----------------------------------------------------------

    def _registry_call(self, call: ast.Call, operation: str, catalog: Catalog) -> None:
        if not call.args or not isinstance(self._literal(call.args[0]), str):
            return
        name = self._literal(call.args[0])
        assert isinstance(name, str)
        if operation == "get_weight":
            self._get_weight(call.args[0], name, catalog)
            return
        if not catalog.registry:
            return  # a registry the catalog cannot read: its names are not judged
        qualname = catalog.registry.get(name)
        if qualname is None:
            suggestion = closest(name, catalog.registry)
            self._report(call.args[0], messages.unknown_model(name, catalog.library, suggestion=suggestion))
            return
        builder = catalog.builders.get(qualname)
        if operation == "get_model" and builder is not None:
            config = {k.arg: _Argument(k.arg, k.value, False) for k in call.keywords if k.arg is not None}
            # Names the fix writes come from where the registry function is imported from.
            site = self._site(call, self.model.resolve(call.func, self._scope).name or builder.qualname)
            self._builder_call(call, builder, catalog, config, site=site, callee=operation, head=1)

    def _get_weight(self, node: ast.expr, name: str, catalog: Catalog) -> None:
        parsed = parse_weights_name(name)
        enums = {info.name: info for info in catalog.enums.values()}
        enum = enums.get(parsed.enum or "")
        if enum is None:
            self._report(node, messages.unknown_weights_enum(name, suggestion=closest(parsed.enum or name, enums)))
        elif enum.resolve(parsed.member) is None:
            suggestion = closest(parsed.member, enum.all_names())
            self._report(node, messages.no_such_member(enum.name, parsed.member, suggestion=suggestion))

    def _guard_call(self, call: ast.Call, enum: EnumInfo, catalog: Catalog, method: str) -> None:
        """``ResNet50_Weights.verify(x)`` / ``XWeights.check_type(x)``: x must belong to that Enum."""
        allow_entry = any(k.arg == "allow_entry" and self._literal(k.value) is True for k in call.keywords)
        param = WeightsParam("obj", [enum.qualname], accepts_entry=allow_entry)
        obj = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "obj"), None)
        if obj is not None:
            self._weights_argument(f"{enum.name}.{method}", self._param_view(catalog, param), allow_entry, obj, catalog)

    # -- torch.hub ---------------------------------------------------------------------------------

    def _hub_load(self, call: ast.Call) -> None:
        """``torch.hub.load("pytorch/vision", "resnet50", pretrained=True)``: the builder by name; the
        replacement is a string, which torch.hub passes through."""
        repo, model = (self._literal(call.args[i]) if len(call.args) > i else None for i in (0, 1))
        found = hub_builder(repo, model, self.libraries.catalogs)
        if found is None:
            return
        builder, catalog = found
        arguments = self._bind(call, builder, skip=2)
        pinned = pinned_before_weights(repo)
        if pinned is not None:
            if any(entry.legacy_param in arguments for entry in builder.legacy):
                self._report(call, pinned, severity="note")
            return
        views = {name: self._view(a.node) for name, a in arguments.items()}
        fixes = LegacyFixes(self.fixes, LegacyCall(call, CallSite(call, self._scope), builder, catalog, head=2, by_string=True))
        outcomes = {
            entry.legacy_param: legacy_outcome(entry.default, entry.legacy_param, views[entry.legacy_param], views, catalog)
            for entry in builder.legacy
            if entry.legacy_param in arguments
        }
        conflicted = next(
            (c[0][1].message for e in builder.legacy if e.legacy_param in arguments if (c := legacy_meta_conflicts(builder, catalog, e, views))),
            None,
        )
        for entry in builder.legacy:
            argument = arguments.get(entry.legacy_param)
            if argument is not None:
                legacy_text = source_text(argument.node) or "..."
                fix, unfixed = self._legacy_fix(fixes, entry, argument, outcomes, conflicted)
                self._report(argument.node, hub_legacy_diagnostic(builder, catalog, entry, views, legacy_text), fix=fix, unfixed=unfixed)

    # -- string-named libraries (weightlink.named) ---------------------------------------------

    def _named_call(self, call: ast.Call, loaded: Loaded, function: Function) -> None:
        """A call of timm, open_clip, segmentation_models_pytorch or another string-named library:
        its arguments' literal values judged by the library's rules, each verdict reported at its
        argument, with the string fix it names. In a branch kept for an older release, a note."""
        positional = list(itertools.takewhile(lambda a: not isinstance(a, ast.Starred), call.args))
        keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
        nodes: dict[str, ast.expr] = bound_arguments(function, positional, keywords)  # type: ignore[assignment]
        splat = len(positional) < len(call.args) or any(k.arg is None for k in call.keywords)
        arguments = {param: self._literal(node) for param, node in nodes.items()}
        library = loaded.library.name
        if library not in self._contexts:  # once per file, at its first call of the library
            self._contexts[library] = loaded.file_context(self.model.tree)
        verdicts = loaded.judge(NamedCall(function.operation, arguments, splat, self._contexts[library]))
        branch = self._compat_branches(library).at(call.lineno, call.col_offset) if verdicts else None
        for verdict in verdicts:
            node = nodes.get(verdict.param) if verdict.param else None
            where = node or call
            if branch is not None:  # a branch kept for an older release: what it says is right there
                self._report(where, Diagnostic(verdict.diagnostic.code, messages.compat_branch_left(library, branch.version)), severity="note")
                continue
            fix, unfixed = None, None
            if verdict.replacement is not None and isinstance(node, ast.Name):  # a constant, maybe used elsewhere
                in_constant = verdict.unfixed_in_constant
                unfixed = in_constant(node.id) if in_constant else messages.name_in_constant(node.id, verdict.replacement)
            elif verdict.replacement is not None and node is not None:
                why = verdict.unsafe or self.fixes.runs_on_older(library)
                fix = string_fix(self.index, node, verdict.replacement, older=why)
            self._report(where, verdict.diagnostic, severity="note" if verdict.severity == "note" else "error", fix=fix, unfixed=unfixed)

    # -- reporting -------------------------------------------------------------------------------

    def _literal(self, node: ast.expr) -> object:
        return literal(node, self.model.finals)

    def _view(self, node: ast.expr) -> ArgumentView:
        return view(node, self.model.finals)

    def _report(
        self,
        node: ast.AST,
        diagnostic: Diagnostic | None,
        severity: Severity = "error",
        fix: Fix | None = None,
        unfixed: str | None = None,
    ) -> None:
        """``unfixed``: why a finding that reads like it has a fix has none (the codemod says so)."""
        if diagnostic is None:
            return
        if fix is None and diagnostic.suggestion is not None and isinstance(node, ast.expr):
            fix = suggestion_fix(self.index, node, diagnostic.suggestion)
        start, end = self.index.span(node)
        line, column = self.index.position(start)
        end_line, end_column = self.index.position(end)
        self.findings.append(
            Finding(
                self.path, line, column + 1, diagnostic.code.name, diagnostic.message, severity, fix,
                end_line=end_line, end_column=end_column + 1, span=(start, end), unfixed=unfixed,
            )
        )


def _positional_params(builder: BuilderInfo) -> list[Param]:
    return [p for p in builder.params if p.kind in ("positional", "positional_or_keyword")]


def _branches(node: ast.expr) -> list[ast.expr]:
    """``A if cond else B`` is judged branch by branch, as mypy sees either value."""
    if isinstance(node, ast.IfExp):
        return [*_branches(node.body), *_branches(node.orelse)]
    return [node]


def _takes_anything(annotation: str | None) -> bool:
    return annotation is None or annotation in ("builtins.object", "typing.Any")


def _fits(value: object, annotation: str | None) -> bool:
    """Whether mypy would take a literal ``value`` for a parameter annotated ``annotation``."""
    if annotation is None or any(word in annotation for word in ("builtins.object", "typing.Any")):
        return True
    if value is None:
        return "Optional" in annotation or "None" in annotation
    numbers = {bool: ("builtins.bool", "builtins.int", "builtins.float", "builtins.complex"),
               int: ("builtins.int", "builtins.float", "builtins.complex"),
               float: ("builtins.float", "builtins.complex"), str: ("builtins.str",)}
    return any(name in annotation for name in numbers.get(type(value), ()))


def _best_matches(current: str, options: list[str], n: int = 3) -> list[str]:
    """mypy's own choice of "did you mean" names (mypy.messages.best_matches)."""
    ratios = {option: difflib.SequenceMatcher(a=current, b=option).ratio() for option in options}
    close = [option for option, ratio in ratios.items() if ratio > 0.75]
    return sorted(close, key=lambda option: (-ratios[option], option))[:n]
