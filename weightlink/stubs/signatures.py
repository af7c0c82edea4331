"""Function signatures as a stub writes them: parameters, ``@overload`` groups, decorators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from weightlink.catalog.model import Param, ParamKind

_KIND_ORDER: dict[ParamKind, int] = {
    "positional": 0,
    "positional_or_keyword": 1,
    "var_positional": 2,
    "keyword_only": 3,
    "var_keyword": 4,
}
_MAX_LINE = 110


@dataclass(frozen=True)
class StubParam:
    name: str
    kind: ParamKind
    annotation: str | None  # as written in the stub; None leaves it bare (``self``, ``cls``)
    has_default: bool = False


@dataclass(frozen=True)
class Signature:
    params: tuple[StubParam, ...]
    returns: str
    decorators: tuple[str, ...] = ()  # as written, without the "@"; "overload" is added for groups
    deprecated: str | None = None  # the message of ``@deprecated(...)``


@dataclass
class FunctionStub:
    name: str
    signatures: list[Signature] = field(default_factory=list)
    is_async: bool = False

    def lines(self, overload: str, deprecated: str, indent: str = "") -> list[str]:
        """``overload`` and ``deprecated`` are how this file writes those decorators."""
        grouped = len(self.signatures) > 1
        lines: list[str] = []
        for signature in self.signatures:
            decorators = ([overload] if grouped else []) + list(signature.decorators)
            if signature.deprecated is not None:
                decorators.append(f"{deprecated}({signature.deprecated!r})")
            lines.extend(f"{indent}@{decorator}" for decorator in decorators)
            lines.extend(_def_lines(self.name, signature, indent, self.is_async))
        return lines


def with_valid_order(params: Sequence[StubParam]) -> list[StubParam]:
    """Parameters in the order Python requires: by kind, and no required positional parameter after
    one with a default (such a parameter becomes keyword-only, which every call by keyword still fits)."""
    ordered = sorted(params, key=lambda p: _KIND_ORDER[p.kind])
    result: list[StubParam] = []
    seen_default = False
    for param in ordered:
        if param.kind in ("positional", "positional_or_keyword"):
            if seen_default and not param.has_default:
                param = replace(param, kind="keyword_only")
            seen_default = seen_default or param.has_default
        result.append(param)
    return sorted(result, key=lambda p: _KIND_ORDER[p.kind])


def stub_param(param: Param, annotation: str | None) -> StubParam:
    has_default = param.default is not None
    return StubParam(param.name, param.kind, annotation, has_default)


def _param_text(param: StubParam) -> str:
    stars = {"var_positional": "*", "var_keyword": "**"}.get(param.kind, "")
    text = f"{stars}{param.name}"
    if param.annotation is not None:
        text += f": {param.annotation}"
        if param.has_default:
            text += " = ..."
    elif param.has_default:
        text += "=..."
    return text


def _param_texts(params: Sequence[StubParam]) -> list[str]:
    texts: list[str] = []
    kinds = [p.kind for p in params]
    for index, param in enumerate(params):
        if param.kind == "keyword_only" and "var_positional" not in kinds and (
            index == 0 or params[index - 1].kind != "keyword_only"
        ):
            texts.append("*")
        texts.append(_param_text(param))
        is_last_positional = param.kind == "positional" and (index + 1 == len(params) or params[index + 1].kind != "positional")
        if is_last_positional:
            texts.append("/")
    return texts


def _def_lines(name: str, signature: Signature, indent: str, is_async: bool) -> list[str]:
    keyword = "async def" if is_async else "def"
    texts = _param_texts(signature.params)
    one_line = f"{indent}{keyword} {name}({', '.join(texts)}) -> {signature.returns}: ..."
    if len(one_line) <= _MAX_LINE:
        return [one_line]
    inner = indent + "    "
    return [
        f"{indent}{keyword} {name}(",
        *(f"{inner}{text}," for text in texts),
        f"{indent}) -> {signature.returns}: ...",
    ]
