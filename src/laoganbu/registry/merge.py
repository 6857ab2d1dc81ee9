"""Merging a cadre entered twice into one record, with nothing lost.

A merge is proposed first (:func:`propose_merges`: for each pair, which record survives and
which of its fields come from the other) and applied in an explicit second step
(:func:`apply_merges`), so that a bureau can read and edit the proposal in between. Applying
it moves every reference to the merged-away record onto the survivor — service records, life
events, transfers, meetings attended, volunteer activities, team leadership and membership,
committee seats, a survivor's (遗属) link — and lists each change; the merged-away record
itself is kept whole in the result, so its history is not lost.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
from pydantic import Field, model_validator

from laoganbu.errors import InvalidValueError
from laoganbu.models.base import Record, RecordId, Text
from laoganbu.models.cadre import Cadre

if TYPE_CHECKING:
    from laoganbu.models.roster import Roster
    from laoganbu.registry.duplicates import DuplicatePair

__all__ = [
    "MergeChange",
    "MergeProposal",
    "MergeResult",
    "MergeStep",
    "apply_merges",
    "propose_merges",
]

#: Cadre fields a merge never takes from the merged-away record.
_OWN: Final = frozenset({"id"})


class MergeStep(Record):
    """合并 — one pair merged: ``merged`` goes into ``survivor``."""

    label = "合并"

    survivor: RecordId = Field(title="保留记录")
    merged: RecordId = Field(title="并入记录")
    #: Fields whose value the survivor takes from the merged-away record; the others keep the
    #: survivor's own.
    take_from_merged: tuple[str, ...] = Field((), title="取自并入记录的字段")
    reason: Text | None = Field(None, title="理由")

    @model_validator(mode="after")
    def _sound(self) -> MergeStep:
        if self.survivor == self.merged:
            raise ValueError(f"{self.survivor!r} cannot be merged into itself / 不能与自身合并")
        unknown = [f for f in self.take_from_merged if f not in Cadre.model_fields or f in _OWN]
        if unknown:
            raise ValueError(
                f"not a cadre field that can be taken: {', '.join(unknown)} / 字段无效"
            )
        return self


class MergeProposal(Record):
    """合并方案 — the merges a bureau means to make, as :func:`propose_merges` writes them
    and :func:`apply_merges` reads them (JSON: ``{"merges": [...]}``)."""

    label = "合并方案"

    merges: tuple[MergeStep, ...] = Field((), title="合并")

    @model_validator(mode="after")
    def _one_way(self) -> MergeProposal:
        merged = [s.merged for s in self.merges]
        twice = sorted(m for m, n in Counter(merged).items() if n > 1)
        if twice:
            raise ValueError(f"merged twice: {', '.join(twice)} / 同一记录被并入两次")
        chained = sorted({s.survivor for s in self.merges} & set(merged))
        if chained:
            raise ValueError(
                f"both survivor and merged away: {', '.join(chained)}; merge into the final"
                " record directly / 记录既保留又被并入"
            )
        return self


def propose_merges(roster: Roster, pairs: Iterable[DuplicatePair]) -> MergeProposal:
    """A proposal for ``pairs`` (from :func:`~laoganbu.registry.find_duplicates`): the earlier
    record survives and takes from the later one every field it lacks. A record that is the
    later one of several pairs is merged once, into the first of them. A likely pair of a man
    and a woman (alike in name, birth month and former unit or address) is left out: a merge
    that changes someone's sex is for a person to write, not to propose."""
    steps: list[MergeStep] = []
    merged: set[str] = set()
    survivors: set[str] = set()
    for pair in pairs:
        if pair.second in merged or pair.second in survivors or pair.first in merged:
            continue
        survivor, other = roster.cadre(pair.first), roster.cadre(pair.second)
        if not pair.certain and survivor.sex is not other.sex:
            continue
        taken = _fitting(survivor, other)
        reason = (
            "same ID number / 身份证号相同" if pair.certain else f"likely, score {pair.score:.2f}"
        )
        steps.append(
            MergeStep(
                survivor=pair.first, merged=pair.second, take_from_merged=taken, reason=reason
            )
        )
        merged.add(pair.second)
        survivors.add(pair.first)
    return MergeProposal(merges=tuple(steps))


def _fitting(survivor: Cadre, other: Cadre) -> tuple[str, ...]:
    """The fields ``survivor`` lacks (holds its default) and ``other`` has, less any that would
    disagree with what the survivor keeps (an ID number of another birth day): taken one by
    one, each kept only if the survivor still validates."""
    taken: list[str] = []
    for name, info in Cadre.model_fields.items():
        if name in _OWN:
            continue
        default = info.get_default(call_default_factory=True)
        mine, theirs = getattr(survivor, name), getattr(other, name)
        if mine != default or theirs == default:
            continue
        trial = {f: getattr(other, f) for f in (*taken, name)}
        try:
            survivor.with_changes(**trial)
        except ValueError:
            continue
        taken.append(name)
    return tuple(taken)


@attrs.frozen
class MergeChange:
    """One change a merge made: a reference moved, a field taken, a record merged away. Values
    are record ids and field names only, never personal details."""

    table: str
    record_id: str
    field: str
    #: What the field referred to before and after (ids), or what was taken from where.
    before: str | None
    after: str | None

    def __str__(self) -> str:
        return f"{self.table} {self.record_id}.{self.field}: {self.before} → {self.after}"


