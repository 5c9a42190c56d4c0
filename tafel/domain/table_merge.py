"""Importing a table that is already here: merge it participant by participant, item by item.

Plain Python, no I/O: given the local table (with its tombstones and last-change time) and the
incoming one from a file, decide what to insert, update and delete. Storage applies the plan in
one transaction. The rules (formats README, "Import merges, never replaces"):

- per participant and item the newest change wins (their ``updated_at``; a file without them
  lends its ``exported_at`` to all of them);
- what exists only locally stays: absence in a file is no deletion;
- a deletion travels as a tombstone: it deletes the local thing only when that was not changed
  after the deletion, and a local tombstone keeps an older file from bringing a thing back;
- a name kept locally is never cleared by a file's ``null`` (names leave a laptop only with
  consent), and consent once given stays;
- table fields: the file wins when it was exported after the table last changed here, but a
  local value is never cleared by a null;
- a participant reference to no participant of this table is kept in the item's extras.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from tafel.domain.exchange import parse_instant
from tafel.domain.table import Item, Participant, Table, Tombstone

TABLE_FIELDS = (
    "title", "date", "programme", "location", "moderator", "language", "canvas", "canvas_version",
    "started_at", "ended_at",
)
_OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _when(value: str | None) -> dt.datetime:
    """A change time; unknown counts as the oldest, so anything dated beats it."""
    return parse_instant(value) or _OLDEST


@dataclass(frozen=True)
class LocalTable:
    table: Table  # with its participants, items and tombstones
    updated_at: str | None  # the table's last change here (any edit, or an import)
    source_exported_at: str | None  # exported_at of the newest file imported into it


@dataclass
class MergeCounts:
    items_added: int = 0
    items_changed: int = 0
    items_deleted: int = 0
    participants_added: int = 0
    participants_changed: int = 0
    participants_deleted: int = 0
    table_changed: bool = False

    @property
    def any(self) -> bool:
        return self.table_changed or any((
            self.items_added, self.items_changed, self.items_deleted,
            self.participants_added, self.participants_changed, self.participants_deleted,
        ))


@dataclass(frozen=True)
class DirectionSaved:
    round: str
    text: str
    saved_at: str | None


@dataclass
class MergePlan:
    table_id: str
    status: str  # created, updated, unchanged, older
    head: dict[str, Any] = field(default_factory=dict)  # table fields (and extra, doc_extra) to set
    insert_participants: list[Participant] = field(default_factory=list)
    update_participants: list[Participant] = field(default_factory=list)
    delete_participants: list[str] = field(default_factory=list)
    insert_items: list[Item] = field(default_factory=list)
    update_items: list[Item] = field(default_factory=list)
    delete_items: list[str] = field(default_factory=list)
    put_tombstones: list[Tombstone] = field(default_factory=list)
    drop_tombstones: list[str] = field(default_factory=list)
    directions: list[DirectionSaved] = field(default_factory=list)
    source_exported_at: str | None = None
    counts: MergeCounts = field(default_factory=MergeCounts)

    @property
    def changes(self) -> bool:
        return self.status in ("created", "updated")


T = TypeVar("T", Participant, Item)


@dataclass
class _Side:
    """One kind (participants or items): what the plan does with them."""

    insert: list[Any] = field(default_factory=list)
    update: list[Any] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)


def _stamped(thing: T, when: str | None) -> T:
    return thing if thing.updated_at or when is None else replace(thing, updated_at=when)


def _merge_kind(
    kind: str, local: list[T], incoming: list[T], local_stones: dict[str, Tombstone],
    incoming_stones: dict[str, Tombstone], fallback: str | None, plan: MergePlan,
    combine: Any = None,
) -> _Side:
    side = _Side()
    here = {x.id: x for x in local}
    arriving = {x.id for x in incoming}
    for theirs in incoming:
        theirs = _stamped(theirs, fallback)
        ours = here.get(theirs.id)
        if ours is None:
            stone = local_stones.get(theirs.id)
            if stone is not None and _when(stone.deleted_at) >= _when(theirs.updated_at):
                continue  # deleted here after the file's last change: stays deleted
            if stone is not None:
                plan.drop_tombstones.append(stone.id)  # changed elsewhere after our deletion
            side.insert.append(theirs)
            continue
        if _when(theirs.updated_at) <= _when(ours.updated_at):
            # Ours is as new or newer. Unknown fields only the file has (a newer writer's) still
            # come in: nothing here says otherwise, and they are kept, never dropped.
            missing = theirs.extra.keys() - ours.extra.keys()
            if missing:
                side.update.append(replace(ours, extra={**ours.extra, **{k: theirs.extra[k] for k in missing}}))
            continue
        merged = combine(ours, theirs) if combine else theirs
        if merged != ours:  # same content at a later time is no change
            side.update.append(merged)
    for stone in incoming_stones.values():
        if stone.kind != kind or stone.id in arriving:
            continue
        ours = here.get(stone.id)
        if ours is not None:
            if _when(ours.updated_at) > _when(stone.deleted_at):
                continue  # changed here after it was deleted elsewhere: keep it
            side.delete.append(ours.id)
        known = local_stones.get(stone.id)
        if known is None or _when(known.deleted_at) < _when(stone.deleted_at):
            plan.put_tombstones.append(stone)
    return side


def _participant(ours: Participant, theirs: Participant) -> Participant:
    """The file's newer version, but a name kept here is never cleared by the file's null."""
    if theirs.name is None:
        return replace(theirs, name=ours.name, consent=ours.consent)
    return replace(theirs, consent=True)


def _head(local: Table, incoming: Table) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for key in TABLE_FIELDS:
        value = getattr(incoming, key)
        if value is not None and value != getattr(local, key):
            changed[key] = value
    extra = {**local.extra, **incoming.extra}
    if extra != local.extra:
        changed["extra"] = extra
    doc_extra = {**local.doc_extra, **incoming.doc_extra}
    if doc_extra != local.doc_extra:
        changed["doc_extra"] = doc_extra
    return changed


def _dangling(items: list[Item], participants: set[str]) -> list[Item]:
    """A reference to no participant of this table is kept in the item's extras (as before)."""
    out = []
    for it in items:
        if it.participant is not None and it.participant not in participants:
            it = replace(it, participant=None, extra={**it.extra, "participant": it.participant})
        out.append(it)
    return out


