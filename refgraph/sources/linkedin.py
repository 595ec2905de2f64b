"""LinkedIn "Get a copy of your data": the zip, its unzipped folder, or one CSV from it.

Reads every generation described in docs/formats.md: Connections.csv with or without the ``Notes:``
preamble, URL and Email columns; messages.csv from 2018 to 2026 (drafts, spam, sponsored messages
and "LinkedIn Member" senders skipped; group threads touch every participant); Invitations,
Recommendations given and received, Endorsements, Profile and Positions. Message bodies are read
only to recognise sponsored messages and invitation notes, and are never stored.
"""
from __future__ import annotations

import functools
import hashlib
import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Iterator

from ..dates import YEARS, date_problem, parse_when
from ..errors import InputError, RefgraphError
from ..files import check_input, export_files
from ..identity import clean_name, full_name, name_key, normalise_email, normalise_url, split_credentials
from ..records import Batch, Employment, InteractionRecord, PersonRecord
from .tabular import Table, looks_like_header, read_table
from .worker import ahead, can_work_ahead, decode_batch, encode_batch

__all__ = ["read_linkedin", "read_linkedin_exports"]

_SPLIT_SUFFIX = re.compile(r"_\d+(?=\.csv$)")
_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
KNOWN = ("connections.csv", "messages.csv", "invitations.csv", "recommendations_received.csv",
         "recommendations_given.csv", "endorsement_received_info.csv", "endorsement_given_info.csv",
         "profile.csv", "positions.csv")


def canonical(name: str) -> str:
    """File name as compared: base name, lower case, spaces as underscores, no ``_<n>`` split suffix.

    >>> canonical("Complete/Messages 2.csv"), canonical("messages_1.csv"), canonical("coach_messages.csv")
    ('messages.csv', 'messages.csv', 'coach_messages.csv')
    """
    base = PurePosixPath(name.replace("\\", "/")).name.lower().replace(" ", "_")
    return _SPLIT_SUFFIX.sub("", base)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def _files(path: Path) -> tuple[dict[str, list[tuple[str, bytes]]], str]:
    """The export's CSV files grouped by canonical name, and the label to show for the export."""
    groups: dict[str, list[tuple[str, bytes]]] = {}

    def add(name: str, label: str, data: bytes) -> None:
        groups.setdefault(canonical(name), []).append((label, data))

    if not path.exists():
        raise InputError(path, "no such file or folder", "check the path of the LinkedIn export")
    kind, found = export_files(path, ".csv")
    if kind != "file":
        for label, name, data in found:
            add(name, label, data)
    else:
        [(_, _, data)] = found
        name = canonical(path.name)
        if name not in KNOWN:
            name = _sniff(path, data)
        groups[name] = [(str(path), data)]
    return groups, str(path)


def _sniff(path: Path, data: bytes) -> str:
    """Which LinkedIn file a CSV with an unusual name is, from its header."""
    for name in ("connections.csv", "messages.csv"):   # find the header by its content (after any preamble)
        try:
            read_table(path, data, is_header=_HEADERS[name])
            return name
        except InputError as exc:
            if "no header row" not in exc.problem:
                raise InputError(path, f"not a LinkedIn Connections.csv or messages.csv ({exc.problem})",
                                 "pass the export zip, its folder, or its Connections.csv / messages.csv") from None
    table = read_table(path, data, is_header=lambda cells: True)
    # its first line is shown only when it looks like a header: never a data row (a message body)
    columns = f" (columns: {', '.join(table.header[:8])})" if looks_like_header(table.header) else ""
    raise InputError(path, f"not a LinkedIn Connections.csv or messages.csv{columns}",
                     "pass the export zip, its folder, or its Connections.csv / messages.csv")


def _export_date(path: Path) -> date | None:
    for part in reversed(path.parts):
        m = _EXPORT_DATE.search(part)
        if m:
            try:
                return date(int(m[3]), int(m[1]), int(m[2]))
            except ValueError:
                continue
    return None


def _when(table: Table, line: int, value: str, column: str, quote: bool = True):
    """The date of a cell. *quote* False: a file that holds message bodies or notes, where a row cut
    short or shifted may have put one in the date's place (an error never shows it)."""
    when = parse_when(value)
    if when is None:
        if quote:
            problem = date_problem(value)
        else:
            problem = "the date is outside the years " + YEARS if date_problem(value).endswith(YEARS) \
                else "cannot read the date"
        raise InputError(table.path, f"{problem} in {column}",
                         "fix the cell or export the file again", row=line)
    return when


