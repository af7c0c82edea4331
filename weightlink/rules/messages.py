"""Every sentence weightlink says about a call, once: one function per message.

Front ends pass what they know (names as the user wrote them, the accepted Enums) and render the
result their own way: the mypy plugin and the checker report a `Diagnostic`, the runtime raises or
warns with its message, the codemod reports it beside a rewrite. Names are quoted the way mypy
quotes them. ``callee=None`` is the run-time form, where the builder's name is not known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from weightlink.rules.codes import (
    ATTR_DEFINED,
    CALL_ARG,
    MODEL_UNKNOWN,
    WEIGHTS_LEGACY,
    WEIGHTS_META_CONFLICT,
    WEIGHTS_MISMATCH,
    WEIGHTS_UNKNOWN,
    Diagnostic,
)


def quoted(name: str) -> str:
    return f'"{name}"'


def listing(names: Sequence[str], most: int) -> str:
    """The first ``most`` names, and how many there are in all when that is not all of them."""
    shown = ", ".join(names[:most])
    return shown + (f", ... ({len(names)} in all)" if len(names) > most else "")


def accepted_text(enum_names: Iterable[str], accepts_entry: bool = False) -> str:
    """``"ResNet50_Weights"``, or ``"SpeechWeights" | "WeightEntry"`` for a builder that takes entries."""
    names = [*enum_names, *(["WeightEntry"] if accepts_entry else [])]
    return " | ".join(quoted(name) for name in names) or "a weights Enum"


def _hints(did_you_mean: str | None, example: str | None) -> str:
    if did_you_mean:
        return f"; did you mean {quoted(did_you_mean)}?"
    return f" (e.g. {quoted(example)})" if example else ""


# -- weights arguments (weights-mismatch, weights-unknown) --------------------------------------


def weights_mismatch(
    accepted: str,
    given: str,
    *,
    callee: str | None = None,
    param: str | None = None,
    given_as_name: bool = False,
    did_you_mean: str | None = None,
    example: str | None = None,
    alias_of: str | None = None,
) -> Diagnostic:
    """A member (or the name of a member) of another builder's Enum. ``given`` is what the user
    wrote (``ResNet101_Weights.DEFAULT``); ``alias_of`` the member that alias stands for."""
    detail = " (a name of another weights Enum)" if given_as_name else ""
    if alias_of:
        detail += f" (an alias of {quoted(alias_of)})"
    head = f"{quoted(callee)} takes {accepted} for {quoted(param or 'weights')}" if callee else f"expected {accepted}"
    guess = (given, did_you_mean) if given_as_name and did_you_mean else None
    return Diagnostic(WEIGHTS_MISMATCH, f"{head}, got {quoted(given)}{detail}{_hints(did_you_mean, example)}", suggestion=guess)


def enum_class_given(
    enum: str,
    *,
    callee: str | None = None,
    param: str | None = None,
    accepted: str | None = None,
    example: str | None = None,
) -> Diagnostic:
    """An Enum class where a member goes (``weights=ResNet50_Weights``). ``accepted`` names what the
    parameter takes when ``enum`` is not one of them (another builder's Enum); ``example`` is a
    member of the accepted Enum (its DEFAULT), never one of ``enum``'s when that is the wrong Enum."""
    what = f"a member of {accepted}" if accepted else "a member"
    head = f"{quoted(callee)} takes {what} for {quoted(param or 'weights')}" if callee else f"expected {what}"
    hint = f" (e.g. {quoted(example)})" if example else ""
    return Diagnostic(WEIGHTS_MISMATCH, f"{head}, not the Enum class {quoted(enum)} itself{hint}")


def entry_not_accepted(accepted: str, *, callee: str | None = None, param: str | None = None) -> Diagnostic:
    who = f"{quoted(callee)} does not accept a bare WeightEntry for {quoted(param or 'weights')}" if callee else (
        "this builder does not accept a bare WeightEntry"
    )
    return Diagnostic(WEIGHTS_MISMATCH, f"{who}; it takes {accepted}")


def wrong_weights_type(accepted: str, received: str, *, callee: str | None = None, param: str | None = None) -> Diagnostic:
    head = (
        f"{quoted(callee)} takes {accepted}, a member name or None for {quoted(param or 'weights')}"
        if callee
        else f"expected {accepted}, a member name or None"
    )
    return Diagnostic(WEIGHTS_MISMATCH, f"{head}, got {quoted(received)}")


def unknown_weights(
    name: str, valid: Sequence[str], accepted: str, *, suggestion: str | None, callee: str | None = None
) -> Diagnostic:
    where = f" for {quoted(callee)}" if callee else ""
    hint = f" (did you mean {quoted(suggestion)}?)" if suggestion else ""
    names = ", ".join(sorted(valid)) or "(none)"
    guess = (name, _with_last_part(name, suggestion)) if suggestion else None
    return Diagnostic(WEIGHTS_UNKNOWN, f"Unknown weights {quoted(name)}{where}{hint}; valid names of {accepted}: {names}", suggestion=guess)


def _with_last_part(name: str, last: str) -> str:
    """``ResNet50_Weights.IMAGENT1K_V1`` with its member named ``last`` (a plain name: ``last``)."""
    head, dot, _ = name.rpartition(".")
    return f"{head}{dot}{last}"


def ambiguous_weights(name: str, options: Sequence[str], *, callee: str) -> Diagnostic:
    choices = ", ".join(quoted(option) for option in options)
    return Diagnostic(WEIGHTS_UNKNOWN, f"{quoted(name)} is ambiguous for {quoted(callee)}: use one of {choices}")


def unknown_weights_enum(name: str, *, suggestion: str | None) -> Diagnostic:
    hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
    enum, dot, member = name.partition(".")
    guess = (name, f"{suggestion}.{member}") if suggestion and dot else None
    return Diagnostic(WEIGHTS_UNKNOWN, f'Unknown weights Enum in {quoted(name)} (expected "EnumName.MEMBER"){hint}', suggestion=guess)


def no_such_member(enum: str, member: str, *, suggestion: str | None) -> Diagnostic:
    hint = f"; did you mean {quoted(f'{enum}.{suggestion}')}?" if suggestion else ""
    guess = (f"{enum}.{member}", f"{enum}.{suggestion}") if suggestion else None
    return Diagnostic(WEIGHTS_UNKNOWN, f"{quoted(enum)} has no member {quoted(member)}{hint}", suggestion=guess)


def unexpected_keyword(callee: str, name: str, suggestions: Sequence[str]) -> Diagnostic:
    """mypy's own sentence (``weightlink check`` says what mypy with the plugin says)."""
    hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else ""
    return Diagnostic(CALL_ARG, f"Unexpected keyword argument {quoted(name)} for {quoted(callee)}{hint}")


def no_such_attribute(enum: str, name: str) -> Diagnostic:
    """mypy's own sentence for a missing class attribute (it suggests nothing for classes)."""
    return Diagnostic(ATTR_DEFINED, f'"type[{enum}]" has no attribute {quoted(name)}')


def _or_list(items: Sequence[str]) -> str:
    quoted_items = [quoted(item) for item in items]
    if len(quoted_items) <= 2:
        return " or ".join(quoted_items)
    return ", ".join(quoted_items[:-1]) + ", or " + quoted_items[-1]


# -- registry (model-unknown) ---------------------------------------------------------------------


def unknown_model(name: str, registry: str, *, suggestion: str | None) -> Diagnostic:
    hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
    guess = (name, suggestion) if suggestion else None
    return Diagnostic(MODEL_UNKNOWN, f"Unknown model {quoted(name)} in the {registry} registry{hint}", suggestion=guess)


# -- meta (weights-meta-conflict) -----------------------------------------------------------------


def meta_conflict(param: str, value: object, weights: str, expected: object, weights_param: str = "weights") -> Diagnostic:
    return Diagnostic(
        WEIGHTS_META_CONFLICT,
        f"{param}={value!r} conflicts with weights {quoted(weights)}, which set {param}={expected!r}; "
        f"drop {param}= or use {weights_param}=None",
    )


def legacy_meta_conflict(
    param: str,
    value: object,
    weights: str,
    expected: object,
    *,
    legacy: str,
    weights_param: str = "weights",
    after_loading: str | None = None,
) -> Diagnostic:
    """A legacy call whose other argument conflicts with the weights ``legacy`` (``pretrained=True``)
    loads: torchvision >= 0.13 maps the call to those weights and rejects the argument."""
    head = (
        f"{param}={value!r} conflicts with weights {quoted(weights)} (what {legacy} loads), which set "
        f"{param}={expected!r}: the call raises ValueError on torchvision >= 0.13; "
    )
    if after_loading:
        fix = (
            f"for the model older torchvision built, use {weights_param}={weights} without {param}=, "
            f"then: {after_loading}"
        )
    else:
        fix = f"drop {param}= or use {weights_param}=None"
    return Diagnostic(WEIGHTS_META_CONFLICT, head + fix)


def fixed_argument_conflict(builder: str, param: str, value: object, expected: object) -> Diagnostic:
    """A builder that always sets an argument (resnext50_32x4d sets ``groups=32``)."""
    return Diagnostic(
        WEIGHTS_META_CONFLICT,
        f"{param}={value!r} conflicts with {quoted(builder)}, which always sets {param}={expected!r}; drop {param}=",
    )


# -- the legacy interface (weights-legacy) --------------------------------------------------------


def _legacy_where(builder: str, legacy_param: str, positional: bool) -> str:
    where = f"The positional {legacy_param} argument" if positional else f"{legacy_param}="
    return f"{where} of {quoted(builder)}"


def legacy_replaced(
    builder: str,
    legacy_param: str,
    weights_param: str,
    replacement: str,
    *,
    positional: bool = False,
    default_now: str | None = None,
    legacy_value: str = "True",
) -> Diagnostic:
    """The exact replacement; ``default_now`` when the old weights are no longer DEFAULT."""
    note = f" (the weights {legacy_param}={legacy_value} loaded; DEFAULT is now {default_now})" if default_now else ""
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"{_legacy_where(builder, legacy_param, positional)} is deprecated; use {weights_param}={replacement}{note}",
        fix=f"{weights_param}={replacement}",
    )


