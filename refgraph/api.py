"""``refgraph.open()``: the one object the CLI and notebooks call.

Every method takes time as an argument (``as_of``); nothing here reads the clock. Results are data
(:mod:`refgraph.results`): :class:`Rows` (a list of dicts with ``to_frame()``) or a :class:`Report`
for nested answers; :mod:`refgraph.view` makes the text a terminal shows of them.
"""
from __future__ import annotations

import hashlib
import heapq
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .errors import NotFound, RefgraphError
from .identity import LEGAL_SUFFIXES, clean_name, name_key, normalise_email, normalise_url, profile_url
from .reads import StoreReads, did_you_mean, suggest
from .records import InteractionRecord
from .results import CoverageRows, PathsReport, PeopleRows, ReconnectPlan, Relationship, Report, Rows, WhyReport
from .import_api import ImportAPI
from .referral_api import ReferralAPI
from .team_api import TeamAPI
from .store import Store, default_path, is_url, local_default_path, open_store
from .strength import DEFAULTS, Event, Params, explain, kept_aggregates_hold, load_params, round_shares

__all__ = ["Refgraph", "Rows", "Report"]

# Titles that count as senior when coverage looks for "nobody senior" (coverage --title overrides).
SENIORITY = "chief|vp|head|director|founder|president|partner|cfo|ceo|cto|coo|cmo|cro"


# Words many company names share: a near miss must share a word other than these ("CHS Inc." is no
# near miss of "Goldman Sachs" however the fuzzy score rates "chs" against "sachs").
_COMMON_COMPANY_WORDS = LEGAL_SUFFIXES | frozenset("""
the and of de la le et und group groupe holding holdings international intl global worldwide usa us uk
services solutions systems technologies technology partners consulting enterprises industries
""".split())


def _share_a_word(a: str, b: str) -> bool:
    """Whether two company keys share a distinctive word (the same, or one mistyped: "contozo")."""
    from rapidfuzz import fuzz

    words_a = [w for w in a.split() if w not in _COMMON_COMPANY_WORDS]
    words_b = [w for w in b.split() if w not in _COMMON_COMPANY_WORDS]
    return any(x == y or (min(len(x), len(y)) >= 4 and fuzz.ratio(x, y) >= 85) for x in words_a for y in words_b)


def _still_empty(path: Path) -> bool:
    """Whether a store holds no person and no account (nothing any import kept), read as it is now."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return True
    try:
        return not conn.execute("SELECT EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM accounts)").fetchone()[0]
    except sqlite3.Error:   # no schema yet
        return True
    finally:
        conn.close()


def _drop_colleagues(targets: set[int], workplace: dict[int, tuple[str, set[int]]]) -> tuple[set[int], list[dict]]:
    """*targets* without the owners' colleagues, and ``[{company, count}]`` of those left out."""
    by_company: dict[str, set[int]] = {}
    for company, ids in workplace.values():
        if targets & ids:
            by_company.setdefault(company, set()).update(targets & ids)
    gone = set().union(*by_company.values())
    return targets - gone, [{"company": c, "count": len(ids)} for c, ids in sorted(by_company.items())]


def _connector(path, team: bool) -> int:
    """Whom a path into an account rests on (coverage's "single connector"): the first person after
    the owner; with ``--team``, the owner it starts at (a teammate's direct tie rests on that
    teammate, never on the target)."""
    return path.nodes[0] if team else path.nodes[1]


def _to_stderr(line: str) -> None:
    """Where a store's one-line notices go unless ``refgraph.open(notice=…)`` says otherwise."""
    print(line, file=sys.stderr, flush=True)


