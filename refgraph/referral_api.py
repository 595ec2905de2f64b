"""The referral half of :class:`refgraph.api.Refgraph`: the ask brief, introductions, the
reciprocity ledger, job moves and outcomes. A mixin the ``Refgraph`` class inherits: its methods
use the store, the read interface, the parameters and the lookups (``owner_id``, ``person_id``,
``paths``, ``account``) of the object they belong to, and return data as the rest of the API does.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import RefgraphError
from .identity import clean_name
from .results import AskReport, Report, Rows

__all__ = ["ReferralAPI"]


class ReferralAPI:
    """``ask``, ``intro_log``, ``intros``, ``log_ledger``, ``owes``, ``changes``, ``outcomes`` and
    their helpers (see :class:`refgraph.api.Refgraph`)."""

    def owes(self, as_of: date, owner: str | None = None, account: str | None = None,
             limit: int | None = None) -> Rows:
        """The people who helped *owner* (default: the default owner) more often than the owner helped
        them, up to *as_of*: the ledger, and introductions they made
        (:func:`~refgraph.reciprocity.owes`); the most recent help first."""
        from .reciprocity import owes

        oid = self.owner_id(owner)
        members = {r["id"] for r in self.account_members(self.account(account))} if account else None
        rows = owes(self.reads, oid, as_of, members)
        return Rows(rows[:limit] if limit is not None else rows,
                    ["name", "company", "received", "given", "last_received"])

    def ask(self, account: str | None, as_of: date, to: str | None = None, via: str | None = None,
            owner: str | None = None, reason: str | None = None, record: bool = False) -> AskReport:
        """The brief for one referral ask (see :mod:`refgraph.ask`), from the best path into *account*
        (or to the person *to*; through *via* when given): the ties to renew first, how the connector
        knows the target, the business reason (*reason*, else the account's), reciprocity, a call
        script and an email draft. *record*: log the introduction as planned on *as_of*."""
        from .ask import brief, lines

        if (account is None) == (to is None):
            raise RefgraphError("name an account or a person (--to), one of the two — e.g. refgraph ask Contoso, "
                                "or refgraph ask --to 'Dana Whitfield'")
        oid = self.owner_id(owner)
        to_id = None
        if to is not None:
            to_id = self.person_id(to)
            owners = {r["id"]: r["name"] for r in self.store.owners()}
            if to_id in owners:
                raise RefgraphError(f"{to!r} is {'you, the owner' if to_id == oid else 'an owner (a teammate)'} — "
                                    "ask for an introduction to someone outside the team")
            if via is not None and self.person_id(via) == to_id:
                raise RefgraphError(f"--via and --to both name {self.store.person(to_id)['name']} — --via names "
                                    "the connector who introduces you")
            account = next((name for name, members in self.members_of(self.all_accounts()).items()
                            if any(m["id"] == to_id for m in members)), None) or self.store.person(to_id)["company"]
            if not account:
                raise RefgraphError(f"{self.store.person(to_id)['name']} is at none of your accounts and has no "
                                    "company in the store — import their company (contacts, a LinkedIn export) or "
                                    "an accounts file with their email domain")
        found = self.paths(account, as_of, owner=owner, via=via, k=1, to=to_id, colleagues=to_id is not None)
        if not found.data:
            raise RefgraphError(found.no_path)
        data = brief(self.reads, self.params, found.data[0], found.paths[0], self.account(account), owner_id=oid,
                     as_of=as_of, reason=reason)
        recorded = None
        if record:
            recorded = self._record_ask(found.paths[0].nodes, oid, as_of, owner)
        return AskReport(data, Rows(lines(data), ["section", "text"]), as_of=as_of, recorded=recorded)

    def _record_ask(self, nodes, oid: int, as_of: date, owner: str | None) -> dict:
        """The ask's introduction (to the path's target, through its connector) as planned on *as_of*,
        unless the store has that introduction already (then as it stands)."""
        if len(nodes) == 2:
            name = self.store.person(nodes[1])["name"]
            raise RefgraphError(f"nothing to record: you know {name} yourself, so there is no introduction to "
                                "ask for — drop --record (refgraph log records the call)")
        via_id, to_id = nodes[1], nodes[-1]
        names = {pid: self.store.person(pid)["name"] for pid in (via_id, to_id)}
        before = next((i for i in self.store.intros(oid) if (i["via_id"], i["to_id"]) == (via_id, to_id)), None)
        if before is not None:
            return {"via": names[via_id], "to": names[to_id], "status": before["status"], "date": before["day"],
                    "added": False}
        done = self.intro_log(f"#{via_id}", f"#{to_id}", "planned", as_of, owner=owner)
        return {"via": done["via"], "to": done["to"], "status": done["status"], "date": done["date"],
                "added": done["added"]}

    def changes(self, as_of: date, since: date | None = None, account: str | None = None) -> Rows:
        """Who joined or left a target account (or *account*), or was promoted there, from *since*
        (default: 90 days before *as_of*) to *as_of*, newest first (see :mod:`refgraph.changes`)."""
        from .changes import changes

        return changes(self.reads, self.params, as_of=as_of, since=since, account=account)

    def intro_log(self, via: str, to: str, status: str, on: date, note: str | None = None,
                  owner: str | None = None) -> dict:
        """Record *status* (planned, asked, introduced, met, declined, no-reply) on *on* for the
        owner's introduction to *to* through *via*, made on first use (see :mod:`refgraph.intros`).
        Returns ``{id, owner, via, to, status, date, note, added, previous, current,
        meeting_in_store}``: ``previous`` and ``current`` are the introduction's ``{status, date}``
        before and after (``previous`` ``None`` for a new one); ``added`` is False when the same step
        was logged already; ``meeting_in_store`` whether a real conversation with *to* that day is
        stored already (for ``met``)."""
        from .intros import at, check_status

        status = check_status(status)
        oid = self.owner_id(owner)
        via_id, to_id = self.person_id(via), self.person_id(to)
        name = {pid: self.store.person(pid)["name"] for pid in (oid, via_id, to_id)}
        if to_id == oid:
            raise RefgraphError(f"{to!r} is the owner ({name[oid]}) — an introduction is to someone else: "
                                "check --to (or --owner)")
        if via_id == oid:
            raise RefgraphError(f"{via!r} is the owner ({name[oid]}) — --via names the person who introduces you")
        if via_id == to_id:
            raise RefgraphError(f"--via and --to both name {name[to_id]} — the connector introduces you to "
                                "someone else")

        def state(intro) -> dict | None:
            now = at(intro, None) if intro is not None else None
            return {"status": now["status"], "date": now["day"]} if now else None

        before = next((i for i in self.store.intros(oid) if (i["via_id"], i["to_id"]) == (via_id, to_id)), None)
        if before is None and not self._a_path_through(oid, via_id, to_id, on):
            raise RefgraphError(
                f"no path from {name[oid]} to {name[to_id]} through {name[via_id]} as of {on} — nothing says "
                f"{name[via_id]} knows {name[to_id]}; if they do, add it first (refgraph import knows FILE, "
                f"columns person,knows) and log the introduction again")
        note = clean_name(note or "") or None
        intro_id, added = self.store.add_intro_step(oid, via_id, to_id, status, on, note)
        after = next(i for i in self.store.intros(oid) if i["id"] == intro_id)
        met_logged = status == "met" and any(
            e["day"] == on.isoformat() and e["owner_id"] == oid and self.params.is_real_conversation(
                e["channel"], e["attendees"]) for e in self.reads.events(to_id, oid))
        return {"id": intro_id, "owner": name[oid], "via": name[via_id], "to": name[to_id], "status": status,
                "date": on.isoformat(), "note": note, "added": added, "previous": state(before),
                "current": state(after), "meeting_in_store": met_logged}

    def _a_path_through(self, owner_id: int, via_id: int, to_id: int, on: date) -> bool:
        """Whether some path of at most 3 hops runs from the owner through *via_id* to *to_id* on *on*
        (any strength: a cold tie counts)."""
        from .paths import Search

        if via_id in self.reads.owners():   # a teammate: their own tie to the target, or one further on
            # (not back through the owner asking: that is the owner's own way, not the teammate's)
            found = Search(self.reads.graph(as_of=on, params=self.params), {via_id}, {to_id}, max_hops=2,
                           exclude={owner_id})
            return any(True for _ in found)
        found = Search(self.reads.graph(as_of=on, params=self.params), {owner_id}, {to_id})
        return any(via_id in p.nodes[1:-1] for p in found)

    def intros(self, as_of: date, open_only: bool = False, account: str | None = None,
               owner: str | None = None) -> Report:
        """The introductions as they stood on *as_of* (every owner's, or *owner*'s; only the open
        ones with *open_only*; only those to people at *account*), the latest step first
        (:func:`~refgraph.intros.list_report`): ``data`` as ``intro list --json``, ``rows`` with the
        history on one line."""
        from .intros import list_report

        reads = self.reads
        rows = reads.intros(self.owner_id(owner) if owner else None)
        only = {m["id"] for m in self.account_members(self.account(account))} if account else None
        targets = {i["to_id"] for i in rows}
        account_of: dict[int, str] = {}
        if targets:
            for name, members in self.members_of(self.all_accounts()).items():
                for m in members:
                    if m["id"] in targets:
                        account_of.setdefault(m["id"], name)
        people = reads.people({i[k] for i in rows for k in ("owner_id", "via_id", "to_id")})
        return list_report(rows, as_of, people=people, owners=reads.owners(), account_of=account_of,
                           open_only=open_only, only=only)

    def outcomes(self, as_of: date, owner: str | None = None, fit: bool = False):
        """How the asks logged up to *as_of* went (of *owner*, else of every owner), by the path's
        strength at the ask and by whether a reconnect came first, and how well that strength
        predicted them (Brier score, ROC AUC); with *fit*, the half-life base and conversation weight
        that fit them best (see :mod:`refgraph.outcomes`). An :class:`~refgraph.results.OutcomesReport`."""
        from .outcomes import asks_of, fit as fit_params, report, toml_table
        from .results import OutcomesReport

        oid = self.owner_id(owner) if owner is not None else None
        asks = asks_of(self.reads, self.params, as_of=as_of, owner_id=oid)
        data = report(asks)
        toml = ""
        if fit:
            data["fit"] = fit_params(asks, self.params)
            toml = toml_table(data["fit"])
        counts = ("asks", "introduced", "met", "rate")
        rows = Rows([{"group": "strength", "value": b["band"], **{k: b[k] for k in counts}} for b in data["bands"]]
                    + [{"group": "reconnect_first", "value": "yes" if r["reconnect_first"] else "no",
                        **{k: r[k] for k in counts}} for r in data["reconnect_first"]],
                    ["group", "value", *counts])
        return OutcomesReport(data, rows, as_of=as_of, owner=self.reads.owners()[oid] if oid is not None else None,
                              toml=toml)

    def check_fit_output(self, path) -> Path:
        """*path* as a new file for :meth:`write_fit`; :class:`RefgraphError` when a file is there."""
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise RefgraphError(f"{path}: exists already — name a new file; refgraph never overwrites a config "
                                "(paste the [strength] table into refgraph.toml yourself)")
        return path

    def write_fit(self, report, path) -> Path:
        """Write the ``[strength]`` table of a fit (:meth:`outcomes` with ``fit``) to *path*, a new
        file (0600): never over a file that exists, never the config itself."""
        from .files import output_file

        path = self.check_fit_output(path)
        if not report.toml:
            raise RefgraphError("no fit to write — run refgraph outcomes --fit -o FILE")
        try:
            with output_file(path) as f:
                f.write(report.toml.encode("utf-8"))
        except OSError as exc:
            raise RefgraphError(f"{path}: cannot write the [strength] table ({exc.strerror or exc}) — pick a "
                                "folder that exists and that you can write to") from None
        return path

    def plot_calibration(self, as_of: date, out, owner: str | None = None) -> Path:
        """Draw the observed rate of introductions against the predicted strength, band by band,
        with the number of asks in each, to *out*."""
        from .plots import calibration_figure, check_target, save

        check_target(out)
        return save(calibration_figure(self.outcomes(as_of, owner=owner), as_of), out)

    def log_ledger(self, person: str, direction: str, kind: str, on: date, note: str | None = None,
                   owner: str | None = None) -> dict:
        """Record in the reciprocity ledger what the owner gave *person* (*direction* ``gave``) or
        received from them (``received``): *kind* is intro, referral, recommendation, help or a few
        words of one's own (:func:`~refgraph.reciprocity.ledger_kind`). ``logged`` is False when the
        same entry was there already."""
        from .reciprocity import ledger_kind

        if direction not in ("gave", "received"):
            raise RefgraphError(f"unknown direction {direction!r} — use gave or received")
        kind = ledger_kind(kind)
        pid = self.person_id(person)
        oid = self.owner_id(owner)
        if pid == oid:
            raise RefgraphError(f"{person!r} is the owner — log what you gave or received from someone else")
        note = clean_name(note or "") or None
        logged = self.store.add_ledger(oid, pid, direction, kind, on, note)
        names = {r["id"]: r["name"] for r in self.store.owners()}
        return {"owner": names[oid], "person": self.store.person(pid)["name"], "direction": direction, "kind": kind,
                "date": on.isoformat(), "note": note, "logged": logged}