def legacy_false(builder: str, legacy_param: str, weights_param: str, value: str, *, positional: bool = False) -> Diagnostic:
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"{_legacy_where(builder, legacy_param, positional)} is deprecated ({legacy_param}={value}); "
        f"use {weights_param}=None",
        fix=f"{weights_param}=None",
    )


def legacy_unresolved(
    builder: str, legacy_param: str, weights_param: str, accepted: str, *, positional: bool = False, reason: str | None = None
) -> Diagnostic:
    because = f" ({reason})" if reason else ""
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"{_legacy_where(builder, legacy_param, positional)} is deprecated; pass {weights_param}= "
        f"with a member of {accepted}{because}",
    )


def legacy_never_had_weights(builder: str, legacy_param: str, weights_param: str, accepted: str) -> Diagnostic:
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"{quoted(builder)} never had legacy weights, so {legacy_param}=True has no replacement; "
        f"choose a member of {accepted} for {weights_param}=",
    )


def legacy_and_weights(builder: str, legacy_param: str, weights_param: str) -> Diagnostic:
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"{quoted(builder)} is given both {legacy_param}= and {weights_param}=; "
        f"{legacy_param} is deprecated, pass only {weights_param}=",
    )


def legacy_positional(builder: str, keywords: str) -> Diagnostic:
    """Other arguments passed in the old positional form: ``keywords`` is ``progress=False, ...``."""
    return Diagnostic(
        WEIGHTS_LEGACY, f"positional arguments to {quoted(builder)} are deprecated; pass them by keyword: {keywords}"
    )


