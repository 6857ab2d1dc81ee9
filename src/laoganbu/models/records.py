"""A table's records, held as the columns they were read from until they are first used.

An import validates a large table (a county's cadres, a year's meetings) as columns; making a
pydantic record of every row costs more than reading and checking the whole file. So
:func:`laoganbu.read_roster` hands the roster a :class:`Records` per table that holds the
validated columns and makes the records the first time one is asked for: a command that only
validates, counts or works on frames never pays for them. The questions an import itself
asks (which ids exist, which values a reference column holds, the few records a check needs)
are answered from the columns.

A :class:`Records` is a read-only sequence that compares equal to the tuple of its records; a
roster built directly holds plain tuples, and every method here accepts both through
:func:`as_records`.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.models.base import HasId

__all__ = ["Children", "Records", "as_records"]

#: A record of a table: known by its id (every table's record is an IdentifiedRecord).
R = TypeVar("R", bound="HasId")


@attrs.frozen
class Children:
    """Rows of a child table (a cadre's contacts) validated as columns and waiting with their
    parents: ``frame`` holds them in row order, the parent's id in column ``key``."""

    model: type[Any]
    frame: pl.DataFrame
    key: str

    def of(self, parents: Collection[str]) -> Children:
        """Those of the rows whose parent is one of ``parents``."""
        import polars as pl

        keep = pl.col(self.key).is_in(pl.Series(list(parents), dtype=pl.String).implode())
        return Children(self.model, self.frame.filter(keep), self.key)

    def grouped(self) -> dict[str, list[Any]]:
        """The records of the rows, by parent id, in row order."""
        from laoganbu.io.frames import build_records

        groups: dict[str, list[Any]] = {}
        built = build_records(self.model, self.frame)
        parents: list[str] = self.frame.get_column(self.key).to_list()
        for parent, record in zip(parents, built, strict=True):
            if record is None:
                raise RuntimeError(_BUG.format(self.model.__name__))
            groups.setdefault(parent, []).append(record)
        return groups


@attrs.frozen
class _Pending:
    """Rows of ``model`` validated as columns, not yet made into records: the frame (a ``row``
    column with each row's number in its file, then the fields' columns), the values of
    fields given already validated (``MISSING`` where none), one per row, and the rows of child
    tables waiting as columns, by the field they fill."""

    model: type[Any]
    frame: pl.DataFrame
    extra: Mapping[str, list[Any]]
    children: Mapping[str, Children] = attrs.field(factory=dict)

    def take(self, keep: Sequence[bool]) -> _Pending:
        import polars as pl

        mask = pl.Series(keep, dtype=pl.Boolean)
        extra = {k: list(itertools.compress(v, keep)) for k, v in self.extra.items()}
        frame = self.frame.filter(mask)
        ids = frame.get_column("id").to_list() if self.children else []
        children = {k: c.of(ids) for k, c in self.children.items()}
        return _Pending(self.model, frame, extra, children)

    def full_extra(self) -> dict[str, list[Any]]:
        """The values of fields given already validated, the waiting child rows' records
        among them."""
        from laoganbu.io.columnar import MISSING

        extra = dict(self.extra)
        if self.children:
            ids: list[str] = self.frame.get_column("id").to_list()
            for field, children in self.children.items():
                groups = children.grouped()
                given = extra.get(field, [MISSING] * len(ids))
                extra[field] = [
                    tuple(groups[i]) if i in groups else g for i, g in zip(ids, given, strict=True)
                ]
        return extra

    def plain(self, field: str) -> bool:
        """Whether the columns hold ``field`` as its records do: text that is not personal
        (ids, references, names) and lists of such text, as tuples. Other fields (labels,
        dates, personal values, nested records, child records) are answered by the records."""
        from laoganbu.io.frames import field_kind

        if field in self.extra or field in self.children:
            return False
        kind = field_kind(self.model, field)
        return kind is not None and not kind.personal and kind.kind in ("text", "list")

    def holds(self, field: str) -> bool:
        """Whether an empty cell of ``field`` in the columns is a ``None`` of the record: a
        field with no default but ``None``, held in the frame or absent from the file."""
        if field in self.extra or field in self.children:
            return False
        return self.default(field) is None

    def present(self, field: str) -> list[bool]:
        """Per row, whether ``field`` is set; ``field`` must be one the columns :meth:`holds`."""
        if field not in self.frame.columns:
            return [False] * self.frame.height
        flags: list[bool] = self.frame.get_column(field).is_not_null().to_list()
        return flags

    def hits(self, tests: Mapping[str, Callable[[Any], bool]]) -> list[bool]:
        """Per row, whether any of ``tests`` (field → test of its value) is true, each test
        asked once per distinct value of a column; every field :meth:`plain`."""
        import polars as pl

        found: list[pl.Expr] = []
        for field, test in tests.items():
            if field not in self.frame.columns:
                if test(self.default(field)):  # every row holds the default
                    return [True] * self.frame.height
                continue
            column = self.frame.get_column(field)
            if isinstance(column.dtype, pl.List):
                values = self.values(field)
                found.append(pl.lit(pl.Series([bool(test(v)) for v in values], dtype=pl.Boolean)))
                continue
            default = self.default(field)
            hit = [v for v in column.unique().to_list() if test(default if v is None else v)]
            expr = pl.col(field).is_in(pl.Series(hit, dtype=column.dtype).implode())
            if None in hit:
                expr = expr | pl.col(field).is_null()
            found.append(expr.fill_null(False))
        if not found:
            return [False] * self.frame.height
        flags: list[bool] = self.frame.select(pl.any_horizontal(found)).to_series().to_list()
        return flags

    def default(self, field: str) -> Any:
        return self.model.model_fields[field].get_default(call_default_factory=True)

    def values(self, field: str) -> list[Any]:
        """Every row's value of ``field``, which must be :meth:`plain` (or ``id``)."""
        if field not in self.frame.columns:  # not in the file: the field's default
            return [self.default(field)] * self.frame.height
        values: list[Any] = self.frame.get_column(field).to_list()
        default = self.default(field)
        if isinstance(default, tuple):  # a list: as a tuple, () where empty
            return [tuple(v) if v else default for v in values]
        return values if default is None else [default if v is None else v for v in values]


_BUG = "a {} row validated as columns failed as a record: a bug in laoganbu, please report it"


class Records(Sequence[R], Generic[R]):
    """The records of one table, made from their validated columns on first access.

    Iterating, indexing or comparing makes every record (once); :meth:`ids`,
    :meth:`column`, :meth:`distinct`, :meth:`where` and :meth:`pick` answer from the columns
    while they are not made.
    """

    __slots__ = ("_eager", "_made", "_model", "_pending")

    def __init__(self, records: Iterable[R] = ()) -> None:
        self._made: tuple[R, ...] | None = tuple(records)
        self._model: type[Any] | None = None
        self._pending: tuple[_Pending, ...] = ()
        #: Records made already, with their row numbers, to be put among the pending ones.
        self._eager: tuple[tuple[int, R], ...] = ()

    @classmethod
    def from_columns(
        cls,
        model: type[Any],
        pending: Iterable[
            tuple[pl.DataFrame, Mapping[str, list[Any]]]
            | tuple[pl.DataFrame, Mapping[str, list[Any]], Mapping[str, Children]]
        ],
        made: Iterable[tuple[int, R]] = (),
    ) -> Records[R]:
        """Records of ``model`` from frames of validated rows (each with a ``row`` column, the
        values of fields validated already and, optionally, child rows waiting as columns),
        and records made already with their row numbers; in row order once made.

        Every pending row must be sound: it was validated, its checks across fields passed.
        """
        records: Records[R] = cls()
        records._made = None
        records._model = model
        records._pending = tuple(_Pending(model, *p) for p in pending if p[0].height)
        records._eager = tuple(made)
        if not records._pending:
            records._made = tuple(r for _, r in sorted(records._eager, key=_first))
            records._eager = ()
        return records

    # -- the sequence ------------------------------------------------------------------------

    @property
    def made(self) -> bool:
        """Whether the records are made (after first access, or when given as records)."""
        return self._made is not None

    def _records(self) -> tuple[R, ...]:
        if self._made is None:
            self._made = self._make_all()
            self._pending = self._eager = ()
        return self._made

    def _make_all(self) -> tuple[R, ...]:
        numbered = list(self._eager)
        for part in self._pending:
            rows: list[int] = part.frame.get_column("row").to_list()
            numbered.extend(zip(rows, self._build(part), strict=True))
        numbered.sort(key=_first)
        return tuple(r for _, r in numbered)

    def _build(self, part: _Pending) -> list[R]:
        # io builds on the models: imported when records are first made.
        from laoganbu.io.frames import build_records

        assert self._model is not None
        built: list[R | None] = build_records(self._model, part.frame, part.full_extra())
        records = [r for r in built if r is not None]
        if len(records) != len(built):
            raise RuntimeError(_BUG.format(self._model.__name__))
        return records

    def __len__(self) -> int:
        if self._made is not None:
            return len(self._made)
        return len(self._eager) + sum(p.frame.height for p in self._pending)

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[R, ...]: ...

    def __getitem__(self, index: int | slice) -> R | tuple[R, ...]:
        return self._records()[index]

    def __iter__(self) -> Iterator[R]:
        return iter(self._records())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Records | tuple):
            return self._records() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._records())

    def __add__(self, other: Iterable[R]) -> tuple[R, ...]:
        return self._records() + tuple(other)

    def __radd__(self, other: Iterable[R]) -> tuple[R, ...]:
        return tuple(other) + self._records()

    def __reduce__(self) -> tuple[Any, ...]:
        return (Records, (self._records(),))

    def __repr__(self) -> str:
        if self._made is not None:
            return repr(self._made)
        name = self._model.__name__ if self._model is not None else "record"
        return f"<{len(self)} {name} records, made on first use>"

    def stored(self) -> Records[R] | tuple[R, ...]:
        """What a roster holds of this table: the tuple of its records once made, else this."""
        return self._made if self._made is not None else self

    def pending(self) -> tuple[list[pl.DataFrame], list[tuple[int, R]]] | None:
        """While the records are not made: the frames of the rows still held as columns (each
        with its ``row``) and the records made already with their row numbers; ``None``
        once made. For those who turn the table back into a frame
        (:meth:`laoganbu.Roster.frame`) without making every record."""
        if self._made is not None:
            return None
        return [p.frame for p in self._pending], list(self._eager)

    # -- answers from the columns ------------------------------------------------------------

    def ids(self) -> list[str]:
        """Every record's id (in row order once made; otherwise by part)."""
        return self.column("id")

    def column(self, field: str) -> list[Any]:
        """Every record's value of ``field``, aligned with :meth:`ids`. Answered from the
        columns only for fields held there as the record holds them: ids, references and
        lists of them (as tuples), text."""
        if self._made is None and not all(p.plain(field) for p in self._pending):
            self._records()  # a field the columns do not hold as the records do
        if self._made is not None:
            return list(map(operator.attrgetter(field), self._made))
        values = [getattr(r, field) for _, r in self._eager]
        for part in self._pending:
            values.extend(part.values(field))
        return values

    def distinct(self, field: str, *, many: bool = False) -> set[Any]:
        """The values ``field`` takes, its items when ``many`` (a list of ids); no ``None``."""
        values: Iterable[Any] = self.column(field)
        found = set(itertools.chain.from_iterable(values) if many else values)
        found.discard(None)
        return found

    def having(self, field: str) -> list[R]:
        """The records whose ``field`` is set (not ``None``), in row order; only those are
        made while the others are pending. Answered from whether each row's cell is empty, for
        a field of any kind held in the columns (a date, a label, a personal value)."""
        if self._made is None and not all(p.holds(field) for p in self._pending):
            self._records()
        if self._made is not None:
            return [r for r in self._made if getattr(r, field) is not None]
        numbered = [(i, r) for i, r in self._eager if getattr(r, field) is not None]
        return self._with_chosen(numbered, lambda part: part.present(field))

    def ids_having(self, field: str) -> set[str]:
        """The ids of the records whose ``field`` is set, answered from the columns (as
        :meth:`having`) without making any record."""
        if self._made is None and not all(p.holds(field) for p in self._pending):
            self._records()
        if self._made is not None:
            return {r.id for r in self._made if getattr(r, field) is not None}
        found = {r.id for _, r in self._eager if getattr(r, field) is not None}
        for part in self._pending:
            if field in part.frame.columns:
                ids = part.frame.filter(part.frame.get_column(field).is_not_null())
                found.update(ids.get_column("id").to_list())
        return found

    def where(self, **tests: Callable[[Any], bool]) -> list[R]:
        """The records for which any of ``tests`` (field → test of its value) is true, in row
        order; only those are made while the others are pending."""

        def hit(values: Sequence[Sequence[Any]]) -> list[bool]:
            pairs = zip(tests.values(), values, strict=True)
            checks = [list(map(test, column)) for test, column in pairs]
            return [any(flags) for flags in zip(*checks, strict=True)]

        if self._made is None and not all(p.plain(f) for p in self._pending for f in tests):
            self._records()  # a field the columns do not hold as the records do
        if self._made is not None:
            made = self._made
            flags = hit([[getattr(r, f) for r in made] for f in tests])
            return list(itertools.compress(made, flags))
        numbered: list[tuple[int, R]] = []
        if self._eager:
            flags = hit([[getattr(r, f) for _, r in self._eager] for f in tests])
            numbered.extend(itertools.compress(self._eager, flags))
        return self._with_chosen(numbered, lambda part: part.hits(tests))

    def _with_chosen(
        self, numbered: list[tuple[int, R]], choose: Callable[[_Pending], list[bool]]
    ) -> list[R]:
        """The records of ``numbered`` (row number, record) and those made of the pending rows
        ``choose`` flags, in row order; the rows not chosen stay pending."""
        for part in self._pending:
            flags = choose(part)
            if any(flags):
                chosen = part.take(flags)
                rows: list[int] = chosen.frame.get_column("row").to_list()
                numbered.extend(zip(rows, self._build(chosen), strict=True))
        numbered.sort(key=_first)
        return [r for _, r in numbered]

    def pick(self, ids: Collection[str]) -> dict[str, R]:
        """The records of ``ids`` that exist (the first of an id), making only those."""
        wanted = set(ids)
        if not wanted:
            return {}
        found: dict[str, R] = {}
        for record in self.where(id=wanted.__contains__):
            found.setdefault(record.id, record)
        return found

    def revised(
        self, drop: Collection[str] = (), replace: Mapping[str, R] | None = None
    ) -> Records[R]:
        """These records less those whose id is in ``drop``, with those in ``replace`` put in
        the place of the record of their id."""
        replace = replace or {}
        gone = set(drop)
        if self._made is not None:
            return Records(replace.get(r.id, r) for r in self._made if r.id not in gone)
        changed = gone | replace.keys()
        made = [(row, replace.get(r.id, r)) for row, r in self._eager if r.id not in gone]
        pending = []
        for part in self._pending:
            ids = part.values("id")
            out = [rid in changed for rid in ids]
            if not any(out):
                pending.append((part.frame, part.extra, part.children))
                continue
            rows = part.frame.get_column("row").to_list()
            made.extend(
                (row, replace[rid])
                for rid, row in zip(ids, rows, strict=True)
                if rid in replace and rid not in gone
            )
            kept = part.take([not flag for flag in out])
            pending.append((kept.frame, kept.extra, kept.children))
        assert self._model is not None
        return Records.from_columns(self._model, pending, made)


def as_records(records: Sequence[R]) -> Records[R]:
    """``records`` as :class:`Records` (a roster built directly holds tuples)."""
    return records if isinstance(records, Records) else Records(records)


def _first(item: tuple[int, Any]) -> int:
    return item[0]
