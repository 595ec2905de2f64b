"""The import half of :class:`refgraph.api.Refgraph`: one method per input format, each reading
its file with :mod:`refgraph.sources` and writing the batch to the store in one transaction. A
mixin the ``Refgraph`` class inherits (it uses the object's store, parameters and notice).
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterable

from .errors import RefgraphError
from .identity import name_key
from .records import Summary

__all__ = ["ImportAPI"]


class ImportAPI:
    """``import_linkedin``, ``import_interactions``, ``import_calendar``, ``import_contacts``,
    ``import_knows`` and ``import_accounts`` (see :class:`refgraph.api.Refgraph`)."""

    def import_linkedin(self, path, owner: str | None = None, progress: Callable | None = None,
                        owner_not_in_messages: bool = False, new_owners: Iterable[str] = ()):
        """Import a LinkedIn export (zip, folder, Connections.csv or messages.csv) and return its
        :class:`Summary`. Given a list of exports (teammates' exports, say), import them all in one
        transaction, each as its own import would (its Profile.csv names its owner), and return
        their summaries; if any export cannot be imported, none is.

        A messages.csv none of whose messages is from or to the owner (by name, or by a profile URL
        the store knows is theirs) is refused — a mistyped owner, or someone else's export — unless
        *owner_not_in_messages*. An owner whose name is close to another owner's is refused as a
        typo, unless its export's Profile.csv names that person or *new_owners* names it."""
        from .sources.linkedin import read_linkedin, read_linkedin_exports

        links: dict[str, tuple[str, ...]] = {}   # the owners' profile URLs the store knows, by name key
        for name, url in self._owner_links():
            links[name_key(name)] = (*links.get(name_key(name), ()), url)
        if not isinstance(path, (list, tuple)):
            return self._apply(read_linkedin(path, owner=owner, owner_not_in_messages=owner_not_in_messages,
                                             owner_links=links), owner, progress, new_owners)
        paths = list(path)
        if owner and len(paths) != 1:
            raise RefgraphError(f"owner {owner!r} names the owner of one export, but {len(paths)} were given — "
                                "each export's Profile.csv names its owner: drop the owner, or import that "
                                "export on its own")

        def batches():
            for n, batch in enumerate(read_linkedin_exports(paths, owner=owner, owner_links=links,
                                                            owner_not_in_messages=owner_not_in_messages)):
                if progress:
                    progress(n, len(paths))
                yield batch
            if progress:
                progress(len(paths), len(paths))

        return self._apply(batches(), owner, None, new_owners)

    def _owner_links(self) -> list[tuple[str, str]]:
        """(name, profile URL) of the owners, read without opening the store for writing (a failed
        import must not have created, upgraded or changed it); none if it cannot be read."""
        sql = ("SELECT p.name, i.value FROM owners o JOIN people p ON p.id = o.person_id "
               "JOIN identifiers i ON i.person_id = o.person_id AND i.kind = 'linkedin'")
        if self._store is not None:
            return [tuple(row) for row in self.store.query(sql)]
        if self.url is not None:
            from .store.pg import read_rows

            return read_rows(self.url, sql)
        if not self.path.is_file():
            return []
        import sqlite3

        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        except sqlite3.Error:
            return []

    def import_interactions(self, path, owner: str | None = None, mapping: dict[str, str] | list[str] | None = None,
                            progress: Callable | None = None, new_owners: Iterable[str] = ()) -> Summary:
        """Import a call/meeting log (canonical CSV, Salesforce or HubSpot export).

        *path* may also be a Salesforce data export as a whole (Setup → Data Export: the zip, or the
        folder it unzips to): its Task.csv and Event.csv name people and owners only by ID, read
        with the Contact.csv, Lead.csv, Account.csv and User.csv beside them (Contact.csv and
        User.csv are required). Each activity's owner is its Salesforce user; with *owner*, only
        that user's activities are read (*mapping* does not apply). Deleted rows, open tasks, to-dos
        that are no call, email or meeting, and activities whose person or owner the export does not
        hold are skipped and counted; the key is the activity's Id, so importing the same export
        again changes nothing.

        An owner (*owner*, or an owner column's) whose name is close to an owner's in the store
        ("Alex Morgen") is refused as a typo, unless *new_owners* names it: a new teammate."""
        from .sources.interactions import parse_map, read_interactions

        if mapping is not None and not isinstance(mapping, dict):
            mapping = parse_map(mapping)
        return self._apply(read_interactions(path, owner=owner, mapping=mapping, stream=True), owner, progress,
                           new_owners)

    def import_calendar(self, path, owner: str | None = None, today: date | None = None,
                        progress: Callable | None = None, new_owners: Iterable[str] = ()) -> Summary:
        """Import an .ics calendar or a zip of them; recurring events are expanded up to a year
        past the calendar's latest one-off event or its export (the newest DTSTAMP), whichever is
        later (future meetings are stored and count once ``as_of`` passes them). The window depends on the file alone, so importing the same file
        again, on any day, adds nothing; *today* is accepted and no longer used."""
        from datetime import timedelta

        from .sources.calendar import read_calendar

        return self._apply(read_calendar(path, owner=owner, until=timedelta(days=365)), owner, progress,
                           new_owners)

    def import_contacts(self, path, progress: Callable | None = None) -> Summary:
        """Import Google/Outlook contacts CSV or vCard: emails, phones, company and title for people."""
        from .sources.contacts import read_contacts

        return self._apply(read_contacts(path), None, progress)

    def import_knows(self, path, progress: Callable | None = None) -> Summary:
        """Import a knows file: who knows whom, how well, since when, and how."""
        from .sources.knows import read_knows

        return self._apply(read_knows(path), None, progress)

    def import_accounts(self, path, progress: Callable | None = None) -> Summary:
        """Import target accounts (name, domain, aliases) or a Salesforce account export."""
        from .sources.accounts import read_accounts

        return self._apply(read_accounts(path), None, progress)

    def _apply(self, batch, owner, progress, new_owners: Iterable[str] = ()) -> Summary:
        """Write a parsed batch; a failed first import leaves no store file behind."""
        try:
            return self.store.apply(batch, owner=owner, progress=progress, new_owners=tuple(new_owners))
        except BaseException:
            self.discard_if_created()
            raise
