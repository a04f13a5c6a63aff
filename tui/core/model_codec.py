"""The model's dataclasses as msgpack, laid out from their fields and type hints: data, never code.

The parsed-dataset cache stores a `Dataset` this way instead of as a pickle, which can run any
code when loaded. Nothing here names a model class: the layout is read from `dataclasses.fields`
and the type hints, so a field added to the model is stored without a change here.

The layout is columnar. A class's objects are one table: a column per field, each column the
values of every object in order. A field holding dataclasses (`Site.contingents`,
`Mission.key_dates`, `Dataset.sources`, an optional one) is stored as how many each object holds,
and the held objects as a table of their own. A column with few distinct values (a country, a
status, a list of source ids) is stored once per value, with an index per object. Dates are day
numbers.

Why columns: decoding is then loops in C. Every object of a class is made with `object.__new__`
and each field is set for all of them at once through its slot, instead of a call of the
dataclass's `__init__` per object, which is where both pickle and a row-by-row decoder spend their
time (0.26 s for 10,000 sites). Decoded this way, a 10,000-site model loads faster than the
pickle did, from a smaller entry (measure with `benchmarks/cache_formats.py`). A class with a
`__post_init__` or fields outside `__init__` is still built through `__init__`.

Any entry that does not fit the layout (another model version, a damaged file) raises an
exception; the cache then rebuilds the entry. So does an entry that fits the layout but holds a
value of another type than its field's (a number where a name belongs, nothing where a date is
required, a word outside a Literal): each column is checked against its field's type hint as it
is decoded, one pass over its distinct values, so a model decoded here holds what its type hints
say, as one built by the loader does. An entry with the right checksum can be wrong all the same
(written by a buggy release, or by hand), and the model it gave crashed every launch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import types
import typing
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from itertools import chain, islice, repeat
from typing import Any, Literal, TypeVar

import msgpack  # type: ignore[import-untyped]  # no stubs, no py.typed

T = TypeVar("T")

Later = frozenset[tuple[str, str]]
"""Fields stored for later, as (class name, field name): see `loads_head`."""

Kind = Literal["plain", "date", "one", "many", "map"]
"""How a field is stored: as is, as a day number, or as objects held in a table of their own
(one or none, a tuple of them, a dict of them by str key)."""


class LayoutError(ValueError):
    """An entry that does not fit the model's layout."""


class _Plain:
    """What a plain field may hold, read from its type hint: the exact types of its values, the
    words a Literal allows, and for a tuple what its items may be. `check` raises LayoutError
    for any value outside it."""

    __slots__ = ("items", "kinds", "words")

    def __init__(self, hint: Any) -> None:
        self.kinds: set[type[Any]] = set()
        self.words: frozenset[Any] | None = None
        self.items: _Plain | None = None
        self._add(hint)

    def _add(self, hint: Any) -> None:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            for arg in args:
                self._add(arg)
        elif origin is Literal:
            self.words = (self.words or frozenset()) | frozenset(args)
            self.kinds |= {type(a) for a in args}
        elif origin is tuple:
            self.kinds.add(tuple)
            self.items = _Plain(args[0])
        elif hint is type(None) or hint is None:
            self.kinds.add(type(None))
        else:
            # As type checkers read hints: a bool is an int, an int will do for a float.
            self.kinds |= {float: {float, int, bool}, int: {int, bool}}.get(hint, {hint})

    def check(self, values: Sequence[Any], where: str) -> None:
        kinds = set(map(type, values))
        if not kinds <= self.kinds:
            wrong = ", ".join(sorted(k.__name__ for k in kinds - self.kinds))
            raise LayoutError(f"{where}: holds {wrong}")
        if self.words is not None:
            words = {v for v in values if v is not None and type(v) is not tuple}
            if not words <= self.words:
                raise LayoutError(f"{where}: holds a value its Literal does not allow")
        if self.items is not None and tuple in kinds:
            held = list(chain.from_iterable(v for v in values if type(v) is tuple))
            self.items.check(held, where)


class _Column:
    """One field's column: its name, how it is stored, the table of what it holds, whether it
    may be None, and (a plain field) what its values may be."""

    __slots__ = ("kind", "name", "nullable", "plain", "table")

    def __init__(
        self,
        name: str,
        kind: Kind,
        table: _Table | None = None,
        *,
        nullable: bool = False,
        plain: _Plain | None = None,
    ) -> None:
        self.name, self.kind, self.table = name, kind, table
        self.nullable, self.plain = nullable, plain


