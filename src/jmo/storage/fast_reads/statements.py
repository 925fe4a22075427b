"""The repositories' prebuilt Core reads, compiled once for asyncpg: the same SQL text
SQLAlchemy's asyncpg dialect would send, positional parameters, and per column the result
conversion SQLAlchemy would apply (``UTCDateTime``, JSON), so a row read here is the row
``core_read`` returns on the general path, read by column name alike."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Float, Numeric
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]

Processor = Callable[[Any], Any] | None


def _processor(column_type: TypeEngine[Any]) -> Processor:
    """SQLAlchemy's conversion of a column's values; numbers are told the PostgreSQL type
    code they arrive as (float8 or numeric), as a cursor's description would tell them."""
    base = getattr(column_type, "impl_instance", column_type)
    code = 701 if isinstance(base, Float) else 1700 if isinstance(base, Numeric) else None
    return column_type._cached_result_processor(_DIALECT, code)


class Rows:
    """What a repository does with ``core_read``'s answer: ``first()``, ``all()``, a loop."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def all(self) -> list[Any]:
        return self._rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class _Shape(NamedTuple):
    sql: str
    names: tuple[str, ...]  # the parameter of each $n, in order


class LaneStatement:
    """One statement: its SQL for asyncpg (expanded per count of list values, for ``IN``),
    the row type and the conversions of its columns."""

    def __init__(self, statement: Executable) -> None:
        assert isinstance(statement, ClauseElement)
        compiled = statement.compile(dialect=_DIALECT)
        assert isinstance(compiled, SQLCompiler)
        self._compiled = compiled
        self._defaults: dict[str, Any] = dict(compiled.params)
        self._expanding = [
            compiled.bind_names[bind] for bind in compiled.binds.values() if bind.expanding
        ]
        columns = compiled._result_columns or []
        keys = [column.keyname for column in columns]
        self.row_type: type[tuple[Any, ...]] = namedtuple("Row", keys)  # type: ignore[misc]
        processors: Sequence[Processor] = [_processor(column.type) for column in columns]
        self._processors = tuple(enumerate(processors))
        self._needs_processing = any(p is not None for p in processors)
        self._static: _Shape | None = None
        if not self._expanding:
            self._static = _Shape(compiled.string, tuple(compiled.positiontup or ()))
        self._shapes: dict[tuple[int, ...], _Shape] = {}

    def bind(self, params: dict[str, Any]) -> tuple[str, list[Any]]:
        """The SQL text and the positional values for these parameters."""
        values = {**self._defaults, **params}
        if self._static is not None:
            return self._static.sql, [values[name] for name in self._static.names]
        counts = tuple(len(values[name]) for name in self._expanding)
        shape = self._shapes.get(counts)
        if shape is None:
            state = self._compiled.construct_expanded_state(values)
            shape = _Shape(state.statement, tuple(state.positiontup or ()))
            self._shapes[counts] = shape
        return shape.sql, [self._value(values, name) for name in shape.names]

    def _value(self, values: dict[str, Any], name: str) -> Any:
        if name in values:
            return values[name]
        # An expanded list: ``ids_2`` is the second value of ``ids``.
        base, _, index = name.rpartition("_")
        return values[base][int(index) - 1]

    def rows(self, records: list[Any]) -> Rows:
        make = self.row_type._make  # type: ignore[attr-defined]
        if not self._needs_processing:
            return Rows([make(record) for record in records])
        out = []
        for record in records:
            values = list(record)
            for index, process in self._processors:
                if process is not None:
                    values[index] = process(values[index])
            out.append(make(values))
        return Rows(out)


_CACHE: dict[int, LaneStatement] = {}


def compiled(statement: Executable) -> LaneStatement:
    """The compiled form of a module-level statement (built once per process)."""
    found = _CACHE.get(id(statement))
    if found is None:
        found = _CACHE[id(statement)] = LaneStatement(statement)
        # keep the statement alive so its id is never reused by another object
        _KEEP.append(statement)
    return found


_KEEP: list[Executable] = []