def read_linkedin(path: str | Path, owner: str | None = None, owner_not_in_messages: bool = False,
                  owner_links: dict[str, tuple[str, ...]] | None = None) -> Batch:
    """Parse a LinkedIn export into a :class:`Batch` (nothing is written).

    A messages.csv none of whose messages is from or to the owner (by name, or by a profile URL
    *owner_links* gives the owner's name key) is an error — a mistyped ``--owner``, or another
    person's export — unless *owner_not_in_messages*."""
    path = Path(path)
    check_input(path)
    groups, label = _files(path)
    batch = Batch(kind="linkedin", source=label)
    if "connections.csv" not in groups and "messages.csv" not in groups:
        # (an export of the messages alone is one: LinkedIn lets you ask for any part of your data)
        if path.is_dir() or zipfile.is_zipfile(path):
            raise InputError(label, "no Connections.csv or messages.csv in this export",
                             "request the export with Connections or Messages included (LinkedIn: Settings → "
                             "Data privacy → Get a copy of your data)")
        raise InputError(label, "no Connections.csv or messages.csv in this export",
                         "pass the LinkedIn data export zip (\"Get a copy of your data\") or its folder")

    profile_name = _profile_name(groups)
    if owner and profile_name and name_key(owner) != name_key(profile_name):
        raise RefgraphError(f"{label}: this export is {profile_name}'s (Profile.csv), not {clean_name(owner)}'s — "
                            f"drop --owner, or import {clean_name(owner)}'s own export")
    owner_name = clean_name(owner) if owner else profile_name
    if not owner_name:
        raise RefgraphError(f"{label}: no Profile.csv names the owner of this export — "
                            "pass --owner NAME (the person whose network this is)")
    batch.owner_name = owner_name
    batch.owner_confirmed = bool(profile_name)   # (an --owner that differs from it was refused above)
    owner_key = name_key(owner_name)
    reader = _Reader(batch, owner_key, (owner_links or {}).get(owner_key, ()))
    for name, handler in (("positions.csv", reader.positions), ("connections.csv", reader.connections),
                          ("invitations.csv", reader.invitations), ("messages.csv", reader.messages),
                          ("recommendations_received.csv", reader.recommendations_received),
                          ("recommendations_given.csv", reader.recommendations_given),
                          ("endorsement_received_info.csv", reader.endorsements_received),
                          ("endorsement_given_info.csv", reader.endorsements_given)):
        for file_label, data in groups.get(name, []):
            table = read_table(file_label, data, is_header=_HEADERS.get(name))
            batch.skipped["blank rows"] += table.blank
            handler(table)
    if not owner_not_in_messages:
        reader.check_owner(owner_name, named_by="--owner" if owner else "Profile.csv")
    batch.export_date = _export_date(path) or reader.latest
    batch.owner_linkedin = reader.owner_url()
    return batch


def read_linkedin_exports(paths: list, owner: str | None = None, owner_not_in_messages: bool = False,
                          owner_links: dict[str, tuple[str, ...]] | None = None) -> Iterator[Batch]:
    """:func:`read_linkedin` of each export in turn. With several, the next ones are parsed in a
    worker process while the caller writes the ones before."""
    if len(paths) < AHEAD_EXPORTS or not can_work_ahead():
        for path in paths:
            yield read_linkedin(path, owner=owner, owner_not_in_messages=owner_not_in_messages,
                                owner_links=owner_links)
        return
    for encoded in ahead(_encoded_exports, [str(p) for p in paths], owner, owner_not_in_messages, owner_links,
                         depth=2, label=str(paths[0])):
        yield decode_batch(encoded)


AHEAD_EXPORTS = 3   # this many exports or more are parsed in a worker process


def _encoded_exports(paths: list[str], owner: str | None, owner_not_in_messages: bool = False,
                     owner_links: dict[str, tuple[str, ...]] | None = None) -> Iterator[tuple]:
    for path in paths:
        yield encode_batch(read_linkedin(path, owner=owner, owner_not_in_messages=owner_not_in_messages,
                                         owner_links=owner_links))


def _first_cells(*names: str):
    wanted = [n.lower() for n in names]

    def test(cells):
        return [c.lower() for c in cells[:len(wanted)]] == wanted

    test.expected = " and ".join(names) + " first"
    return test