# Why the member an old call loaded cannot be named statically (the reason of `legacy_unresolved`).


def depends_on_complex_argument(param: str) -> str:
    return f"the weights depend on {param}=, which is not a simple expression"


def depends_on_unknown_builder_name(param: str) -> str:
    return f"the weights depend on {param}=, which is not a known builder name"


def legacy_default_unreadable() -> str:
    return "the legacy default could not be read statically"


def compat_branch_left(library: str, version: str | None, *, picked_at_run_time: bool = False) -> str:
    """A legacy call in a branch for an old version of the library (see `weightlink.rules.compat`)."""
    which = f"{library} < {version}" if version else f"an older {library}"
    how = " (its builder is picked at run time)" if picked_at_run_time else ""
    return f"compatibility branch for {which}{how}: left as is"


def hub_pinned_before_weights(repo: str, version: str) -> str:
    """``torch.hub.load("pytorch/vision:v0.10.0", ...)``: that release's builders have no weights=."""
    return f'"{repo}" is torchvision {version}, before weights= (0.13): pretrained= is right there; left as is'


# -- codemod reports --------------------------------------------------------------------------------


def dynamic_builder_call(legacy_param: str = "pretrained") -> str:
    """``getattr(models, arch)(pretrained=True)``: the builder is picked at run time."""
    return (
        f"{legacy_param}= is deprecated, and this call's builder is picked at run time: cannot tell its "
        "weights; write weights=<its Enum>.<member> (e.g. with get_model_weights(name))"
    )