class _Table:
    """How one dataclass is stored, read from its fields and type hints."""

    def __init__(
        self, cls: type[Any], seen: tuple[type[Any], ...] = (), later: Later = frozenset()
    ) -> None:
        if cls in seen:
            raise TypeError(f"{cls.__name__} holds itself: not stored by columns")
        self.cls = cls
        every = dataclasses.fields(cls)
        self.columns = tuple(
            _column(f.name, _hint(cls, f.type), (*seen, cls), later) for f in every if f.init
        )
        by_slots = (
            "__slots__" in cls.__dict__
            and not hasattr(cls, "__post_init__")
            and all(f.init for f in every)
        )
        self.setters: tuple[Callable[[Any, Any], None], ...] = (
            tuple(getattr(cls, c.name).__set__ for c in self.columns) if by_slots else ()
        )
        """Each field's slot setter, when objects are made without `__init__`."""
        self.later = tuple(
            (cls.__name__, c.name) in later and c.table is not None for c in self.columns
        )
        """Columns stored as a msgpack blob of their own, decoded only when their `finish` is
        called (fields of objects made by slots; in other tables they are decoded at once)."""

    def encode(self, objects: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for column, later in zip(self.columns, self.later, strict=True):
            encoded = _encode_column(column, [getattr(o, column.name) for o in objects])
            out.append(msgpack.packb(encoded, use_bin_type=True) if later else encoded)
        return out

    def decode(
        self, data: Sequence[Any], count: int, pending: list[Callable[[], None]] | None = None
    ) -> list[Any]:
        """`count` objects from their columns. A column stored for later is decoded at once,
        unless `pending` is given: then a call that decodes and sets it is appended there, and
        until it runs that field of every object is unset."""
        if len(data) != len(self.columns):
            raise LayoutError(f"{self.cls.__name__}: {len(data)} columns")
        by_slots = bool(self.setters)
        columns: list[Sequence[Any] | None] = []
        blobs: list[tuple[int, bytes]] = []
        for at, (column, stored, later) in enumerate(
            zip(self.columns, data, self.later, strict=True)
        ):
            if later:
                if not isinstance(stored, bytes):
                    raise LayoutError(f"{self.cls.__name__}.{column.name}: not a blob")
                if pending is not None and by_slots:
                    blobs.append((at, stored))
                    columns.append(None)
                    continue
                stored = _unpack(stored)
            # The common case, a column stored as is, without a call: small tables are many.
            plain = column.kind == "plain" and type(stored) is tuple and len(stored) == 1
            if plain:
                values = stored[0]
                if type(values) is not tuple:
                    raise LayoutError(f"{self.cls.__name__}.{column.name}: not a column")
                assert column.plain is not None
                column.plain.check(values, f"{self.cls.__name__}.{column.name}")
            else:
                values = self._values(column, stored, pending)
            if len(values) != count:
                raise LayoutError(f"{self.cls.__name__}.{column.name}: {len(values)} values")
            columns.append(values)
        if not self.columns:
            return [self.cls() for _ in range(count)]
        if not by_slots:
            return [self.cls(*row) for row in zip(*columns, strict=True)]
        objects = list(map(object.__new__, repeat(self.cls, count)))
        for set_all, values in zip(self.setters, columns, strict=True):
            if values is not None:
                deque(map(set_all, objects, values), 0)
        if pending is not None:
            pending += [self._decode_later(objects, at, blob) for at, blob in blobs]
        return objects

    def _decode_later(self, objects: list[Any], at: int, blob: bytes) -> Callable[[], None]:
        """A call that decodes column `at` from `blob` and sets it on `objects`."""
        column, set_all = self.columns[at], self.setters[at]

        def finish() -> None:
            values = self._values(column, _unpack(blob))
            if len(values) != len(objects):
                raise LayoutError(f"{self.cls.__name__}.{column.name}: {len(values)} values")
            deque(map(set_all, objects, values), 0)

        return finish

    def _values(
        self, column: _Column, stored: Any, pending: list[Callable[[], None]] | None = None
    ) -> list[Any]:
        """A column's values from what was stored, each checked against the field's type."""
        where = f"{self.cls.__name__}.{column.name}"
        if type(stored) is not tuple:
            raise LayoutError(f"{where}: not a column")
        if column.kind == "plain":
            plain = column.plain
            assert plain is not None
            return _unshared(stored, check=lambda values: plain.check(values, where))
        if column.kind == "date":
            return _unshared(stored, dt.date.fromordinal, check=_dates(column.nullable, where))
        shape, held = stored
        if type(shape) is not tuple:
            raise LayoutError(f"{where}: not a column")
        counts = _counts(column, shape, where)
        assert column.table is not None
        objects = iter(column.table.decode(held, sum(counts), pending))
        if column.kind == "one":
            return [next(objects) if n else None for n in counts]
        if column.kind == "many":
            return list(map(tuple, map(islice, repeat(objects), counts)))
        return [dict(zip(keys, islice(objects, len(keys)), strict=True)) for keys in shape]


def _dates(nullable: bool, where: str) -> Callable[[Sequence[Any]], None]:
    """The check of a date column's stored day numbers: whole numbers, None only if allowed."""
    kinds = {int, type(None)} if nullable else {int}

    def check(values: Sequence[Any]) -> None:
        if not set(map(type, values)) <= kinds:
            raise LayoutError(f"{where}: holds something other than a day number")

    return check


def _counts(column: _Column, shape: tuple[Any, ...], where: str) -> list[int]:
    """How many objects each row holds, checked: one or none (none only if the field may be
    None), any count, or a tuple of str keys for a dict."""
    if column.kind == "map":
        if not set(map(type, shape)) <= {tuple}:
            raise LayoutError(f"{where}: keys not stored as keys")
        if not set(map(type, chain.from_iterable(shape))) <= {str}:
            raise LayoutError(f"{where}: a key that is not a str")
        return list(map(len, shape))
    if not set(map(type, shape)) <= {int}:
        raise LayoutError(f"{where}: a count that is not a whole number")
    allowed = ({0, 1} if column.nullable else {1}) if column.kind == "one" else None
    if allowed is not None and not set(shape) <= allowed:
        raise LayoutError(f"{where}: {'more than one' if column.nullable else 'none'} held")
    if allowed is None and shape and min(shape) < 0:
        raise LayoutError(f"{where}: a negative count")
    return list(shape)


def _encode_column(column: _Column, values: list[Any]) -> Any:
    table = column.table
    if column.kind == "plain":
        return _shared(values)
    if column.kind == "date":
        return _shared([None if v is None else v.toordinal() for v in values])
    if column.kind == "one":
        held = [v for v in values if v is not None]
        return [[0 if v is None else 1 for v in values], _encode(table, held)]
    if column.kind == "many":
        held = [item for v in values for item in v]
        return [[len(v) for v in values], _encode(table, held)]
    held = [item for v in values for item in v.values()]
    return [[tuple(v) for v in values], _encode(table, held)]


def _encode(table: _Table | None, objects: Sequence[Any]) -> list[Any]:
    assert table is not None
    return table.encode(objects)


def _column(name: str, hint: Any, seen: tuple[type[Any], ...], later: Later) -> _Column:
    """How a field of this type is stored. A type it cannot store raises TypeError."""
    given, hint = hint, _optional(hint)
    nullable = given is not hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is dt.date:
        return _Column(name, "date", nullable=nullable)
    if _is_dataclass_type(hint):
        return _Column(name, "one", _Table(hint, seen, later), nullable=nullable)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if _is_dataclass_type(args[0]):
            return _Column(name, "many", _Table(args[0], seen, later))
        _check_plain(args[0])
        return _Column(name, "plain", plain=_Plain(given))
    if origin is dict and _is_dataclass_type(args[1]):
        if args[0] is not str:
            raise TypeError(f"{name}: only dicts keyed by str are stored")
        return _Column(name, "map", _Table(args[1], seen, later))
    _check_plain(hint)
    return _Column(name, "plain", plain=_Plain(given))


_HINTS: dict[tuple[str, str], Any] = {}


def _hint(cls: type[Any], annotation: Any) -> Any:
    """A field's type. Under `from __future__ import annotations` it is a string, evaluated in
    the class's module; the model repeats a few (`str | None`, `tuple[str, ...]`), each is
    evaluated once: `typing.get_type_hints` would take a few milliseconds at every start."""
    if not isinstance(annotation, str):
        return annotation
    key = (cls.__module__, annotation)
    if key not in _HINTS:
        _HINTS[key] = eval(annotation, vars(sys.modules[cls.__module__]))
    return _HINTS[key]


def _is_dataclass_type(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _optional(hint: Any) -> Any:
    """`X | None` as `X` (a None is stored as nil); any other type as it is."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(inner) == 1:
            return inner[0]
    return hint


_PLAIN = (str, int, float, bool, type(None))


def _check_plain(hint: Any) -> None:
    """Raise TypeError unless msgpack gives this type back as it was given (a tuple of them, a
    Literal of them, a union of them)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _PLAIN:
        return
    if origin is Literal and all(isinstance(a, _PLAIN) for a in args):
        return
    if origin in (typing.Union, types.UnionType) or (
        origin is tuple and len(args) == 2 and args[1] is Ellipsis
    ):
        for arg in args:
            if arg is not Ellipsis:
                _check_plain(arg)
        return
    raise TypeError(f"{hint!r} is not stored by columns")


def _key(value: Any) -> Hashable:
    """Equal values share an index only if they are the same value: `1`, `1.0` and `True` are
    equal in Python, and `0.0 == -0.0`, but each must come back as it was."""
    if type(value) is float:
        return (float, value.hex())
    if type(value) is tuple:
        return (tuple, tuple(map(_key, value)))
    return (type(value), value)


def _shared(values: list[Any]) -> list[Any]:
    """`[values]`, or `[distinct values, index of each]` when that is at most half as many."""
    index: dict[Hashable, int] = {}
    distinct: list[Any] = []
    positions: list[int] = []
    for value in values:
        key = _key(value)
        at = index.get(key)
        if at is None:
            at = index[key] = len(distinct)
            distinct.append(value)
            if len(distinct) * 2 > len(values):
                return [values]
        positions.append(at)
    return [distinct, positions]


def _unshared(
    stored: Sequence[Any],
    convert: Callable[[Any], Any] | None = None,
    *,
    check: Callable[[Sequence[Any]], None],
) -> list[Any]:
    """The values `_shared` stored, each checked (`check`: the distinct ones, when shared)."""
    if len(stored) == 1:
        values: Sequence[Any] = stored[0]
        if type(values) is not tuple:
            raise LayoutError("not a column")
        check(values)
        if convert is None:
            return list(values)
        if None in values:
            return [None if v is None else convert(v) for v in values]
        return list(map(convert, values))
    distinct, positions = stored
    if type(distinct) is not tuple or type(positions) is not tuple:
        raise LayoutError("not a column")
    check(distinct)
    if not set(map(type, positions)) <= {int} or (positions and min(positions) < 0):
        raise LayoutError("an index that is not one")
    if convert is not None:
        distinct = [None if v is None else convert(v) for v in distinct]
    return list(map(distinct.__getitem__, positions))


_TABLES: dict[tuple[type[Any], Later], _Table] = {}


def _table(cls: type[Any], later: Later = frozenset()) -> _Table:
    """The layout of `cls`, read once per process (reading type hints takes milliseconds)."""
    table = _TABLES.get((cls, later))
    if table is None:
        table = _TABLES[cls, later] = _Table(cls, later=later)
    return table


def _unpack(blob: bytes) -> Any:
    return msgpack.unpackb(blob, use_list=False, raw=False, strict_map_key=True)


def dumps(value: object, later: Later = frozenset()) -> bytes:
    """A dataclass instance (of the model, or anything laid out like it) as msgpack.

    `later` names fields, as (class name, field name), each stored as a blob of its own so
    that `loads_head` can leave it for later; `loads` must be given the same names."""
    data = _table(type(value), later).encode([value])
    packed: bytes = msgpack.packb(data, use_bin_type=True)
    return packed


def loads(payload: bytes, cls: type[T], later: Later = frozenset()) -> T:
    """The `cls` instance `dumps` stored. Raises on anything else (LayoutError, a msgpack error,
    TypeError, ValueError): the caller treats every failure as "no entry"."""
    value, finish = loads_head(payload, cls, later)
    finish()
    return value


def loads_head(
    payload: bytes, cls: type[T], later: Later = frozenset()
) -> tuple[T, Callable[[], None]]:
    """Like `loads`, but the `later` fields are left unset until the returned `finish` runs
    (it decodes and sets them; once done, calling it again does nothing). What is decoded at
    once then no longer holds what those fields hold (a site's contingents, projects and
    armed groups are most of a dataset). An unset field raises AttributeError when read:
    whoever holds the value must call `finish` before anything reads those fields."""
    data = _unpack(payload)
    if not isinstance(data, tuple):
        raise LayoutError("not a table")
    pending: list[Callable[[], None]] = []
    (value,) = _table(cls, later).decode(data, 1, pending)
    if not isinstance(value, cls):
        raise LayoutError(f"not a {cls.__name__}")

    def finish() -> None:
        while pending:
            pending.pop(0)()

    return value, finish
