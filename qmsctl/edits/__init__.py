"""Commands that change records: each edit runs on the loaded folder under the lock,
changes round-trip YAML, and is checked before anything is written (`store`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qmsctl.findings import Finding, RefusedChange
from qmsctl.i18n import _
from qmsctl.records import models
from qmsctl.records.load import Records, Sourced, load_records
from qmsctl.records.roundtrip import YamlText, append, block, new_text, sequence
from qmsctl.records.splice import ItemList, ItemNotKept, read_item_list
from qmsctl.records.text import split_front_matter
from qmsctl.store import Change, folder_lock

if TYPE_CHECKING:
    from qmsctl.agency import Agency
    from qmsctl.records.facts import TicketIndex
    from qmsctl.records.layout import TicketLayout

SHOWN_ERRORS = 5


@dataclass
class Editor:
    """The folder as loaded under the lock, and the files being changed."""

    root: Path
    records: Records
    facts: TicketIndex | None = None  # the tickets read as facts (`records.tickets` is then empty)
    _yaml: dict[str, YamlText] = field(default_factory=dict)
    _bodies: dict[str, str] = field(default_factory=dict)
    _new: dict[str, str] = field(default_factory=dict)
    _appended: dict[str, str] = field(default_factory=dict)
    _replaced: dict[str, str] = field(default_factory=dict)
    _lists: dict[str, ItemList | None] = field(default_factory=dict)  # ticket list files edited item by item
    notes: list[str] = field(default_factory=list)  # what the user is told besides the edit's message
    _listed: Counter[str] | None = None

    def yaml(self, file: str) -> YamlText:
        """A record file loaded for a round-trip edit (a document: its front matter)."""
        if self._lists.get(file) is not None:
            raise AssertionError(f"{file} is edited item by item")
        if file not in self._yaml:
            text = (self.root / file).read_text(encoding="utf-8")
            if file.endswith(".md"):
                front, body, _offset = split_front_matter(text)
                self._bodies[file] = body
                text = front
            self._yaml[file] = YamlText(text, file)
        return self._yaml[file]

    def item_list(self, file: str) -> ItemList | None:
        """The items of a ticket list file, to edit one by one without reading the file whole
        (`records/splice.py`); None for a file edited whole: one of another kind, or one whose
        lines do not show its items plainly, or that did not read whole."""
        if file not in self._lists:
            from qmsctl.records.load import classify

            found = None
            unread = self.facts.error_files if self.facts is not None else self.records.lost_files
            if classify(file) == "ticket" and file not in unread and file not in self._yaml:
                expected = self.list_counts()[file]
                found = read_item_list(self.root / file, expected) if expected else None
            self._lists[file] = found
        return self._lists[file]

    def append_item(self, file: str, record: dict[str, Any]) -> None:
        """A new ticket at the end of an existing list file: as text when the file's items are
        plain to see, else by the round trip of the whole file."""
        items = self.item_list(file)
        if items is not None:
            items.append(record)
        else:
            append(self.yaml(file).data, written_record(record))

    def node(self, item: Sourced[Any]) -> Any:
        """The round-trip mapping of a record, to change in place."""
        if len(item.loc) == 1 and isinstance(item.loc[0], int) and (items := self.item_list(item.file)) is not None:
            node = items.item(item.loc[0], item.model.id, item.file)
            if node is not None:
                return node
            if items.changed():  # another item of the file is already changed in its own lines
                raise RefusedChange(
                    "E801",
                    _("The ticket {id} cannot be edited alone in its file").format(id=item.model.id),
                    item.file,
                    hint=_("Run qmsctl check and mend the file first."),
                )
            self._lists[item.file] = None
        node = self.yaml(item.file).data
        for part in item.loc:
            node = node[part]
        return node

    def set_body(self, file: str, body: str) -> None:
        self.yaml(file)
        self._bodies[file] = body

    def create(self, file: str, data: Any, kind: str) -> None:
        if (self.root / file).exists() or file in self._new:
            raise RefusedChange("E804", _("{file} already exists").format(file=file), file)
        depth = file.count("/")
        header = f"# yaml-language-server: $schema={'../' * depth}.schemas/{kind}.schema.json\n"
        self._new[file] = new_text(data, header)

    def create_text(self, file: str, text: str) -> None:
        if (self.root / file).exists() or file in self._new:
            raise RefusedChange("E804", _("{file} already exists").format(file=file), file)
        self._new[file] = text

    def replace_text(self, file: str, text: str) -> None:
        """The whole new text of an existing file."""
        self._replaced[file] = text

    def append_text(self, file: str, text: str) -> None:
        """Text to add at the end of an existing file (new tickets at the end of a month's list)."""
        self._appended[file] = self._appended.get(file, "") + text

    def change(self) -> Change:
        change = Change(self.root)
        for file, text in self._new.items():
            change.put(file, text)
        for file, edited in self._yaml.items():
            text = edited.dump()
            if edited.rewritten:
                self.notes.append(_rewritten(file))
            if file in self._bodies:
                text = f"---\n{text}---\n{self._bodies[file]}"
            change.put(file, text)
        for file, text in self._replaced.items():
            change.put(file, text)
        for file, items in self._lists.items():
            if items is not None and items.changed():
                try:
                    change.put_spliced(file, items.data, *items.spliced())
                except ItemNotKept as lost:
                    raise RefusedChange(
                        "E801",
                        _("A ticket of {file} cannot be written back in its own lines").format(file=file),
                        file,
                        hint=_("Run qmsctl check and mend the file first."),
                    ) from lost
                self.notes.extend(_rewritten(file, ident) for ident in items.rewritten)
        for file, extra in self._appended.items():
            text = change.text(file) or (self.root / file).read_text(encoding="utf-8")
            change.put(file, text + ("" if not text or text.endswith("\n") else "\n") + extra)
        return change

    # Lookups that name what is missing: the folder object's.
    @property
    def agency(self) -> Agency:
        from qmsctl.agency import Agency

        return Agency(self.records, facts=self.facts)

    def ticket_ids(self) -> list[str]:
        if self.facts is not None:
            return self.facts.ids()
        return [s.model.id for s in self.records.tickets]

    def list_counts(self) -> Counter[str]:
        """How many tickets each list file holds (counted once)."""
        if self._listed is None:
            if self.facts is not None:
                self._listed = Counter(self.facts.in_lists)
            else:
                self._listed = Counter(s.file for s in self.records.tickets if s.loc)
        return self._listed

    def ticket_layout(self) -> TicketLayout:
        """Where new tickets go (`records/layout.py`)."""
        from qmsctl.records.layout import TicketLayout

        def singles() -> Iterator[tuple[str, datetime]]:  # read only when the folder has no month lists
            if self.facts is not None:
                yield from ((t.file, t.received) for t in self.facts.tickets if not t.loc)
            else:
                yield from ((s.file, s.model.received) for s in self.records.tickets if not s.loc)

        return TicketLayout.of_counts(self.list_counts(), singles())

    def ticket(self, ident: str) -> Sourced[models.Ticket]:
        return self.agency.sourced_ticket(ident)

    def action(self, ident: str) -> Sourced[models.Action]:
        return self.agency.action(ident)

    def document(self, code: str) -> Sourced[models.Document]:
        return self.agency.document(code)


@dataclass
class Outcome:
    message: str
    change: Change
    files: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def diff(self) -> str:
        """The change as a unified diff (made only when asked: an import's can be large)."""
        return self.change.diff()


def apply_edit(
    root: Path,
    edit: Callable[[Editor], str],
    dry_run: bool = False,
    today: date | None = None,
    tickets: bool = True,
    facts: bool = False,
) -> Outcome:
    """Run `edit` on the folder under its lock; write its change only if `check` stays as clean
    as it was. `edit` returns the line to tell the user.

    With `tickets=False` the edit is one that neither reads nor writes tickets (actions,
    documents, objectives): the tickets are not read, and not checked again. Nothing but a ticket
    refers to a ticket, and what a ticket's findings depend on (the profile, the units, the
    calendars, the procedures) is not what such an edit changes, so the findings it could add
    are all among the records it reads.

    With `facts` the edit is one of tickets (adding one, a step of one): the tickets are read as
    their facts (`records/facts.py`), the ticket it names is read whole, and a change of ticket
    files only is checked by the files it changes and the rules across tickets
    (`Change.new_ticket_errors`). A change that touches other files is checked on the whole
    folder, read then."""
    if today is None:
        from qmsctl.options import today as local_today

        today = local_today()
    with folder_lock(root):
        from qmsctl.records.load import files_but_tickets

        if facts:
            from qmsctl.records.cache import listed
            from qmsctl.records.facts import read_ticket_facts

            with listed(root):  # one listing of the folder for both readings
                editor = Editor(root, load_records(root, without_tickets=True), read_ticket_facts(root, save=False))
        else:
            editor = Editor(root, load_records(root, only=None if tickets else files_but_tickets(root)))
        message = edit(editor)
        change = editor.change()
        errors: list[Finding] = []
        if change.changed() and editor.facts is not None and change.of_tickets_only():
            errors = change.new_ticket_errors(editor.records, editor.facts, today)
        elif change.changed():
            records = editor.records if editor.facts is None else load_records(root)
            errors = change.new_errors(records, today)
        if errors:
            shown = "\n".join(f"  {f.file}:{f.line or 1}: {f.code} {f.message}" for f in errors[:SHOWN_ERRORS])
            first = errors[0]
            raise RefusedChange(
                "E803",
                _("Nothing was written: the change would make qmsctl check fail") + "\n" + shown,
                hint=first.hint,
            )
        files = [] if dry_run else change.write()
        if editor.facts is not None:
            from qmsctl.records.facts import remember_facts

            remembered = change.spliced_facts if files else {}
            remember_facts(editor.facts, {f: (change.raw[f], tickets) for f, tickets in remembered.items()})
        return Outcome(message, change, files or sorted(change.changed()), editor.notes)


def _rewritten(file: str, ident: str | None = None) -> str:
    what = _("the ticket {id}").format(id=ident) if ident else _("the file")
    return _(
        "{file}: {what} was written afresh, its comments left out (its layout is one the editor cannot keep)"
    ).format(file=file, what=what)


def written_record(record: dict[str, Any]) -> Any:
    """A record for the round trip, its moments written as the records write them."""
    return block({key: moment_text(v) if isinstance(v, datetime) else v for key, v in record.items()})


def moment_text(value: datetime) -> str:
    """A time as the records write it: 2025-03-04 09:15 (seconds only when there are some)."""
    return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")


def set_in_order(node: Any, key: str, value: Any, order: list[str]) -> None:
    """Set `key`; a new key goes after the keys that come before it in `order` (the order
    docs/records.md writes a record in), so the file still reads like the form."""
    if key in node:
        node[key] = value
        return
    before = order[: order.index(key)] if key in order else order
    keys = list(node.keys())
    position = max((keys.index(k) + 1 for k in before if k in keys), default=0)
    node.insert(position, key, value)


def add_to_list(node: Any, key: str, item: Any, order: list[str] | None = None) -> None:
    """Append `item` to the list under `key`, making the list (in its place) if there is none."""
    if node.get(key):
        append(node[key], item)
    elif order:
        set_in_order(node, key, sequence([item]), order)
    else:
        node[key] = sequence([item])


def numbered(items: list[Any], number: int, missing: str, file: str) -> Any:
    """The `number`-th of `items`, counted from 1 as the forms number them; else a refusal
    saying `missing` and the numbers there are."""
    if not 1 <= number <= len(items):
        raise refuse(missing, _("They are numbered 1 to {last}.").format(last=len(items)), file)
    return items[number - 1]


# A code that names a file or a part of one (documents/QT.CTCL.md, procedures/QT.NC.01.yaml,
# a unit's objectives/2026-HCTC.yaml): letters, digits, dots and dashes, from a letter or a
# digit (a leading dot hides a file from the reading), and not a name Windows keeps for a
# device (CON, NUL, COM1 …: the folder is cloned there too).
_FILE_CODE = re.compile(r"\w[\w.\-]*")
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10))})


def file_code(code: str) -> str:
    """`code`, if it can name a file; refused (E806) otherwise."""
    if not _FILE_CODE.fullmatch(code) or code.split(".", 1)[0].upper() in _DEVICES:
        raise refuse(
            _("The code {code} cannot name a file: it holds letters, digits, dots and dashes").format(code=code),
            _("For example QT.CTCL, HD.VP.07 or HCTC."),
        )
    return code


def refuse(message: str, hint: str = "", file: str = "") -> RefusedChange:
    return RefusedChange("E806", message, file, hint=hint)