@attrs.frozen
class MergeResult:
    """The roster after the merges, every change, and the records merged away (kept whole)."""

    roster: Roster
    changes: tuple[MergeChange, ...]
    merged_away: tuple[Cadre, ...]

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        context = {"reveal_pii": reveal_pii}
        return {
            "changes": [attrs.asdict(c) for c in self.changes],
            "merged_away": [c.model_dump(mode="json", context=context) for c in self.merged_away],
        }


def apply_merges(roster: Roster, proposal: MergeProposal) -> MergeResult:
    """``roster`` with each merge of ``proposal`` made: the merged-away records gone, their
    chosen fields in the survivors, every reference to them moved to the survivors (lists
    keep each id once).

    Raises:
        InvalidValueError: a merge names a cadre the roster does not hold, or a record would
            not validate after it (fields taken that disagree with those kept), naming the
            merge.
    """
    ids = {c.id for c in roster.cadres}
    missing = sorted({i for s in proposal.merges for i in (s.survivor, s.merged) if i not in ids})
    if missing:
        raise InvalidValueError(f"no cadre {', '.join(missing)} in the roster / 花名册中没有该人员")
    into = {s.merged: s.survivor for s in proposal.merges}
    steps: dict[str, list[MergeStep]] = {}
    for item in proposal.merges:
        steps.setdefault(item.survivor, []).append(item)
    by_id = {c.id: c for c in roster.cadres}
    changes: list[MergeChange] = []
    cadres = []
    for cadre in roster.cadres:
        if cadre.id in into:
            changes.append(MergeChange("cadres", cadre.id, "id", cadre.id, into[cadre.id]))
            continue
        mine = steps.get(cadre.id, [])
        update: dict[str, Any] = {}
        for step in mine:  # in the proposal's order: a later step's field wins
            other = by_id[step.merged]
            for name in step.take_from_merged:
                update[name] = getattr(other, name)
                changes.append(MergeChange("cadres", cadre.id, name, step.merged, cadre.id))
        link = update.get("survivor_of", cadre.survivor_of)
        if link in into:
            update["survivor_of"] = into[link]
            changes.append(MergeChange("cadres", cadre.id, "survivor_of", link, into[link]))
        cadres.append(_updated(cadre, update, mine) if update else cadre)
    tables: dict[str, Any] = {"cadres": tuple(cadres)}
    tables["organizations"] = _moved(
        roster.organizations, "organizations", into, changes, committee=True
    )
    tables["volunteer_teams"] = _moved(
        roster.volunteer_teams, "volunteer_teams", into, changes, ("leader_id",), ("member_ids",)
    )
    for table, one, many in (
        ("service_records", ("cadre_id",), ()),
        ("life_events", ("cadre_id",), ()),
        ("transfers", ("cadre_id",), ()),
        ("meetings", (), ("attendee_ids",)),
        ("volunteer_activities", (), ("participant_ids",)),
    ):
        tables[table] = _moved(roster.table(table), table, into, changes, one, many)
    merged_away = tuple(by_id[s.merged] for s in proposal.merges)
    return MergeResult(roster.model_copy(update=tables), tuple(changes), merged_away)


def _updated(record: Any, update: dict[str, Any], steps: Sequence[MergeStep] = ()) -> Any:
    """``record`` with ``update``, validated: fields taken from another record must agree with
    those kept (an ID number with the birth date and sex, a Party organisation with
    membership)."""
    from pydantic import ValidationError

    try:
        return record.with_changes(**update)
    except ValidationError as exc:
        reasons = "; ".join(str(e["msg"]) for e in exc.errors())
        merging = ", ".join(repr(s.merged) for s in steps)
        into = f" merging {merging} into it" if merging else " after the merge"
        raise InvalidValueError(
            f"{type(record).__name__.lower()} {record.id!r}{into}: {reasons} / 合并后的记录不一致"
        ) from None


def _moved(
    records: Sequence[Any],
    table: str,
    into: dict[str, str],
    changes: list[MergeChange],
    one: tuple[str, ...] = (),
    many: tuple[str, ...] = (),
    *,
    committee: bool = False,
) -> tuple[Any, ...]:
    """``records`` with their references to merged-away cadres moved to the survivors."""
    out = []
    for record in records:
        update: dict[str, Any] = {}
        for name in one:
            value = getattr(record, name)
            if value in into:
                update[name] = into[value]
                changes.append(MergeChange(table, record.id, name, value, into[value]))
        for name in many:
            values = getattr(record, name)
            if any(v in into for v in values):
                moved = tuple(dict.fromkeys(into.get(v, v) for v in values))
                update[name] = moved
                for v in values:
                    if v in into:
                        changes.append(MergeChange(table, record.id, name, v, into[v]))
        if committee and any(m.cadre_id in into for m in record.committee):
            seats: dict[str, Any] = {}
            for member in record.committee:
                cadre_id = into.get(member.cadre_id, member.cadre_id)
                if member.cadre_id != cadre_id:
                    changes.append(
                        MergeChange(table, record.id, "committee", member.cadre_id, cadre_id)
                    )
                if cadre_id in seats:  # one seat a cadre: the first listed stays
                    changes.append(
                        MergeChange(table, record.id, "committee", member.role.value, None)
                    )
                    continue
                seats[cadre_id] = member.model_copy(update={"cadre_id": cadre_id})
            update["committee"] = tuple(seats.values())
        out.append(_updated(record, update) if update else record)
    return tuple(out)