def _has_cells(*names: str):
    wanted = {n.lower() for n in names}

    def test(cells):
        return wanted <= {c.lower() for c in cells}

    test.expected = ", ".join(names)
    return test


_HEADERS = {
    "connections.csv": _first_cells("First Name", "Last Name"),
    "messages.csv": _has_cells("FROM", "TO"),
    "invitations.csv": _has_cells("From", "To", "Sent At"),
    "recommendations_received.csv": _has_cells("First Name", "Last Name", "Creation Date"),
    "recommendations_given.csv": _has_cells("First Name", "Last Name", "Creation Date"),
    "endorsement_received_info.csv": _has_cells("Endorsement Date"),
    "endorsement_given_info.csv": _has_cells("Endorsement Date"),
    "profile.csv": _has_cells("First Name", "Last Name"),
    "positions.csv": _has_cells("Company Name", "Title"),
}


def _profile_name(groups) -> str | None:
    for file_label, data in groups.get("profile.csv", []):
        table = read_table(file_label, data, is_header=_HEADERS["profile.csv"])
        for _, row in table.rows:
            first, last = table.column("First Name"), table.column("Last Name")
            name, _ = full_name(row.get(first, ""), row.get(last, ""))
            if name:
                return name
    return None


class _Reader:
    """Turns each LinkedIn file into records on one batch."""

    def __init__(self, batch: Batch, owner_key: str, owner_links: tuple[str, ...] = ()):
        self.batch, self.owner_key = batch, owner_key
        self.owner_links = frozenset(owner_links)   # the owner's profile URLs the store knows
        self.sender_urls: Counter = Counter()       # sender URLs of rows the owner sent
        self.all_sender_urls: Counter = Counter()
        self.invitation_notes: set[tuple[str, str]] = set()
        self.latest: date | None = None
        self.url_names: dict[str, str] = {}         # profile URL -> the name the export gives it
        self.messages_file: str | None = None       # the first messages.csv read
        self.message_rows = 0                       # messages read (not drafts, spam...)
        self.owner_in_messages = False              # one of them is from or to the owner
        self.other_senders: Counter = Counter()     # the senders that are not the owner, by name

    def _url(self, cell: str) -> str | None:
        """The join key of a profile URL cell; a cell that holds no readable one is counted (the row
        is read without it)."""
        url = normalise_url(cell)
        if url is None and cell.strip():
            self.batch.left_out["unreadable profile URLs"] += 1
        return url

    def _is_owner_name(self, name: str) -> bool:
        return name_key(full_name(name, "")[0]) == self.owner_key

    def check_owner(self, owner_name: str, named_by: str) -> None:
        """Refuse a messages.csv none of whose messages is from or to the owner: every message
        would be stored as received, and the owner become one of their own contacts."""
        if not self.message_rows or self.owner_in_messages:
            return
        sender = next((name for name, _ in self.other_senders.most_common(1)), None)
        hint = f" (the most frequent sender is {sender!r})" if sender else ""
        if named_by == "--owner":
            problem = f"no message is from or to the owner {owner_name!r} (by name or profile URL)"
            fix = f"check the spelling of --owner{hint}"
        else:
            problem = f"no message is from or to {owner_name!r}, the owner Profile.csv names"
            fix = f"check that this messages.csv belongs to that export{hint}"
        raise InputError(self.messages_file, problem,
                         fix + ", or pass --owner-not-in-messages to import its messages anyway")

    def _seen(self, day: date) -> None:
        if self.latest is None or day > self.latest:
            self.latest = day

    def _add(self, rec: InteractionRecord) -> None:
        self.batch.interactions.append(rec)
        self._seen(rec.day)

    def owner_url(self) -> str | None:
        """The owner's own profile URL: the most frequent sender URL of rows the owner sent (by
        name); when the owner's name never appears (``--owner`` spelled differently), the sender
        of over 40% of at least 10 messages."""
        if self.sender_urls:
            return self.sender_urls.most_common(1)[0][0]
        total = sum(self.all_sender_urls.values())
        if total >= 10:
            url, count = self.all_sender_urls.most_common(1)[0]
            if count > 0.4 * total:
                return url
        return None

    # -- Positions.csv: the owner's own jobs -----------------------------------------------------
    def positions(self, t: Table) -> None:
        company, title = t.column("Company Name"), t.column("Title")
        started, finished = t.column("Started On"), t.column("Finished On")
        for line, row in t.rows:
            name = clean_name(row.get(company, ""))
            if not name:
                continue
            start = _when(t, line, row[started], "Started On").day if started and row.get(started) else None
            end = _when(t, line, row[finished], "Finished On").day if finished and row.get(finished) else None
            self.batch.owner_positions.append(Employment(name, clean_name(row.get(title, "")) or None, start, end))

    # -- Connections.csv ------------------------------------------------------------------------
    def connections(self, t: Table) -> None:
        first, last = t.column("First Name"), t.column("Last Name")
        url_col, email_col = t.column("URL", "Profile URL"), t.column("Email Address", "Email")
        company, position, connected = t.column("Company"), t.column("Position"), t.column("Connected On")
        if connected is None:
            raise InputError(t.path, f"no 'Connected On' column (columns: {', '.join(t.header)})",
                             "pass LinkedIn's own Connections.csv")
        for line, row in t.rows:
            self.batch.rows += 1
            name, creds = full_name(row.get(first, ""), row.get(last, ""))
            if not name:
                self.batch.skipped["hidden members" if row.get(connected) else "blank rows"] += 1
                continue
            url = self._url(row.get(url_col, "")) if url_col else None
            if url:
                self.url_names.setdefault(url, name)
            when = _when(t, line, row.get(connected, ""), "Connected On")
            email = normalise_email(row.get(email_col, "")) if email_col else None
            person = PersonRecord(name=name, linkedin=url, emails=(email,) if email else (),
                                  company=clean_name(row.get(company, "")) or None,
                                  title=clean_name(row.get(position, "")) or None,
                                  credentials=creds, authoritative=True)
            self.batch.people.append(person)
            self._add(InteractionRecord((person,), when.day, when.stamp, "connection",
                                        key="connection:" + (url or name_key(name)),
                                        subject="Connected on LinkedIn", source=_base(t.path)))

    # -- Invitations.csv ------------------------------------------------------------------------
    def invitations(self, t: Table) -> None:
        c = {k: t.column(k) for k in ("From", "To", "Sent At", "Message", "Direction",
                                      "inviterProfileUrl", "inviteeProfileUrl")}
        for line, row in t.rows:
            self.batch.rows += 1
            outgoing = row.get(c["Direction"], "").upper().startswith("OUT")
            if not c["Direction"]:
                outgoing = name_key(row.get(c["From"], "")) == self.owner_key
            name = clean_name(row.get(c["To"] if outgoing else c["From"], ""))
            if not name or name == "LinkedIn Member":
                self.batch.skipped["invitations without a name"] += 1
                continue
            url = self._url(row.get(c["inviteeProfileUrl"] if outgoing else c["inviterProfileUrl"], "") or "")
            when = _when(t, line, row.get(c["Sent At"], ""), "Sent At", quote=False)
            name, creds = full_name(name, "")
            if url:
                self.url_names.setdefault(url, name)
            person = PersonRecord(name=name, linkedin=url, credentials=creds)
            note = " ".join(row.get(c["Message"], "").split())
            if note:
                self.invitation_notes.add((url or name_key(name), note))
            self._add(InteractionRecord((person,), when.day, when.stamp, "invitation",
                                        key="invitation:" + _digest(url or name_key(name), when.stamp,
                                                                    outgoing),
                                        direction="outbound" if outgoing else "inbound",
                                        subject="Invitation sent" if outgoing else "Invitation received",
                                        source=_base(t.path)))

    # -- messages.csv ---------------------------------------------------------------------------
    def messages(self, t: Table) -> None:
        col = {k: t.column(k) for k in ("CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL",
                                        "TO", "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT",
                                        "FOLDER", "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT", "Direction")}
        if not col["DATE"]:
            raise InputError(t.path, f"no DATE column (columns: {', '.join(t.header)})",
                             "pass LinkedIn's own messages.csv")
        get = lambda row, k: row.get(col[k], "") if col[k] else ""  # noqa: E731
        self.messages_file = self.messages_file or t.path
        parsed = []
        for line, row in t.rows:
            self.batch.rows += 1
            reason = self._skip_reason(row, col, get)
            if reason:
                self.batch.skipped[reason] += 1
                continue
            when = _when(t, line, get(row, "DATE"), "DATE", quote=False)
            sender_url = self._url(get(row, "SENDER PROFILE URL"))
            sender = clean_name(get(row, "FROM"))
            own = self._is_owner_name(sender) or sender_url in self.owner_links
            if sender_url:
                self.all_sender_urls[sender_url] += 1
                if own:
                    self.sender_urls[sender_url] += 1
                if sender and sender.lower() != "linkedin member":
                    self.url_names.setdefault(sender_url, full_name(sender, "")[0])
            if not own and sender and sender.lower() != "linkedin member":
                self.other_senders[full_name(sender, "")[0]] += 1
            to = get(row, "TO")
            names = split_names(to)
            links = [self._url(u) for u in get(row, "RECIPIENT PROFILE URLS").split(",") if u.strip()]
            links = [u for u in links if u]
            if links and len(names) == len(links):
                for n, u in zip(names, links):
                    self.url_names.setdefault(u, full_name(n, "")[0])
            self.message_rows += 1
            if not self.owner_in_messages:
                self.owner_in_messages = own or any(map(self._is_owner_name, names)) or any(
                    u in self.owner_links for u in links)
            parsed.append((line, row, when, sender, sender_url, to, names, links))
        owner_url = self.owner_url()

        def not_owner(p: PersonRecord) -> bool:   # a namesake with another profile URL is someone else
            if p.linkedin and owner_url:
                return p.linkedin != owner_url
            return name_key(p.name) != self.owner_key

        for _, row, when, sender, sender_url, to, names, links in parsed:
            from_owner = (sender_url == owner_url) if (sender_url and owner_url) else self._is_owner_name(sender)
            if col["Direction"] and get(row, "Direction"):
                from_owner = get(row, "Direction").strip().upper() in ("OUTGOING", "SENT", "OUTBOUND")
            people = [] if from_owner else [_person(sender, sender_url)]
            people += [p for p in self._recipients(to, names, links) if not_owner(p)]
            people = [p for p in people if p.name or p.linkedin]
            if not people:
                self.batch.skipped["messages without a counterpart"] += 1
                continue
            note = " ".join(get(row, "CONTENT").split())
            if note and len(people) == 1 and (people[0].linkedin or name_key(people[0].name), note) in self.invitation_notes:
                self.batch.skipped["invitation notes (counted once)"] += 1
                continue
            content_hash = hashlib.sha1(note.encode("utf-8")).hexdigest()
            subject = clean_name(get(row, "SUBJECT")) or clean_name(get(row, "CONVERSATION TITLE")) or None
            self._add(InteractionRecord(
                tuple(people), when.day, when.stamp, "message",
                key="message:" + _digest(get(row, "CONVERSATION ID"), when.stamp, sender_url or name_key(sender),
                                         content_hash),
                direction="outbound" if from_owner else "inbound",
                subject=subject, source=_base(t.path),
                attendees=len(people) + 1 if len(people) > 1 else None))   # a group thread's size, the owner too

    @staticmethod
    def _skip_reason(row, col, get) -> str | None:
        if get(row, "IS MESSAGE DRAFT").lower() == "yes" or get(row, "IS CONVERSATION DRAFT").lower() == "yes":
            return "drafts"
        if col["FOLDER"] and col["CONVERSATION ID"] and (not get(row, "FOLDER") or not get(row, "CONVERSATION ID")):
            return "drafts"
        if get(row, "FOLDER").upper() == "SPAM":
            return "spam"
        if ("sponsored conversation" in get(row, "CONVERSATION TITLE").lower()
                or "%FIRSTNAME%" in get(row, "CONTENT") or get(row, "FROM").lower().startswith("sponsored")):
            return "sponsored messages"
        sender = clean_name(get(row, "FROM"))
        if sender.lower() == "linkedin member" and not get(row, "SENDER PROFILE URL"):
            return "LinkedIn Member senders"
        if not sender and not get(row, "SENDER PROFILE URL"):
            return "messages without a sender"
        return None

    def _recipients(self, to: str, names: list[str], links: list[str]) -> list[PersonRecord]:
        """The people a message went to: profile URLs when the export has them (names by position
        when the counts agree), else the names in TO. When the counts differ (a name with a comma,
        a member gone), each profile is named by the export (a connection, a sender, another row)
        or by the one name in TO its URL spells; one still unnamed is known only by its URL (the
        store may know it; it is never a person without a name)."""
        if links:
            if len(names) == len(links):
                return [_person(n, u) for n, u in zip(names, links)]
            if len(links) == 1:   # "Bob Smith, Jr.": one person whose name has a comma
                return [_person(self.url_names.get(links[0]) or _spelled(links[0], names) or to, links[0])]
            people = []
            for u in links:
                name = self.url_names.get(u) or _spelled(u, names)
                people.append(_person(name, u) if name else PersonRecord(name="", linkedin=u))
            return people
        return [_person(n, None) for n in names]

    # -- Recommendations and endorsements -------------------------------------------------------
    def _recommendations(self, t: Table, given: bool) -> None:
        first, last = t.column("First Name"), t.column("Last Name")
        company, title = t.column("Company"), t.column("Job Title")
        created, status = t.column("Creation Date"), t.column("Status")
        for line, row in t.rows:
            self.batch.rows += 1
            name, creds = full_name(row.get(first, ""), row.get(last, ""))
            if not name:
                self.batch.skipped["blank rows"] += 1
                continue
            if status and row.get(status, "").upper() in ("REJECTED", "DELETED", "WITHDRAWN"):
                self.batch.skipped["withdrawn recommendations"] += 1
                continue
            when = _when(t, line, row.get(created, ""), "Creation Date", quote=False)
            person = PersonRecord(name=name, credentials=creds, company=clean_name(row.get(company, "")) or None,
                                  title=clean_name(row.get(title, "")) or None)
            self._add(InteractionRecord((person,), when.day, when.stamp, "recommendation",
                                        key=f"recommendation-{'given' if given else 'received'}:"
                                            + _digest(name_key(name), when.stamp),
                                        subject="Recommendation given" if given else "Recommendation received",
                                        source=_base(t.path)))

    def recommendations_received(self, t: Table) -> None:
        self._recommendations(t, given=False)

    def recommendations_given(self, t: Table) -> None:
        self._recommendations(t, given=True)

    def _endorsements(self, t: Table, given: bool) -> None:
        who = "Endorsee" if given else "Endorser"
        first, last = t.column(f"{who} First Name"), t.column(f"{who} Last Name")
        url_col, skill = t.column(f"{who} Public Url"), t.column("Skill Name")
        when_col, status = t.column("Endorsement Date"), t.column("Endorsement Status")
        for line, row in t.rows:
            self.batch.rows += 1
            name, creds = full_name(row.get(first, ""), row.get(last, ""))
            if not name:
                self.batch.skipped["blank rows"] += 1
                continue
            if status and row.get(status, "").upper() in ("REJECTED", "HIDDEN"):
                self.batch.skipped["hidden endorsements"] += 1
                continue
            when = _when(t, line, row.get(when_col, ""), "Endorsement Date")
            url = self._url(row.get(url_col, "")) if url_col else None
            person = PersonRecord(name=name, linkedin=url, credentials=creds)
            self._add(InteractionRecord((person,), when.day, when.stamp, "endorsement",
                                        key=f"endorsement-{'given' if given else 'received'}:"
                                            + _digest(url or name_key(name), when.stamp, row.get(skill, "")),
                                        direction="outbound" if given else "inbound",
                                        subject=f"Endorsed: {clean_name(row.get(skill, ''))}",
                                        source=_base(t.path)))

    def endorsements_received(self, t: Table) -> None:
        self._endorsements(t, given=False)

    def endorsements_given(self, t: Table) -> None:
        self._endorsements(t, given=True)


@functools.lru_cache(maxsize=256)
def _base(label: str) -> str:
    return PurePosixPath(label.replace("\\", "/").split(":")[-1]).name


def _person(name: str, url: str | None) -> PersonRecord:
    display, creds = full_name(name, "")
    if "," in name and not creds:
        display, creds = split_credentials(name)
    return PersonRecord(name=display if display.lower() != "linkedin member" else "", linkedin=url,
                        credentials=creds)


def split_names(text: str) -> list[str]:
    """Split a comma-joined list of names, keeping credentials with their name.

    >>> split_names("Jiwoo Hwang, MSPH, Priya Natarajan")
    ['Jiwoo Hwang, MSPH', 'Priya Natarajan']
    """
    names: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if names and split_credentials(f"x, {part}")[1]:
            names[-1] += f", {part}"
        else:
            names.append(part)
    return names


def _spelled(url: str, names: list[str]) -> str | None:
    """The one name of *names* whose every word the profile URL spells ("ann-lee-1" is Ann Lee)."""
    slug = set(name_key(url.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")).split())
    found = [n for n in names if (words := name_key(full_name(n, "")[0]).split()) and slug.issuperset(words)]
    return found[0] if len(found) == 1 else None