def dynamic_builder_false(legacy_param: str, weights_param: str, value: str) -> str:
    """``getattr(models, arch)(pretrained=False)``: whatever the builder, nothing was loaded."""
    return f"{legacy_param}= is deprecated ({legacy_param}={value}, and this call's builder is picked at run time); use {weights_param}=None"


def star_import_may_rebind(name: str, module: str, line: int) -> str:
    """A builder's name that a later star import of an unreadable module may rebind."""
    return f'not checked: "from {module} import *" (line {line}) may rebind {quoted(name)}'


def dynamic_builder_rewritten() -> str:
    """Why ``weights="DEFAULT"`` for a builder picked at run time is an unsafe fix."""
    return "DEFAULT may not be the weights the old call loaded"


def splat_hides_legacy() -> str:
    return "a *args/**kwargs splat hides which arguments are legacy; migrate by hand"


def legacy_from_splat(builder: str, legacy_params: Sequence[str], splat: str) -> str:
    """Explicit legacy arguments were migrated; the splat may still hold others."""
    names = ", ".join(f"{name}=" for name in legacy_params)
    return f"{builder}(): {names} may also come from {splat}; check what it holds"


def too_many_positional(builder: str) -> str:
    return f"more positional arguments than {builder}() ever took"


def names_taken(enum: str, module: str) -> str:
    return f"{enum} and {module} are both taken by local names here; migrate by hand"


def fix_needs_newer(library: str, since: str, why: str) -> str:
    """A rewrite that would break a release the file or the project still supports (an unsafe fix)."""
    return f"the rewrite needs {library} >= {since}, but {why}"


def supports_older_in_file(library: str, line: int) -> str:
    return f"this file also runs on older {library} (the branch at line {line})"


def supports_older_in_project(library: str, requirement: str, source: str, since: str) -> str:
    return f"the project admits older {library} ({source}: {requirement}; requiring {library}>={since} makes it safe)"


def prefer_default_changes(old: str, default_member: str) -> str:
    return f"--prefer-default changes the weights: {old} -> DEFAULT ({default_member})"


# -- generated stubs --------------------------------------------------------------------------------


def registry_arguments_rejected(function: str, name: str, builder: str, accepted: str | None) -> str:
    """A registry lookup by a literal name (``get_model("resnet50", ...)``) whose other arguments fit
    no signature of the builder: the stubs' catch-all overload for that name says so."""
    weights = f"; weights= takes {accepted}, a member name or None" if accepted else ""
    return f"{function}({quoted(name)}, ...) is given arguments {quoted(builder)} does not take{weights}"


