"""`Weights`: the base of every weights Enum, with the `check_type` run-time guard."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar, overload

from weightlink._entry import WeightEntry
from weightlink.rules import messages
from weightlink.rules.names import closest, parse_weights_name

W = TypeVar("W", bound="Weights")
P = ParamSpec("P")
R = TypeVar("R")


def _signature_of(
    entry_method: Callable[Concatenate[WeightEntry, P], R],
) -> Callable[[Callable[..., Any]], Callable[Concatenate[Any, P], R]]:
    """A member method that calls the same method of its entry, typed with that method's parameters
    (declared once, on `WeightEntry`)."""

    def decorate(method: Callable[..., Any]) -> Callable[Concatenate[Any, P], R]:
        return method

    return decorate

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

    @_signature_of(WeightEntry.state_dict)
    def state_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Load this member's weights; see `WeightEntry.state_dict`."""
        return self._value_.state_dict(*args, **kwargs)

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
        accepted = messages.accepted_text([cls.__name__], accepts_entry=allow_entry)
        if isinstance(obj, WeightEntry):
            if allow_entry:
                return obj
            raise TypeError(messages.entry_not_accepted(accepted).message)
        if isinstance(obj, Weights):
            same_name = _member_named(cls, obj._name_)
            raise TypeError(
                messages.weights_mismatch(
                    accepted,
                    repr(obj),
                    did_you_mean=repr(same_name) if same_name is not None else None,
                    example=f"{cls.__name__}.DEFAULT" if "DEFAULT" in cls.__members__ else None,
                ).message
            )
        if isinstance(obj, type) and issubclass(obj, Weights):
            example = f"{cls.__name__}.DEFAULT" if "DEFAULT" in cls.__members__ else None
            other = None if issubclass(obj, cls) else accepted
            raise TypeError(messages.enum_class_given(obj.__name__, accepted=other, example=example).message)
        raise TypeError(messages.wrong_weights_type(accepted, type(obj).__name__).message)

    @classmethod
    def from_name(cls: type[W], name: str) -> W:
        """The member called ``name``: ``"MEMBER"``, ``"Class.MEMBER"`` or ``"module.Class.MEMBER"``."""
        table = _name_table(cls)
        parsed = parse_weights_name(name)
        found = table.get(parsed.qualified)
        if isinstance(found, cls):
            return found
        if isinstance(found, tuple):
            options = [f"{type(member).__name__}.{parsed.member}" for member in found]
            raise ValueError(messages.ambiguous_weights(name, options, callee=cls.__name__).message)
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


def _name_table(cls: type[Weights]) -> dict[str, Weights | tuple[Weights, ...]]:
    table = _NAME_TABLES.get(cls)
    if table is None:
        table = _NAME_TABLES[cls] = _build_name_table(cls)
    return table


def _member_named(cls: type[Weights], name: str) -> Weights | None:
    """The member of ``cls`` (or of one of its subclasses) with this plain name, when there is one."""
    found = _name_table(cls).get(name)
    return found if isinstance(found, Weights) else None


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
    accepted = messages.accepted_text([cls.__name__])
    parsed = parse_weights_name(name)
    owner = _owner_elsewhere(parsed.enum, parsed.member)
    if owner is not None:
        same_name = _member_named(cls, parsed.member)
        return messages.weights_mismatch(
            accepted,
            name,
            given_as_name=True,
            did_you_mean=repr(same_name) if same_name is not None else None,
        ).message
    plain = [key for key in table if "." not in key]
    if parsed.enum:
        # "SpeechWeights.EN_GB_V1": suggest the qualified name that exists (EnglishSpeechWeights.EN_GB_V1).
        qualified = [key for key in table if "." in key]
        return messages.unknown_weights(name, plain, accepted, suggestion=closest(parsed.qualified, qualified)).message
    return messages.unknown_weights(name, plain, accepted, suggestion=closest(name, plain)).message


def _owner_elsewhere(enum_name: str | None, member: str) -> type[Weights] | None:
    """The Enum a qualified name like ``"ResNet101Weights.X"`` belongs to, if it is not ours."""
    if enum_name is None:
        return None
    for enum_cls in _family(Weights):
        if enum_cls.__name__ == enum_name and member in enum_cls.__members__:
            return enum_cls
    return None
