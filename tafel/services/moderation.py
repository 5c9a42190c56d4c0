"""The moderator's use cases, called by the TUI's screens: tables, participants, notes, rounds.

Thin on purpose: each method is a Store call plus the domain rule around it (parse a typed
line, remember how to undo it, pause one round's timer when another starts). Screens call these
and never touch SQL or count anything themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import DatabaseError

from tafel.canvases import Library
from tafel.crashlog import logged
from tafel.domain import suggest
from tafel.domain.canvas import Canvas, Round
from tafel.domain.entry import parse_note, parse_note_lines, parse_tension
from tafel.domain.errors import TafelError
from tafel.domain.fallback import canvas_from_table
from tafel.domain.suggest import suggest_refs
from tafel.domain.table import Item, Participant, Table, TableSummary
from tafel.domain.timer import RoundTimer
from tafel.domain.undo import UndoEntry, UndoStack
from tafel.settings import Settings
from tafel.storage.repository import DirectionVersion, Store

Clock = Callable[[], dt.datetime]
SESSION_FILE = "tui-session.json"
PARTICIPANTS, CLOSING = "participants", "closing"  # the steps before and after the rounds


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


F = TypeVar("F", bound=Callable[..., Any])


def db_error(exc: DatabaseError) -> TafelError:
    """A failed read or write as a TafelError: ``db.full`` (SQLITE_FULL) or ``db.write_failed``.

    "database or disk is full", "disk I/O error", "attempt to write a readonly database",
    "database is locked": nothing was written (the transaction rolled back), and the screen says
    so in one line with what was typed still in its field.
    """
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    message = detail[0] if detail else type(exc).__name__
    key = "db.full" if "full" in message.lower() else "db.write_failed"
    return TafelError(key, error=message)


def stored(method: F) -> F:
    """The one place a database error of the moderator's use cases becomes a TafelError."""

    @functools.wraps(method)
    def guarded(self: Moderation, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except DatabaseError as exc:
            raise db_error(exc) from exc

    return guarded  # type: ignore[return-value]  # functools.wraps: the method's own signature


def changes(method: F) -> F:
    """An edit of the tables: counted, so screens kept aside know to read their table again;
    its database errors said as TafelErrors (``stored``)."""

    @functools.wraps(method)
    def counted(self: Moderation, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            self.revision += 1
            self.committed()

    return stored(counted)  # type: ignore[return-value]  # as in stored


@dataclass(frozen=True)
class TableView:
    """A table with its canvas: what every screen of an open table shows from."""

    table: Table
    canvas: Canvas
    canvas_known: bool = True  # False: the canvas is not on this laptop; ``canvas`` is read from the table

    def steps(self) -> list[str]:
        return [PARTICIPANTS, *(r.id for r in self.canvas.rounds), CLOSING]



def _shown(url: str) -> str:
    """A database URL as it may be written to a file: without its password (session.json)."""
    from tafel.redact import safe_url

    return url if url.startswith("sqlite") else safe_url(url)

class Moderation:
    def __init__(self, store: Store, library: Library, settings: Settings, clock: Clock = utc_now) -> None:
        self.store, self.library, self.settings, self.clock = store, library, settings, clock
        self.undo_stack = UndoStack()
        self.revision = 0  # goes up with every edit (see ``changes``)
        self._seen: dict[str, tuple[str, str | None]] = {}  # table id -> its ``changed_at`` when last looked
        # Called after every edit (and a new current round): the share server's live pages, when it
        # runs in this process. It must return at once (it only wakes the server).
        self.on_commit: Callable[[], None] | None = None

    def committed(self) -> None:
        if self.on_commit is not None:
            with logged("tui: the live page woken after an edit"):  # the phones' page never stops the moderator
                self.on_commit()

        self.rescan = False  # read the canvas folders again when a table is started (set by the app)

    def rescan_canvases(self) -> None:
        """A canvas written or changed while tafel runs is there for the next table, no restart.

        Only where the library came from the folders (not one a test or caller gave).
        """
        if not self.rescan:
            return
        from tafel.canvases import load_library

        self.library = load_library(self.settings.extra_canvases, self.settings.user_canvases)

    def participants_short(self, view: TableView) -> int | None:
        """The canvas's minimum when fewer people sit at the table (one calm line, never a block)."""
        from tafel.domain.canvas import participants_below_minimum

        count = len(view.table.participants)
        return view.canvas.participants_min if participants_below_minimum(view.canvas, count) else None

    # -- tables ----------------------------------------------------------------------------

    @stored
    def list_tables(self) -> list[TableSummary]:
        return self.store.list_tables()

    @changes
    def start_table(
        self, *, canvas: str, title: str, date: str | None = None, programme: str | None = None,
        location: str | None = None, moderator: str | None = None, language: str | None = None,
    ) -> str:
        c = self.library.get(canvas, language)  # in the table's language where the canvas has it
        table_id = self.store.create_table(
            title=title.strip(), canvas=c.id, canvas_version=c.version, language=c.language,
            date=date or self.clock().date().isoformat(), programme=programme or None,
            location=location or None, moderator=moderator or None,
        )
        self.store.update_table(table_id, started_at=self.clock().isoformat(timespec="seconds"))
        return table_id

    @stored
    def changed_elsewhere(self, table_id: str) -> bool:
        """Whether another process (``tafel import``) changed the table since it was last looked at.

        An import stamps the tables it changed with its own time, and with the newest file's export
        time; a last change that is not this process's own write, or a newer file, means the open
        screens should read the table again. The first look only takes note.
        """
        now, before = self.store.changed_at(table_id), self._seen.get(table_id)
        if now is None:
            return False
        self._seen[table_id] = now
        if before is None or now == before:
            return False
        if now[1] == before[1] and now[0] == self.store.touched.get(table_id):
            return False  # only this process's own edits since the last look
        self.revision += 1  # screens kept aside read the table again too
        return True

    @stored
    def view(self, table_id: str) -> TableView:
        table = self.store.get_table(table_id)
        canvas = self.library.find(table.canvas, table.language)
        if canvas is None:  # made with a canvas from another laptop: its own rounds and zones
            return TableView(table, canvas_from_table(table), canvas_known=False)
        return TableView(table, canvas)

    @stored
    def share_token(self, table_id: str) -> str:
        """The table's share token: its live page while open, its summary once exported."""
        return self.store.share_token(table_id)

    @changes
    def delete_table(self, table_id: str) -> None:
        self.store.delete_table(table_id)
        self.undo_stack.push("tui.undo.table_deleted", lambda: self.store.restore_table(table_id))
        if self.last_step()[0] == table_id:
            self.forget_table()

    @stored
    def purge_deleted(self) -> int:
        return self.store.purge_deleted()

    # -- where the moderator is (survives quitting) ------------------------------------------

    def _session_path(self) -> Any:
        return self.settings.home / SESSION_FILE

    def remember_step(self, table_id: str, step: str) -> None:
        """The open table and step, so that starting tafel again lands here."""
        if step not in (PARTICIPANTS, CLOSING):
            with contextlib.suppress(DatabaseError):  # a full disk: the session file below still knows it
                self.store.set_current_round(table_id, step)
                self.committed()  # the live page shows the current round
        data: dict[str, Any] = {"db": _shown(self.settings.db_url), "table": table_id, "step": step}
        try:
            path = self._session_path()
            if path.exists():
                old = json.loads(path.read_text("utf-8"))
                if old.get("table") == table_id and old.get("step") == step:
                    data["focus"] = old.get("focus")  # reopening the same step: keep the place in it
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data), "utf-8")
        except (OSError, ValueError):
            pass  # the database still knows the round; losing the step is no reason to stop

    def remember_focus(self, focus: str | None) -> None:
        """Where inside the step the moderator is (e.g. the participant of a values round)."""
        try:
            path = self._session_path()
            data = json.loads(path.read_text("utf-8"))
            data["focus"] = focus
            path.write_text(json.dumps(data), "utf-8")
        except (OSError, ValueError):
            pass

    def last_focus(self) -> str | None:
        try:
            focus = json.loads(self._session_path().read_text("utf-8")).get("focus")
        except (OSError, ValueError, AttributeError):
            return None
        return str(focus) if focus else None

    def forget_table(self) -> None:
        with contextlib.suppress(OSError):
            self._session_path().unlink(missing_ok=True)

    @stored
    def last_step(self) -> tuple[str | None, str | None]:
        """(table id, step) of the table open when tafel last stopped, if it is still here."""
        try:
            data = json.loads(self._session_path().read_text("utf-8"))
            table_id, step = str(data["table"]), str(data["step"])
            if data.get("db") not in (self.settings.db_url, _shown(self.settings.db_url)):
                return None, None
        except (OSError, ValueError, KeyError, TypeError):
            return None, None
        if not any(s.id == table_id for s in self.store.list_tables()):
            return None, None
        return table_id, step

    @stored
    def resume_step(self, view: TableView) -> str:
        """Where to open a table: an ended one at its closing, else its current round, or the
        participants when none was opened."""
        if view.table.ended_at:
            return CLOSING
        current = self.store.current_round(view.table.id)
        return current if current and view.canvas.round(current) else PARTICIPANTS

    # -- participants ------------------------------------------------------------------------

    @changes
    def add_participant(self, table_id: str, *, name: str | None, sector: str | None,
                        consent: bool) -> Participant:
        p = self.store.add_participant(table_id, name=(name or "").strip() or None, sector=sector or None,
                                       consent=consent)
        self.undo_stack.push("tui.undo.participant_added", lambda: self.store.remove_participant(p.id))
        return p

    @changes
    def update_participant(self, participant: Participant, **fields: Any) -> Participant:
        before = {k: getattr(participant, k) for k in fields}
        if "name" in fields:
            fields["name"] = (fields["name"] or "").strip() or None
        updated = self.store.update_participant(participant.id, **fields)
        self.undo_stack.push("tui.undo.participant_edited",
                             lambda: self.store.update_participant(participant.id, **before))
        return updated

    @changes
    def remove_participant(self, table_id: str, participant_id: str) -> None:
        removed, position = self.store.remove_participant(participant_id)
        self.undo_stack.push("tui.undo.participant_removed",
                             lambda: self.store.restore_participant(table_id, removed, position))

    # -- items -------------------------------------------------------------------------------

    @changes
    def set_value(self, table_id: str, rnd: Round, participant_id: str, *, value: str | None = None,
                  text: str | None = None, refs: Sequence[str] | None = None,
                  item: Item | None = None) -> Item:
        """Create or change one participant's value card, motivation and refs."""
        fields: dict[str, Any] = {}
        if value is not None:
            fields["value"] = value.strip()
        if text is not None:
            fields["text"] = text
        if refs is not None:
            fields["refs"] = list(refs)
        if item is None:
            made = self.store.add_item(table_id, round=rnd.id, kind="value", participant=participant_id, **fields)
            if value is not None:
                self.undo_stack.push("tui.undo.card_picked", lambda: self.store.delete_item(made.id))
            return made
        # A card or its refs changed can be undone; the motivation is saved as typed, not undone word by word.
        before = {k: getattr(item, k) for k in fields if k != "text" and getattr(item, k) != fields[k]}
        updated = self.store.update_item(item.id, **fields)
        if before:
            self.undo_stack.push("tui.undo.card_changed", lambda: self.store.update_item(item.id, **before))
        return updated

    def suggestions(self, view: TableView, item: Item | None, text: str) -> list[str]:
        lang = view.canvas.language
        # Never wait for the dictionary on a keystroke: until it is loaded, words as written count.
        return suggest_refs(text, view.canvas.deck, picked=item.value if item else None, lang=lang,
                            already=item.refs if item else (), lemmatise=suggest.is_warm(lang))

    def warm_up(self, languages: Sequence[str] = ()) -> None:
        """Load the lemmatiser's dictionaries (slow once; call from a thread)."""
        from tafel.services.lemmas import lemmatizer

        suggest.use_lemmatizer(lemmatizer(self.settings.home / "cache"))
        for lang in languages or sorted({c.language for c in self.library.all()}):
            suggest.warm_up(lang)

    # A note or advice is saved while it is typed (a draft: the line as typed, in its zone), so a
    # power cut loses at most the last second of it; Enter lays it: its #tags and poles read, and
    # an undo step. Emptying the field deletes the draft.

    @changes
    def save_draft(self, table_id: str, rnd: Round, zone_id: str | None, typed: str,
                   draft: Item | None) -> Item | None:
        """The line being typed in a zone's (or the advice) field, as typed; None when it is empty."""
        text = typed.strip()
        if draft is not None:
            try:
                if not text:
                    self.store.delete_item(draft.id)
                    return None
                return self.store.update_item(draft.id, text=text)
            except TafelError as exc:
                if exc.key != "item.not_found":  # deleted meanwhile (from the list): made again below
                    raise
        if not text:
            return None
        if rnd.kind == "advice":
            return self.store.add_item(table_id, round=rnd.id, kind="advice", text=text)
        zone = rnd.zone(zone_id or "")
        kind = zone.kind if zone and zone.kind != "tension" else "note"  # poles are read on Enter
        return self.store.add_item(table_id, round=rnd.id, kind=kind, zone=zone_id, text=text)

    @changes
    def discard_draft(self, draft: Item | None) -> None:
        if draft is not None:
            with contextlib.suppress(TafelError):
                self.store.delete_item(draft.id)

    def _lay(self, table_id: str, rnd: Round, draft: Item | None, **fields: Any) -> Item:
        """The draft made final with ``fields`` (or a new item, without a draft); one undo step."""
        item = None
        if draft is not None:
            try:
                item = self.store.update_item(draft.id, **fields)
            except TafelError as exc:
                if exc.key != "item.not_found":
                    raise
        if item is None:
            item = self.store.add_item(table_id, round=rnd.id, **fields)
        self._undo_add(item)
        return item

    @changes
    def add_note(self, table_id: str, rnd: Round, zone_id: str, typed: str,
                 draft: Item | None = None) -> Item | None:
        """A typed line as a note in a zone; None when a tension line names no two poles (the draft
        stays, for the dialog that asks them) or when nothing is left of it but tags."""
        zone = rnd.zone(zone_id)
        kind = zone.kind if zone else "note"
        if kind == "tension":
            entry = parse_tension(typed)
            if entry is None:
                return None
        else:
            entry = parse_note(typed)
            if not entry.text:
                self.discard_draft(draft)
                return None
        return self._lay(table_id, rnd, draft, kind=kind, zone=zone_id, text=entry.text, tags=entry.tags,
                         between=entry.between)

    @changes
    def add_tension(self, table_id: str, rnd: Round, zone_id: str, poles: Sequence[str], text: str,
                    tags: Sequence[str], draft: Item | None = None) -> Item:
        return self._lay(table_id, rnd, draft, kind="tension", zone=zone_id, text=text, between=list(poles),
                         tags=list(tags))

    @changes
    def add_pasted(self, table_id: str, rnd: Round, zone_id: str | None, text: str, mode: str,
                   draft: Item | None = None) -> list[Item]:
        """Several lines pasted into a note or advice field: one note with its line breaks (``mode``
        "one") or a note per non-empty line ("lines"). Nothing is dropped: in a tension zone a
        text naming no two poles is laid as a plain note there, to be made a tension with E."""
        units = [text.strip("\n")] if mode == "one" else [line for line in text.split("\n") if line.strip()]
        zone = rnd.zone(zone_id or "")
        kind = "advice" if rnd.kind == "advice" else (zone.kind if zone else "note")
        laid: list[Item] = []
        for unit in units:
            fields: dict[str, Any] = {"kind": kind, "zone": zone_id}
            tension = parse_tension(" ".join(unit.split())) if kind == "tension" else None
            if tension is not None:
                fields.update(text=tension.text, tags=tension.tags, between=tension.between)
            else:
                entry = parse_note_lines(unit)
                if not entry.text.strip():
                    continue
                fields.update(text=entry.text, tags=entry.tags)
                if kind == "tension":
                    fields["kind"] = "note"
            if kind == "advice":
                del fields["zone"]
            laid.append(self._lay(table_id, rnd, draft if not laid else None, **fields))
        if not laid:
            self.discard_draft(draft)
        return laid

    @changes
    def add_advice(self, table_id: str, rnd: Round, typed: str, draft: Item | None = None) -> Item | None:
        entry = parse_note(typed)
        if not entry.text:
            self.discard_draft(draft)
            return None
        return self._lay(table_id, rnd, draft, kind="advice", text=entry.text, tags=entry.tags)

    def _undo_add(self, item: Item) -> None:
        self.undo_stack.push("tui.undo.item_added", lambda: self.store.delete_item(item.id))

    @changes
    def edit_item(self, item: Item, **fields: Any) -> Item:
        before = {k: getattr(item, k) for k in fields}
        updated = self.store.update_item(item.id, **fields)
        self.undo_stack.push("tui.undo.item_edited", lambda: self.store.update_item(item.id, **before))
        return updated

    @stored
    def move_item(self, item: Item, rnd: Round, step: int) -> Item:
        """Move a note to the zone ``step`` places right (negative: left); its kind follows the zone.

        A tension leaving for a zone of plain notes keeps its poles in its text ("a <> b: note"),
        so moving it back makes the same tension; a note becomes a tension only if it names two poles.
        """
        ids = [z.id for z in rnd.zones]
        here = ids.index(item.zone) if item.zone in ids else 0
        target = rnd.zones[(here + step) % len(ids)]
        fields: dict[str, Any] = {"zone": target.id, "kind": target.kind}
        if item.kind == "tension" and target.kind != "tension" and item.between:
            poles = " <> ".join(item.between)
            fields.update(text=f"{poles}: {item.text}" if item.text else poles, between=[])
        elif target.kind == "tension" and item.kind != "tension" and len(item.between) < 2:
            entry = parse_tension(item.text)
            if entry is None:
                raise TafelError("notes.needs_poles", zone=target.title)
            fields.update(text=entry.text, between=entry.between, tags=list(dict.fromkeys([*item.tags, *entry.tags])))
        return self.edit_item(item, **fields)

    @changes
    def delete_item(self, table_id: str, item_id: str) -> None:
        removed, position = self.store.delete_item(item_id)
        self.undo_stack.push("tui.undo.item_deleted",
                             lambda: self.store.restore_item(table_id, removed, position))

    @changes
    def delete_ranked(self, table_id: str, item_id: str, ordered: Sequence[Item]) -> None:
        """Delete one of a ranked list and close the gap; one undo puts both back."""
        before = [i.id for i in ordered]
        removed, position = self.store.delete_item(item_id)
        self.store.rank_items(table_id, [i for i in before if i != item_id])

        def revert() -> None:
            self.store.restore_item(table_id, removed, position)
            self.store.rank_items(table_id, before)

        self.undo_stack.push("tui.undo.item_deleted", revert)

    @changes
    def rank(self, table_id: str, ordered: Sequence[Item]) -> None:
        before = [i.id for i in sorted(ordered, key=lambda i: (i.rank is None, i.rank or 0))]
        self.store.rank_items(table_id, [i.id for i in ordered])
        self.undo_stack.push("tui.undo.ranked", lambda: self.store.rank_items(table_id, before))

    @stored
    def undo(self) -> UndoEntry | None:
        entry = self.undo_stack.peek()
        if entry is not None:
            self.revision += 1
            entry.revert()  # a full disk raises here (see ``stored``): the entry stays, to undo again
            self.undo_stack.pop()
        return entry

    # -- direction ---------------------------------------------------------------------------

    @stored
    def save_direction(self, table_id: str, round_id: str, text: str) -> DirectionVersion | None:
        """Keep the text as a new version, unless it is what was saved last."""
        versions = self.store.direction_versions(table_id, round_id)
        if versions and versions[-1].text == text:
            return None
        if not versions and not text.strip():
            return None
        self.revision += 1
        return self.store.save_direction(table_id, round_id, text)

    @changes
    def keep_direction(self, current: Item, text: str) -> Item:
        """The direction's text as it is being typed, without a new version (those are kept where
        the typing pauses, ``save_direction``): a power cut mid-sentence loses at most a second."""
        return self.store.update_item(current.id, text=text)

    @stored
    def direction_item(self, table_id: str, round_id: str) -> Item | None:
        return self.store.get_table(table_id).direction(round_id)

    @stored
    def direction_versions(self, table_id: str, round_id: str) -> list[DirectionVersion]:
        return self.store.direction_versions(table_id, round_id)

    # -- timers ------------------------------------------------------------------------------

    @stored
    def timers(self, table_id: str) -> dict[str, RoundTimer]:
        return self.store.timers(table_id)

    @stored
    def enter_round(self, table_id: str, round_id: str) -> RoundTimer:
        """Entering a round for the first time starts its timer; other running timers pause."""
        now = self.clock()
        for other, timer in self.store.timers(table_id).items():
            if other != round_id and timer.running:
                self.store.save_timer(table_id, other, timer.pause(now))
        timer = self.store.timer(table_id, round_id)
        if not timer.running and timer.elapsed == 0:
            timer = timer.start(now)
            self.store.save_timer(table_id, round_id, timer)
        return timer

    @stored
    def end_table(self, table_id: str) -> None:
        """The table reached its closing: ``ended_at`` is set (once; the first closing counts)."""
        if not self.store.get_table(table_id).ended_at:
            self.store.update_table(table_id, ended_at=self.clock().isoformat(timespec="seconds"))

    @stored
    def pause_all(self, table_id: str) -> None:
        now = self.clock()
        for round_id, timer in self.store.timers(table_id).items():
            if timer.running:
                self.store.save_timer(table_id, round_id, timer.pause(now))

    @stored
    def toggle_timer(self, table_id: str, round_id: str) -> RoundTimer:
        timer = self.store.timer(table_id, round_id).toggle(self.clock())
        self.store.save_timer(table_id, round_id, timer)
        return timer

    def total_seconds(self, timers: dict[str, RoundTimer]) -> float:
        now = self.clock()
        return sum(t.seconds(now) for t in timers.values())

    # -- export ------------------------------------------------------------------------------

    def export(self, table_id: str) -> ExportResult:
        """The summary export when the summary module is there, else the table's JSON."""
        try:
            from tafel.services.summary import export_summary
        except ImportError:
            from tafel.services.exchange import export_table

            done = export_table(self.store, self.library, table_id, self.settings.exports)
            self.store.record_export(table_id, str(done.folder))
            return ExportResult(str(done.folder), None, [str(done.json_path)], None)
        result = export_summary(self.store, self.library, self.settings, table_id)
        url = getattr(result, "url", None)
        return ExportResult(str(result.folder), url, [str(p) for p in getattr(result, "paths", [])],
                            qr_text(url) if url else None)


@dataclass(frozen=True)
class ExportResult:
    folder: str
    url: str | None
    paths: list[str]
    qr: str | None  # the QR code as half-block text, when there is a URL to point to


def qr_text(url: str) -> str | None:
    try:
        from tafel.render.qr import qr_halfblocks
    except ImportError:
        return None
    return str(qr_halfblocks(url))