def _directions(plan: MergePlan, local: dict[str, Item]) -> None:
    for it in (*plan.insert_items, *plan.update_items):
        before = local.get(it.id)
        if it.kind == "direction" and (before is None or before.text != it.text):
            plan.directions.append(DirectionSaved(it.round, it.text, it.updated_at))


def plan_merge(local: LocalTable | None, incoming: Table, exported_at: str | None) -> MergePlan:
    """What importing ``incoming`` (a file exported at ``exported_at``) does to the local table."""
    if local is None:
        return _plan_new(incoming, exported_at)
    plan = MergePlan(incoming.id, "updated")
    ours = local.table
    local_stones = {t.id: t for t in ours.tombstones}
    incoming_stones = {t.id: t for t in incoming.tombstones}
    people = _merge_kind("participant", ours.participants, incoming.participants, local_stones,
                         incoming_stones, exported_at, plan, _participant)
    notes = _merge_kind("item", ours.items, incoming.items, local_stones, incoming_stones, exported_at, plan)
    plan.insert_participants, plan.update_participants = people.insert, people.update
    plan.delete_participants = people.delete
    present = ({p.id for p in ours.participants} | {p.id for p in people.insert}) - set(people.delete)
    before = {i.id: i for i in ours.items}
    plan.insert_items = _dangling(notes.insert, present)
    # Compared again once references are resolved: a dangling one is kept in extras here too.
    plan.update_items = [u for u in _dangling(notes.update, present) if u != before[u.id]]
    plan.delete_items = notes.delete
    live = present | (set(before) | {i.id for i in plan.insert_items}) - set(plan.delete_items)
    # A tombstone never names something the table holds (of either kind): it would travel on and
    # delete that thing elsewhere.
    plan.put_tombstones = [t for t in plan.put_tombstones if t.id not in live]
    if _when(exported_at) > _when(local.updated_at):
        plan.head = _head(ours, incoming)
    _directions(plan, before)
    plan.counts = MergeCounts(
        items_added=len(plan.insert_items), items_changed=len(plan.update_items), items_deleted=len(plan.delete_items),
        participants_added=len(plan.insert_participants), participants_changed=len(plan.update_participants),
        participants_deleted=len(plan.delete_participants), table_changed=bool(plan.head),
    )
    newest = max((local.source_exported_at, exported_at), key=_when)
    plan.source_exported_at = newest
    if not plan.counts.any:
        # Tombstones of things never here may still be recorded (so they travel on), but nothing
        # anyone sees changed: the table keeps its last-change time and the line says so.
        behind = exported_at is not None and _when(exported_at) < _when(local.source_exported_at)
        plan.status = "older" if behind else "unchanged"
    return plan


def _plan_new(incoming: Table, exported_at: str | None) -> MergePlan:
    plan = MergePlan(incoming.id, "created", source_exported_at=exported_at)
    plan.insert_participants = [_stamped(p, exported_at) for p in incoming.participants]
    present = {p.id for p in incoming.participants}
    plan.insert_items = _dangling([_stamped(i, exported_at) for i in incoming.items], present)
    live = present | {i.id for i in incoming.items}
    plan.put_tombstones = [t for t in incoming.tombstones if t.id not in live]
    _directions(plan, {})
    plan.counts = MergeCounts(items_added=len(plan.insert_items), participants_added=len(plan.insert_participants),
                              table_changed=True)
    return plan
