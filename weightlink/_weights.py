"""`Weights`: the base of every weights Enum, with the `check_type` run-time guard."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from typing import Any, Literal, TypeVar, overload

from weightlink._entry import WeightEntry
from weightlink._suggest import unknown_name_message

W = TypeVar("W", bound="Weights")

# Name -> member tables per Enum class, built on first lookup. A new subclass (a per-language
# family defined later) can add names to a base class's table, so defining one clears them all.
_NAME_TABLES: dict[type[Weights], dict[str, Weights | tuple[Weights, ...]]] = {}


class Weights(Enum):
    """Base of every weights Enum: one member-bearing Enum per builder, values are `WeightEntry`.

    A member-less subclass can serve as the base of a family (``SpeechWeights`` with
    ``EnglishSpeechWeights(SpeechWeights)`` per language); a builder typed with the base accepts
    members of every subclass.
    """

    _value_: WeightEntry

    def __init__(self, entry: object) -> None:
        if not isinstance(entry, WeightEntry):
            raise TypeError(
                f"{type(self).__name__}.{self._name_} must be a WeightEntry, got {type(entry).__name__}"
            )

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _NAME_TABLES.clear()
        # Python 3.11+ creates members before this hook runs (3.10 skips the check). Two members
        # with equal entries silently become one: only DEFAULT may alias another member.
        for name, member in cls.__members__.items():
            if name != member._name_ and name != "DEFAULT":
                raise ValueError(
                    f"{cls.__name__}.{name} has the same WeightEntry as {cls.__name__}.{member._name_}, "
                    f"so Enum made it an alias; give it its own entry (only DEFAULT may alias a member)"
                )

    # Pickle by qualified name: the entry's transforms may be a lambda, and a member must come
    # back as the very same object.
    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return getattr, (type(self), self._name_)

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self._name_}"

    @property
    def entry(self) -> WeightEntry:
        return self._value_

    @property
    def url(self) -> str:
        return self._value_.url

    @property
    def meta(self) -> Mapping[str, Any]:
        return self._value_.meta

    @property
    def transforms(self) -> Callable[..., Any] | None:
        return self._value_.transforms

    @property
    def latest(self) -> bool:
        return self._value_.latest

    def state_dict(
        self,
        progress: bool = True,
        *,
        model_dir: str | os.PathLike[str] | None = None,
        map_location: Any = "cpu",
        check_hash: bool = True,
    ) -> dict[str, Any]:
        """Load this member's weights; see `WeightEntry.state_dict`."""
        return self._value_.state_dict(
            progress, model_dir=model_dir, map_location=map_location, check_hash=check_hash
        )

    @overload
    @classmethod
    def check_type(cls: type[W], obj: object, *, allow_entry: Literal[False] = False) -> W | None: ...

    @overload
    @classmethod
    def check_type(
        cls: type[W], obj: object, *, allow_entry: Literal[True]
    ) -> W | WeightEntry | None: ...

    @classmethod
    def check_type(cls: type[W], obj: object, *, allow_entry: bool = False) -> W | WeightEntry | None:
        """Resolve what a caller passed as ``weights=`` to a member of this Enum (or None).

        Accepts None, a member of this Enum or of a subclass, a member name (``"IMAGENET1K_V1"``,
        ``"DEFAULT"``), a qualified name (``"ResNet50Weights.IMAGENET1K_V1"``), and a bare
        `WeightEntry` when ``allow_entry`` is true (builders typed
        ``Optional[Union[XWeights, WeightEntry]]``). Anything else raises: `TypeError` for a wrong
        type (naming the expected and the received class), `ValueError` for an unknown name.
        """
        if obj is None or isinstance(obj, cls):
            return obj
        if isinstance(obj, str):
            return cls.from_name(obj)
        if isinstance(obj, WeightEntry):
            if allow_entry:
                return obj
            raise TypeError(
                f"expected a {cls.__name__} member, got a bare WeightEntry: this builder does not "
                f"accept custom weight entries"
            )
        received = f"{obj!r} ({type(obj).__name__})" if isinstance(obj, Weights) else type(obj).__name__
        accepted = f"{cls.__name__}{', a WeightEntry' if allow_entry else ''}"
        raise TypeError(f"expected {accepted}, a member name or None, got {received}")

    @classmethod
    def from_name(cls: type[W], name: str) -> W:
        """The member called ``name``: ``"MEMBER"``, ``"Class.MEMBER"`` or ``"module.Class.MEMBER"``."""
        table = _NAME_TABLES.get(cls)
        if table is None:
            table = _NAME_TABLES[cls] = _build_name_table(cls)
        found = table.get(name)
        if found is None and name.count(".") >= 2:
            found = table.get(".".join(name.rsplit(".", 2)[-2:]))
        if isinstance(found, cls):
            return found
        if isinstance(found, tuple):
            options = ", ".join(f"{type(member).__name__}.{name}" for member in found)
            raise ValueError(f"{name!r} is ambiguous for {cls.__name__}; use one of: {options}")
        raise ValueError(_unknown_member_message(cls, name, table))

    @classmethod
    def get_latest(cls: type[W]) -> W:
        """The member ``DEFAULT`` aliases, else the only member marked ``latest=True``."""
        default = cls.__members__.get("DEFAULT")
        if default is not None:
            return default
        latest = [member for member in cls if member.latest]
        if len(latest) == 1:
            return latest[0]
        if not latest:
            families = ", ".join(sub.__name__ for sub in _family(cls) if sub is not cls)
            where = f" (ask a subclass: {families})" if families and not len(cls) else ""
            raise ValueError(f"{cls.__name__} has no member marked latest=True{where}")
        names = ", ".join(member._name_ for member in latest)
        raise ValueError(f"{cls.__name__} marks several members latest ({names}); define DEFAULT")


def _family(cls: type[Weights]) -> Iterator[type[Weights]]:
    """``cls`` and every subclass Enum, depth first."""
    yield cls
    for sub in cls.__subclasses__():
        yield from _family(sub)


def _build_name_table(cls: type[Weights]) -> dict[str, Weights | tuple[Weights, ...]]:
    table: dict[str, Weights | tuple[Weights, ...]] = {}
    for enum_cls in _family(cls):
        for name, member in enum_cls.__members__.items():
            table[f"{enum_cls.__name__}.{name}"] = member
            previous = table.get(name)
            if previous is None or previous is member:
                table[name] = member
            else:  # the same plain name in two subclasses: only qualified lookups can choose
                before = previous if isinstance(previous, tuple) else (previous,)
                table[name] = (*before, member)
    return table


def _unknown_member_message(
    cls: type[Weights], name: str, table: Mapping[str, object]
) -> str:
    owner = _owner_elsewhere(name)
    if owner is not None:
        return f"{name!r} is a member of {owner.__name__}, expected a member of {cls.__name__}"
    if "." in name:
        # "SpeechWeights.EN_GB_V1": suggest the qualified name that exists (EnglishSpeechWeights.EN_GB_V1).
        qualified = [key for key in table if "." in key]
        return unknown_name_message(f"{cls.__name__} member", name, qualified, compare=".".join(name.rsplit(".", 2)[-2:]))
    return unknown_name_message(f"{cls.__name__} member", name, [key for key in table if "." not in key])


def _owner_elsewhere(name: str) -> type[Weights] | None:
    """The Enum a qualified name like ``"ResNet101Weights.X"`` belongs to, if it is not ours."""
    if "." not in name:
        return None
    class_name, member = name.rsplit(".", 2)[-2:]
    for enum_cls in _family(Weights):
        if enum_cls.__name__ == class_name and member in enum_cls.__members__:
            return enum_cls
    return None