# -- timm: model names in strings ("arch" or "arch.tag") --------------------------------------------


def timm_name_deprecated(name: str, replacement: str, *, matching: str | None = None, matching_known: bool = True) -> Diagnostic:
    """``matching``: when timm's own map sends the name to another architecture, the name whose
    architecture matches the old one (the rewrite still follows timm: it keeps what the call builds)."""
    if matching:
        known = "" if matching_known else ", which this timm does not register"
        because = (
            f"timm maps it to {quoted(replacement)}, another architecture: that is what the old name builds now, "
            f"so the rewrite keeps it; the model the old name stood for is {quoted(matching)}{known}"
        )
    else:
        because = "the same model and weights; timm may remove the old name in any release"
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"timm model name {quoted(name)} is deprecated; use {quoted(replacement)} ({because})",
        fix=quoted(replacement),
    )


def name_in_constant(constant: str, replacement: str) -> str:
    """Why a string a constant holds is not rewritten at the call (the constant may be used elsewhere)."""
    return f"the name comes from {constant}, which may be used elsewhere: set {constant} to {quoted(replacement)}"


def timm_name_in_constant(name: str, constant: str, replacement: str) -> str:
    """The codemod's report for a deprecated name that comes from a constant (it may be used elsewhere)."""
    return f"timm model name {quoted(name)} (the value of {constant}) is deprecated; set {constant} to {quoted(replacement)}"


def timm_name_removed(name: str) -> Diagnostic:
    return Diagnostic(MODEL_UNKNOWN, f"timm model {quoted(name)} was removed from timm, with no replacement")


def timm_unknown_tag(arch: str, tag: str, tags: Sequence[str], *, suggestion: str | None) -> Diagnostic:
    hint = f" (did you mean {quoted(f'{arch}.{suggestion}')}?)" if suggestion else ""
    tags = [tag for tag in tags if tag]  # "" is the untagged cfg of an old-style module
    listed = listing(tags, 12)
    known = f"its tags: {listed}" if tags else "it has no pretrained tags"
    guess = (f"{arch}.{tag}", f"{arch}.{suggestion}") if suggestion else None
    return Diagnostic(WEIGHTS_UNKNOWN, f"Unknown pretrained tag {quoted(tag)} of timm model {quoted(arch)}{hint}; {known}", suggestion=guess)


def timm_no_pretrained_weights(name: str, weighted: Sequence[str]) -> Diagnostic:
    others = f"; tags with weights: {', '.join(weighted[:6])}" if weighted else ""
    return Diagnostic(
        WEIGHTS_UNKNOWN,
        f"timm model {quoted(name)} has no pretrained weights: pretrained=True only logs a warning and the model "
        f"starts from random initialisation{others}",
    )


# -- a callee that is one of several builders -------------------------------------------------------


def legacy_replaced_at_run_time(legacy_param: str, weights_param: str, replacement: str, builders: Sequence[str]) -> Diagnostic:
    """A legacy keyword where the callee is one of several builders, picked at run time (``ZOO[name]``
    bound to a variable, ``a if c else b``, a loop over builders), and one replacement is right for
    each of them: ``None``, or a member name every builder's old call loaded (builders take a
    member's name as a string and look it up in their own Enum). ``builders``: their names."""
    names = sorted(builders)
    shown = _or_list(names) if len(names) <= 4 else ", ".join(quoted(n) for n in names[:3]) + f", or {len(names) - 3} more"
    return Diagnostic(
        WEIGHTS_LEGACY,
        f"{legacy_param}= is deprecated, and this call's builder is picked at run time ({shown}); "
        f"use {weights_param}={replacement}, right for each of them",
        fix=f"{weights_param}={replacement}",
    )


def depends_on_splat(param: str, splat: str) -> str:
    """The reason of `legacy_unresolved` when the member depends on an argument the call does not
    pass by name but a splat (``**kwargs``) may hold (``quantize=`` of a quantized builder)."""
    return f"the weights depend on {param}=, which {splat} may hold"