class Refgraph(ImportAPI, ReferralAPI, TeamAPI):
    """A store plus the strength model. ``refgraph.open(path)`` returns one."""

    def __init__(self, path: str | Path | None = None, *, config: str | Path | None = None, create: bool = True,
                 notice: Callable[[str], None] | None = None, today: date | None = None):
        location = path if path else default_path()
        # a postgresql:// URL is a database on a server (PostgreSQL); anything else a SQLite file
        self.url = str(location) if is_url(str(location)) else None
        self.path = Path(location).expanduser() if self.url is None else None
        self.create = create
        self.today = today   # the day imports run (what the store keeps for recent days: see Store)
        self.notice = notice or _to_stderr
        if config is not None and not Path(config).exists():
            raise RefgraphError(f"{config}: no such config file — check the --config path")
        # the config beside the store; beside the default store for one on a server
        beside = self.path if self.path is not None else Path(local_default_path())
        self.config_path = Path(config) if config else beside.with_name("refgraph.toml")
        self.params: Params = load_params(self.config_path)
        self._store: Store | None = None
        # a read command's reads all see one state of the store (a read transaction until close or
        # the first write): an import committing meanwhile is seen whole or not at all
        self.snapshot = False

    @property
    def store(self) -> Store:
        """The store, opened (and created) on first use, so a failed parse creates nothing."""
        if self._store is None:
            if not self.create and self.path is not None and not self.path.exists():
                raise RefgraphError(f"{self.path}: no refgraph store here yet — import something first "
                                    "(refgraph import linkedin EXPORT.zip) or check --db / REFGRAPH_DB")
            self._store = open_store(self.url or self.path, notice=self.notice, today=self.today, kept=DEFAULTS)
            if self.snapshot:
                self._store.begin_snapshot()
        return self._store

    @property
    def reads(self) -> StoreReads:
        """What the path search, reconnect and advice read (:class:`~refgraph.reads.Reads`), from
        this store under this config."""
        return StoreReads(self.store, self.params)

    def close(self) -> None:
        if self._store is not None:
            self._created_empty = self._store.created
            self._store.close()
            self._store = None

    def discard_if_created(self) -> None:
        """Remove the store file if this object created it and nothing was kept in it (a command
        that failed on a path where no store existed leaves none behind)."""
        self.close()
        if getattr(self, "_created_empty", False) and self.path is not None:
            self._created_empty = False
            if not _still_empty(self.path):   # another import made this store too, and kept something
                return
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- lookups --------------------------------------------------------------------------------
    def owner_id(self, name: str | None) -> int:
        """The owner called *name*, else the default owner."""
        return self.reads.owner_id(name)

    def person_id(self, text: str) -> int:
        """Find one person by name (exact, then case/accent-insensitive), LinkedIn URL or email."""
        text = text.strip()
        if text.startswith("#") and text[1:].isdigit():
            rows = self.store.query("SELECT id FROM people WHERE id = ?", (int(text[1:]),))
            if not rows:
                raise NotFound(f"no person {text} in the store — take the #id from refgraph people --duplicates")
            return self.store.follow(rows[0]["id"])
        url, email = normalise_url(text), normalise_email(text)
        for kind, value in (("linkedin", url), ("email", email)):
            if value:
                found = self.store.find_identifier(kind, value)
                if found is not None:
                    return found
        exact = [r["id"] for r in self.store.query(
            "SELECT id FROM people WHERE name = ? AND merged_into IS NULL", (clean_name(text),))]
        if len(exact) == 1:
            return exact[0]
        matches = exact or [r["id"] for r in self.store.query(
            "SELECT id FROM people WHERE name_key = ? AND merged_into IS NULL", (name_key(text),))]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            labels = []
            for pid in matches:
                ids = self.store.identifiers(pid)
                labels.append(ids[0]["value"] if ids else f"{self.store.person(pid)['company'] or 'no company'}")
            raise NotFound(f"{len(matches)} people are called {text!r} ({'; '.join(labels)}) — "
                           "name one by LinkedIn URL or email")
        # a name someone had before a merge or a newer export renamed them, if it leads to one person
        former = {self.store.follow(r["id"]) for r in self.store.query(
            "SELECT id FROM people WHERE name_key = ? AND merged_into IS NOT NULL", (name_key(text),))}
        if len(former) == 1:
            return former.pop()
        names = [r["name"] for r in self.store.query("SELECT name FROM people WHERE merged_into IS NULL")]
        hint = did_you_mean(suggest(text, names))
        raise NotFound(f"no person called {text!r} in the store" + (f" — {hint}" if hint else
                       " — check the spelling or import the file that mentions them"))

    # -- strength -------------------------------------------------------------------------------
    def scores(self, as_of: date, owner_id: int | None = None, person_ids=None, other_than=(),
               floor: float = 0.0) -> dict:
        """``{(owner_id, person_id): Score}`` at *as_of* (of people's pairs: with owners *other_than*
        these), from the per-pair aggregates the store keeps at import (as of the pair's last event,
        or of its last event day up to *as_of*); a config that changes how events aggregate makes SQL
        aggregate the events themselves instead. Pairs weaker than *floor* may be left out (the
        kept aggregates skip them unread: :func:`~refgraph.strength.strength_sql`)."""
        return self.reads.scores(as_of=as_of, owner_id=owner_id, person_ids=person_ids, other_than=other_than,
                                 floor=floor)

    def people(self, as_of: date, owner: str | None = None, account: str | None = None,
               stale: bool = False, limit: int | None = None) -> Rows:
        """People with the strength of their strongest owner relationship (or *owner*'s), strongest
        first; with *stale*, only relationships with real conversations that have gone stale."""
        owner_id = self.owner_id(owner) if owner else None
        owners = {r["id"]: r["name"] for r in self.store.owners()}
        members = {r["id"] for r in self.account_members(self.account(account))} if account else None
        # With a limit, first only the pairs at least so strong (compared in SQL): when enough
        # people have one, the strongest *limit* are among them; else a lower floor, then everyone.
        floors = (0.5, 0.05, 0.0) if limit is not None and kept_aggregates_hold(self.params) else (0.0,)
        for floor in floors:
            best: dict[int, tuple[int, Any]] = {}
            for (oid, pid), s in self.scores(as_of, owner_id, floor=floor).items():
                if pid == oid or s.strength < floor:
                    continue
                current = best.get(pid)
                if current is None or (s.strength, -oid) > (current[1].strength, -current[0]):
                    best[pid] = (oid, s)
            if floor > 0:
                people = self.store.query_in(
                    "SELECT id, name, name_key, company, title FROM people WHERE merged_into IS NULL AND id IN ({ids})",
                    sorted(pid for pid in best if members is None or pid in members))
            else:
                people = self.store.conn.execute(
                    "SELECT id, name, name_key, company, title FROM people WHERE merged_into IS NULL").fetchall()
                if members is not None:
                    people = [p for p in people if p[0] in members]
            keyed = []
            for person in people:
                pid = person[0]
                pick = best.get(pid)
                if pick is None and (owner_id is not None or stale or pid in owners):
                    continue
                if pick and owner_id is not None and pid == owner_id:
                    continue
                s = pick[1] if pick else None
                if stale and not (s.stale and s.conversations):   # gone quiet (never talked to: triage's)
                    continue
                keyed.append(((-(s.strength if s else 0.0), person[2], pid), person, pick))
            if floor == 0.0 or len(keyed) >= limit:
                break
        if limit is not None:
            keyed = heapq.nsmallest(limit, keyed, key=lambda k: k[0])
        else:
            keyed.sort(key=lambda k: k[0])
        rows = []
        for _, (_, name, _, company, title), pick in keyed:   # rows for what is shown only
            s = pick[1] if pick else None
            rows.append({
                "name": name, "company": company or "", "title": title or "",
                "owner": owners.get(pick[0]) if pick else None,   # (no relationship: null, an empty cell)
                "strength": round(s.strength, 4) if s else 0.0,
                "last_conversation": s.last_conversation.isoformat() if s and s.last_conversation else None,
                "conversations": s.conversations if s else 0,
                "stale": s.stale if s else True,
            })
        out = PeopleRows(rows, ["name", "company", "title", "owner", "strength", "last_conversation",
                                "conversations", "stale"])
        if stale and not rows:   # nothing gone quiet: perhaps nothing was ever said (a LinkedIn export alone)
            out.owner = owners.get(owner_id) if owner_id is not None else None
            sources = {owner_id} if owner_id is not None else set(owners)
            out.no_conversations = not sources or not self._have_conversations(sources)
        return out

    def account(self, text: str) -> dict:
        """The account *text* names (its name, an alias or a domain, any case), as
        ``{id, name, keys, domains}``; a company name seen in the store works as an ad-hoc account."""
        return self.reads.account(text)

    def account_members(self, account: dict) -> list:
        """People whose current company is the account, or who have no company and an address at
        one of its domains."""
        return self.reads.account_members(account)

    def all_accounts(self) -> list[dict]:
        """Every account of the store as :meth:`account` gives it, by name (three reads in all)."""
        return self.reads.all_accounts()

    def members_of(self, accounts: list[dict]) -> dict[str, list]:
        """:meth:`account_members` of many accounts at once (two reads in all), by account name."""
        return self.reads.members_of(accounts)

    def accounts(self) -> Rows:
        """Every account with its people count and the company names that nearly match but were
        not joined (add them as aliases)."""
        from rapidfuzz import fuzz, process

        companies: dict[str, set[str]] = defaultdict(set)
        for r in self.store.query("SELECT company, company_key FROM people WHERE company IS NOT NULL "
                                  "AND merged_into IS NULL"):
            companies[r["company_key"]].add(r["company"])
        rows = []
        for acc in self.store.query("SELECT name FROM accounts ORDER BY name_key"):
            account = self.account(acc["name"])
            near = set()
            for key in account["keys"]:
                for found, _score, _ in process.extract(key, list(companies), scorer=fuzz.WRatio, limit=10,
                                                         score_cutoff=86):
                    if found not in account["keys"] and _share_a_word(key, found):
                        near.update(companies[found])
            rows.append({"account": account["name"], "domains": account["domains"], "aliases": account["aliases"],
                         "people": len(self.account_members(account)), "near_misses": sorted(near)})
        return Rows(rows, ["account", "domains", "aliases", "people", "near_misses"])

    # -- teams ----------------------------------------------------------------------------------
    def owners(self, as_of: date | None = None) -> Rows:
        """Owners with how many people and interactions each has, and how many real conversations
        by *as_of* (by the model's rule, :meth:`Params.is_real_conversation`: a meeting of more than
        ``conversation_max_attendees`` people is a touch; a meeting still to come is not one yet;
        ``None``: whenever); the default first."""
        counts = {r[0]: (r[1], r[2]) for r in self.store.conn.execute(
            """WITH ev(o, p, id) AS (
                   SELECT i.owner_id, ip.person_id, i.id
                   FROM interactions i JOIN interaction_people ip ON ip.interaction_id = i.id
                   UNION ALL SELECT owner_id, person_id, NULL FROM connections)
               SELECT o, count(DISTINCT p), count(DISTINCT id) + count(*) - count(id)
               FROM ev GROUP BY o""")}
        day = as_of.isoformat() if as_of is not None else None
        conversations: dict[int, int] = defaultdict(int)
        until, args = (" WHERE day <= ?", (day,)) if day is not None else ("", ())
        for owner_id, channel, attendees, n in self.store.conn.execute(
                f"""SELECT owner_id, channel, attendees, count(*) FROM interactions{until}
                    GROUP BY owner_id, channel, attendees""", args):
            if self.params.is_real_conversation(channel, attendees):
                conversations[owner_id] += n
        rows = [{"name": o["name"], "default": bool(o["is_default"]), "people": counts.get(o["id"], (0, 0))[0],
                 "interactions": counts.get(o["id"], (0, 0))[1],
                 "conversations": conversations.get(o["id"], 0)} for o in self.store.owners()]
        return Rows(rows, ["name", "default", "people", "interactions", "conversations"])

    def set_default_owner(self, name: str, as_of: date | None = None) -> Rows:
        self.store.set_default_owner(self.owner_id(name))
        return self.owners(as_of)

    # -- duplicates -----------------------------------------------------------------------------
    def duplicates(self) -> Rows:
        """Probable duplicates, with the evidence for and against (:mod:`refgraph.duplicates`)."""
        from .duplicates import probable_duplicates

        return probable_duplicates(self.store)

    def merge(self, keep: str, other: str) -> dict:
        """Merge person *other* into *keep* (names, URLs, emails or ``#id`` from ``people --duplicates``)."""
        keep_id, other_id = self.person_id(keep), self.person_id(other)
        self.store.merge(keep_id, other_id)
        return {"kept": self.store.person(keep_id)["name"], "merged": self.store.person(other_id)["name"],
                "kept_id": keep_id, "merged_id": other_id}

    def why(self, person: str, as_of: date, owner: str | None = None, all_events: bool = False) -> WhyReport:
        """Every event behind each of *person*'s owner relationships, with shares adding up to the
        strength (the data holds every event; *all_events*: the terminal shows them all too), and
        what the owner gave them and received (:func:`~refgraph.reciprocity.balance`)."""
        from .reciprocity import balance

        pid = self.person_id(person)
        reads = self.reads
        only = self.owner_id(owner) if owner else None
        info = self.store.person(pid)
        owners = {r["id"]: r["name"] for r in self.store.owners()}
        by_owner: dict[int, list] = defaultdict(list)
        for ev in self.store.events(pid, only):
            by_owner[ev["owner_id"]].append(ev)
        relationships, details, flat = [], [], []
        for oid, evs in by_owner.items():
            events = [Event(date.fromisoformat(e["day"]), e["channel"], e["direction"], e, e["attendees"],
                            e["source"]) for e in evs]
            s, shares = explain(events, as_of, self.params)
            if not shares:
                continue
            rounded4 = round_shares([x.share for x in shares], s.strength, 4)
            items = []
            for x, r4 in zip(shares, rounded4):
                e = x.event.ref
                item = {"date": e["day"], "channel": x.event.channel, "kind": x.kind,
                        "direction": e["direction"] or "", "subject": e["subject"] or "", "source": e["source"],
                        "weight": round(x.weight, 4), "share": r4}
                items.append(item)
                flat.append({"person": info["name"], "owner": owners.get(oid, ""), **item})
            rel = {"owner": owners.get(oid, ""), "strength": round(s.strength, 4),
                   "freshness": round(s.freshness, 4), "conversations": s.conversations,
                   "last_conversation": s.last_conversation.isoformat() if s.last_conversation else None,
                   "half_life_days": round(s.half_life, 1), "stale": s.stale, "events": items,
                   "reciprocity": balance(reads, oid, pid, as_of)}
            relationships.append(rel)
            details.append(Relationship(owners.get(oid, ""), s.strength, s.freshness, s.half_life, s.stale,
                                        s.conversations, s.last_conversation, items, [x.weight for x in shares],
                                        [x.share for x in shares], rel["reciprocity"]))
        strongest = sorted(range(len(relationships)), key=lambda i: -relationships[i]["strength"])
        relationships, details = [relationships[i] for i in strongest], [details[i] for i in strongest]
        jobs = [{"company": j["company"], "title": j["title"] or "", "from": j["start"], "to": j["end"]}
                for j in self.store.employment(pid)]
        idents = self.store.identifiers(pid)
        data = {"name": info["name"], "credentials": info["credentials"], "company": info["company"] or "",
                "title": info["title"] or "",
                "linkedin": next((profile_url(i["value"]) for i in idents if i["kind"] == "linkedin"), None),
                "emails": [i["value"] for i in idents if i["kind"] == "email"],
                "employment": jobs, "relationships": relationships}
        from .ties import ties_of

        data["knows"] = [{"name": t["name"], "strength": round(t["strength"], 4), "last_contact": t["last_contact"],
                          "evidence": t["evidence"]} for t in ties_of(self.store, pid, as_of, self.params)
                         if t["person_id"] not in owners]
        return WhyReport(data, Rows(flat, ["person", "owner", "date", "channel", "kind", "direction", "subject",
                                           "source", "weight", "share"]), as_of=as_of, relationships=details,
                         all_events=all_events)

    # -- warm paths and coverage ---------------------------------------------------------------
    def paths(self, account: str, as_of: date, owner: str | None = None, team: bool = False, k: int = 5,
               max_hops: int = 3, title: str | None = None, via: str | None = None, exclude: list[str] | None = None,
               all_paths: bool = False, colleagues: bool = False, to: int | None = None) -> PathsReport:
        """The k strongest warm paths into *account* (see :mod:`refgraph.paths`), explained; people
        at the owner's own company are no targets unless *colleagues* (the report counts them);
        *to*: only paths to this person (an id, one of the account's people)."""
        from .advice import explain_path, last_touch, no_path_reason, with_evidence
        from .paths import Choice, Search, title_filter
        from .intros import DECLINED_FOR_DAYS

        acc = self.account(account)
        members = self.account_members(acc)
        if to is not None:
            members = [m for m in members if m["id"] == to]
        owners = {r["id"]: r["name"] for r in self.store.owners()}
        if not owners:
            raise RefgraphError("no owners in the store yet — import a LinkedIn export or a call log first")
        sources = set(owners) if team else {self.owner_id(owner)}
        wanted = title_filter(title)
        targets = {m["id"] for m in members if m["id"] not in owners and wanted(m["title"])}
        targets, left_colleagues = _drop_colleagues(targets, {} if colleagues else self._colleagues(sources))
        excluded = {self.person_id(x) for x in (exclude or [])}
        via_id = self.person_id(via) if via else None
        reads = self.reads
        graph = reads.graph(as_of=as_of, params=self.params)
        direct = graph.direct_ties(sources, targets - excluded)
        found = Search(graph, sources, targets, max_hops=max_hops, team=team, exclude=excluded) if targets else []
        marks = self._intro_marks(self._intro_rows(reads, sources), as_of)
        people_rows = {}

        def person(pid: int):
            if pid not in people_rows:
                people_rows[pid] = self.store.person(pid)
            return people_rows[pid]

        keep = (lambda p: via_id in p.nodes[1:-1]) if via_id is not None else None
        choice = Choice(graph, sources, targets, params=self.params, name=lambda n: person(n)["name_key"],
                        direct=direct, max_hops=max_hops, team=team, exclude=excluded, keep=keep,
                        full=found, **marks) if targets else None
        chosen = choice.choose(k, title=lambda n: person(n)["title"], all_paths=all_paths,
                               last_touch=lambda p: last_touch(reads, p, as_of=as_of)) if choice else []
        chosen = with_evidence(reads, self.params, chosen, as_of=as_of)
        explained = [explain_path(reads, self.params, p, acc, person, owners, as_of=as_of, team=team,
                                  asked=choice.asked_on(p)) for p in chosen]
        total = choice.count() if choice else 0
        owner_name = None if team else owners[next(iter(sources))]
        answer = dict(account=acc["name"], owner=owner_name, as_of=as_of, total=total, max_hops=max_hops,
                      all_paths=all_paths, colleagues=left_colleagues,
                      no_conversations=not self._have_conversations(sources))
        if not explained:
            from_label = "the team" if team else owner_name
            message = no_path_reason(acc, members, targets, owners, title, max_hops, from_label, team)
            if left_colleagues and not targets:   # everyone there works with the owner
                message = f"No path into {acc['name']}: everyone there is a colleague at your own company."
            elif choice is not None and (choice.dropped or choice.declined_dropped):
                # each path asks for an introduction to someone the owner knows, or one declined lately
                why = " or ".join(filter(None, [
                    f"declined in the last {DECLINED_FOR_DAYS} days" if choice.declined_dropped else "",
                    "to someone you have had a real conversation with" if choice.dropped else ""]))
                see = (f"refgraph intro list --account {acc['name']!r}" if choice.declined_dropped
                       else f"refgraph path {acc['name']!r} for your own ties")
                message = ((f"No path to {person(to)['name']} at {acc['name']}" if to is not None
                            else f"No path into {acc['name']}")
                           + (f" through {person(via_id)['name']}" if via_id is not None else "")
                           + f": each would ask for an introduction {why} — see {see}.")
            elif to is not None and targets:
                message = (f"No path to {person(to)['name']} at {acc['name']}"
                           + (f" through {person(via_id)['name']}" if via_id is not None else "")
                           + f": no route within {max_hops} hops from {from_label}. Import a teammate's network "
                           "(refgraph import linkedin EXPORT --owner NAME) or a knows file (refgraph import knows FILE).")
            return PathsReport([], Rows(), no_path=message, **answer)
        flat = Rows([{"rank": i, "strength": it["strength"], "status": it["status"],
                      "people": " → ".join(it["people"]),
                      "weakest": f"{it['weakest']['from']} → {it['weakest']['to']} {it['weakest']['strength']:.3f}",
                      "reconnect_first": ", ".join(it["reconnect_first"]), "target": it["target"]["name"],
                      "title": it["target"]["title"], "next_action": it["next_action"], "asked": it["asked"]}
                     for i, it in enumerate(explained, 1)])
        return PathsReport(explained, flat, paths=chosen, **answer)

    def coverage(self, as_of: date, owner: str | None = None, team: bool = False, title: str | None = None,
                 colleagues: bool = False) -> Rows:
        """Every account: people known there, the best path, warm paths and risks; weakest first.
        People at the owner's own company are no targets unless *colleagues*."""
        from .advice import explain_path, last_touch, with_evidence
        from .changes import connectors_left
        from .intros import open_intros
        from .paths import Choice, title_filter

        accounts = self.all_accounts()
        if not accounts:
            raise RefgraphError("no accounts yet — import your target accounts: refgraph import accounts FILE "
                                "(columns name, domain, aliases)")
        owners = {r["id"]: r["name"] for r in self.store.owners()}
        if not owners:
            raise RefgraphError("no owners in the store yet — import a LinkedIn export or a call log first")
        sources = set(owners) if team else {self.owner_id(owner)}
        senior = title_filter(title or SENIORITY)
        reads = self.reads
        graph = reads.graph(as_of=as_of, params=self.params)
        people_rows: dict[int, Any] = {}
        workplace = {} if colleagues else self._colleagues(sources)
        left = connectors_left(reads, self.params, accounts, sources, as_of=as_of)   # warm ties who left lately
        intro_rows = self._intro_rows(reads, sources)
        marks = self._intro_marks(intro_rows, as_of)
        open_to = Counter(i["to_id"] for i in open_intros(intro_rows, as_of))   # open asks, by target

        def person(pid: int):
            if pid not in people_rows:
                people_rows[pid] = self.store.person(pid)
            return people_rows[pid]

        rows = []
        for acc, members in zip(accounts, self.members_of(accounts).values()):
            targets, _ = _drop_colleagues({m["id"] for m in members if m["id"] not in owners}, workplace)
            # the paths as path orders them (warm, reconnect, cold) as far as the answer needs: the first
            # five, and every warm one (up to 1000); the owners' own ties there, however weak
            direct = graph.direct_ties(sources, targets)
            choice = Choice(graph, sources, targets, params=self.params, name=lambda n: person(n)["name_key"],
                            direct=direct, team=team, **marks) if targets else None
            paths = choice.choose(5, title=lambda n: person(n)["title"], all_paths=True,
                                  last_touch=lambda p: last_touch(reads, p, as_of=as_of)) if choice else []
            warm = choice.warm() if choice else []
            risks = []
            if not members:
                risks.append("no one known there")
            elif not paths:
                risks.append("no path")
            connectors = {_connector(p, team) for p in warm}
            gone = next((g for g in left.get(acc["name"], ()) if not connectors - {g["person_id"]}), None)
            if gone:   # the warm connector who left, and no other
                now = gone["company"] or "no company listed"
                risks.append(f"your only connector left ({gone['name']}, now at {now})")
            if len(connectors) == 1:
                only = connectors.pop()
                # (a target's own warm tie with the owner is no connector: the one way in is that tie)
                risks.append(f"one warm way in: your own tie to {person(only)['name']}" if only in targets
                             else f"single connector ({person(only)['name']})")
            if paths and all(not p.edges[0].conversations for p in paths[:5]):
                risks.append("every path starts with a cold tie (no real conversation yet)")
            elif paths and all(p.edges[0].stale for p in paths[:5]):
                risks.append("every path starts with a stale or cold tie")
            if members and not any(senior(m["title"]) for m in members):
                risks.append(f"nobody senior ({title or 'chief|vp|head|director|founder|president|partner'})")
            best = explain_path(reads, self.params, with_evidence(reads, self.params, paths[:1], as_of=as_of)[0], acc,
                                person, owners, as_of=as_of, team=team, asked=choice.asked_on(paths[0])) if paths else None
            rows.append({"account": acc["name"], "people": len(members),
                         "best_strength": best["strength"] if best else 0.0, "warm_paths": len(warm),
                         "cold_direct": sum(1 for e in direct.values() if not e.conversations),
                         "open_asks": sum(open_to[m["id"]] for m in members),
                         "best_path": " → ".join(best["people"]) if best else "",
                         "next_action": best["next_action"] if best else "", "risks": risks})
        rows.sort(key=lambda r: (r["best_strength"], r["warm_paths"], r["account"].lower()))
        out = CoverageRows(rows, ["account", "people", "best_strength", "warm_paths", "cold_direct", "open_asks",
                                  "best_path", "risks", "next_action"])
        out.no_conversations = not self._have_conversations(sources)
        out.owner = None if team else owners[next(iter(sources))]
        return out

    # -- the graph for analysis -----------------------------------------------------------------
    def graph(self, as_of: date, owner: str | None = None):
        """The whole graph at *as_of* as a networkx Graph (``strength`` on each edge, ``name`` on each
        node). For notebooks and analysis; path queries never build it."""
        import networkx as nx

        from .reads import Edge

        only = self.owner_id(owner) if owner else None
        G = nx.Graph()
        names = {r["id"]: r["name"] for r in self.store.query("SELECT id, name FROM people WHERE merged_into IS NULL")}
        owners = {r["id"] for r in self.store.owners()}
        edges: dict[tuple[int, int], Edge] = {}

        def add(u, v, edge):
            if u == v or edge.strength < self.params.min_edge_strength:
                return
            key = (min(u, v), max(u, v))
            edges[key] = edges[key].merged(edge) if key in edges else edge

        for (o, p), s in self.scores(as_of, owner_id=only).items():
            add(o, p, Edge(s.strength, s.stale, s.last_conversation, s.conversations, o))
        for (a, b), (strength, stale, last) in self.reads.all_ties(as_of=as_of).items():
            add(a, b, Edge(strength, stale, last, 0, None))
        for (u, v), e in edges.items():
            for n in (u, v):
                if n not in G:
                    G.add_node(n, name=names.get(n, ""), owner=n in owners)
            G.add_edge(u, v, strength=e.strength, stale=e.stale)
        return G

    def _have_conversations(self, sources) -> bool:
        """Whether any of the *sources* (owners) has a real conversation in the store, on any day
        (:meth:`Params.is_real_conversation`): a LinkedIn export alone holds none."""
        marks = ",".join("?" * len(sources))
        found = self.store.conn.execute(
            f"SELECT DISTINCT channel, attendees FROM interactions WHERE owner_id IN ({marks})", sorted(sources))
        return any(self.params.is_real_conversation(channel, attendees) for channel, attendees in found)

    def _colleagues(self, sources) -> dict[int, tuple[str, set[int]]]:
        """Each source owner's company and colleagues (:meth:`~refgraph.reads.StoreReads.colleagues`)."""
        return dict(self.reads.colleagues_of(sorted(sources)))

    # -- reconnect ------------------------------------------------------------------------------
    def reconnect(self, as_of: date, owner: str | None = None, team: bool = False, account: str | None = None,
                  limit: int = 25, per_day: int = 5, start: date | None = None, colleagues: bool = False,
                  today: date | None = None) -> ReconnectPlan:
        """Stale relationships worth a call, most valuable first, each with a reason and a call date
        (see :mod:`refgraph.reconnect`); colleagues at the owner's company only with *colleagues*;
        *per_day* calls a weekday for each owner; *today* tells a *start* in the past."""
        from .reconnect import plan

        if per_day < 1 or limit < 1:   # (the command line refuses them; a notebook may not)
            raise RefgraphError(f"per_day and limit are at least 1 (not {min(per_day, limit)}) — plan at least one call")
        return plan(self.reads, self.params, as_of=as_of, owner=owner, team=team, account=account, limit=limit,
                    per_day=per_day, start=start, colleagues=colleagues, today=today)

    def reconnect_ics(self, plan: ReconnectPlan, path) -> int:
        """Write *plan*'s calls to an .ics file at *path* (one 30-minute slot each); how many."""
        from .reconnect import write_ics

        return write_ics(path, plan.data)

    def reconnect_changes(self, since: date, as_of: date, owner: str | None = None, team: bool = False,
                          colleagues: bool = False) -> Rows:
        """Who went stale and who was reconnected between *since* and *as_of* (colleagues at the
        owner's company only with *colleagues*, as in the plan)."""
        from .reconnect import changes

        return changes(self.reads, self.params, since=since, as_of=as_of, owner=owner, team=team,
                       colleagues=colleagues)

    # -- triage ---------------------------------------------------------------------------------
    def triage(self, as_of: date, owner: str | None = None, limit: int = 50) -> Rows:
        """The people most likely to be real relationships of *owner* with no real conversation in the
        store yet, as rows of the canonical interactions CSV to fill in (see :mod:`refgraph.triage`)."""
        from .triage import triage

        return triage(self.reads, self.params, as_of=as_of, owner=owner, limit=limit)

    def write_triage(self, rows: Rows, path) -> int:
        """Write triage *rows* as CSV (formula cells escaped) to *path* (0600, renamed into place);
        how many rows."""
        from .files import output_file
        from .output import render

        data = render(rows, "csv").encode("utf-8")
        try:
            with output_file(path) as f:
                f.write(data)
        except OSError as exc:
            raise RefgraphError(f"{path}: cannot write the triage file ({exc.strerror or exc}) — pick a folder "
                                "that exists and that you can write to") from None
        return len(rows)

    # -- introductions ------------------------------------------------------------------------
    @staticmethod
    def _intro_rows(reads, sources) -> list[dict]:
        """The introductions of the owners *sources* (:meth:`~refgraph.reads.Reads.intros`)."""
        return [i for i in reads.intros(next(iter(sources)) if len(sources) == 1 else None)
                if i["owner_id"] in sources]

    @staticmethod
    def _intro_marks(rows, as_of: date) -> dict:
        """What the path search reads of introductions at *as_of* (:class:`~refgraph.paths.Choice`'s
        ``asked``, ``declined`` and ``met``)."""
        from .intros import asked_connectors, declined_paths, met_targets

        return dict(asked=asked_connectors(rows, as_of), declined=declined_paths(rows, as_of),
                    met=met_targets(rows, as_of))

    # -- pictures -------------------------------------------------------------------------------
    def plot_paths(self, account: str, as_of: date, out, owner: str | None = None, team: bool = False,
                   k: int = 6) -> Path:
        """Draw the top paths into *account* to *out* (.png, .svg or .pdf)."""
        from .plots import check_target, paths_figure, save

        check_target(out)
        return save(paths_figure(self.paths(account, as_of, owner=owner, team=team, k=k), account, as_of), out)

    def plot_network(self, as_of: date, out, owner: str | None = None, top: int = 150) -> Path:
        """Draw the owner's ego network (strongest *top* people) to *out*."""
        import networkx as nx

        from .plots import check_target, network_figure, save
        from .ties import ties_of

        check_target(out)
        oid = self.owner_id(owner)
        owners = {r["id"] for r in self.store.owners()}
        strongest = sorted(((pid, s) for (_, pid), s in self.scores(as_of, owner_id=oid).items()
                            if s.strength >= self.params.min_edge_strength and pid != oid),
                           key=lambda x: -x[1].strength)[:top]
        G = nx.Graph()
        names = {}

        def node(pid):
            if pid not in G:
                names.setdefault(pid, self.store.person(pid)["name"])
                G.add_node(pid, name=names[pid], owner=pid in owners)

        node(oid)
        for pid, s in strongest:
            node(pid)
            G.add_edge(oid, pid, strength=s.strength)
        chosen = {pid for pid, _ in strongest}
        for pid in chosen:
            for tie in ties_of(self.store, pid, as_of, self.params):
                if tie["person_id"] in chosen and tie["strength"] >= 0.1:   # weak ties (all-hands) are noise here
                    G.add_edge(pid, tie["person_id"], strength=tie["strength"])
        accounts = {}
        for acc in self.store.query("SELECT name FROM accounts ORDER BY name_key"):
            for m in self.account_members(self.account(acc["name"])):
                accounts.setdefault(m["id"], acc["name"])
        return save(network_figure(G, oid, accounts, as_of, top=top), out)

    def plot_decay(self, people: list[str], as_of: date, out, owner: str | None = None) -> Path:
        """Draw strength over time for *people* (the owner's relationships) to *out*."""
        from .plots import check_target, decay_figure, save

        check_target(out)
        oid = self.owner_id(owner)
        series = []
        for text in people:
            pid = self.person_id(text)
            events = [Event(date.fromisoformat(e["day"]), e["channel"], e["direction"], e, e["attendees"], e["source"])
                      for e in self.store.events(pid, oid)]
            series.append({"name": self.store.person(pid)["name"], "events": events})
        return save(decay_figure(series, as_of, self.params), out)

    # -- writes ---------------------------------------------------------------------------------
    def log(self, person: str, channel: str, on: date, note: str | None = None, owner: str | None = None) -> dict:
        """Record an interaction by hand (a source like any other: ``why`` shows it). A connection is
        the pair's one connection, kept only if earlier than the one the store has: ``logged`` says
        whether it was, ``connected_on`` when the pair's connection is."""
        from .sources.interactions import normalise_channel
        from .strength import CHANNELS

        canonical = normalise_channel(channel)
        if canonical is None:
            raise RefgraphError(f"unknown channel {channel!r} — use one of {', '.join(CHANNELS)}")
        pid = self.person_id(person)
        oid = self.owner_id(owner)
        if pid == oid:
            raise RefgraphError(f"{person!r} is the owner — log an interaction with someone else")
        subject = clean_name(note or "") or None
        # (the store tells the same entry again: Store.log)
        same = hashlib.sha1("\x1f".join([str(pid), canonical, on.isoformat(), subject or ""]).encode()).hexdigest()
        rec = InteractionRecord((), on, on.isoformat(), canonical, key=f"log:{same[:24]}", subject=subject,
                                source="log")
        outcome = self.store.log(oid, pid, rec)
        names = {r["id"]: r["name"] for r in self.store.owners()}
        done = {"owner": names[oid], "person": self.store.person(pid)["name"], "channel": canonical,
                "date": on.isoformat(), "note": rec.subject or "", "logged": outcome == "new",
                "noted": outcome == "noted"}
        if canonical == "connection":
            done["connected_on"] = self.store.query("SELECT day FROM connections WHERE owner_id = ? AND person_id = ?",
                                                    (oid, pid))[0][0]
        return done

