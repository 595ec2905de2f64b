"""``refgraph.open()``: the one object the CLI and notebooks call.

Every method takes time as an argument (``as_of``); nothing here reads the clock. Results are
:class:`Rows` (a list of dicts with ``to_frame()``) or a :class:`Report` for nested answers.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .errors import NotFound, RefgraphError
from .identity import clean_name, company_key, name_key, normalise_email, normalise_url
from .records import InteractionRecord, Summary
from .store import Store, default_path
from .strength import Event, Params, explain, load_params, round_shares, score

__all__ = ["Refgraph", "Rows", "Report"]


class Rows(list):
    """A list of row dicts; ``to_frame()`` makes a pandas DataFrame of it."""

    columns: list[str] = []

    def __init__(self, rows=(), columns=None):
        super().__init__(rows)
        self.columns = list(columns) if columns else (list(self[0]) if self else [])

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(list(self), columns=self.columns or None)


@dataclass
class Block:
    """One titled table in a :class:`Report`."""

    title: str
    rows: Rows
    footer: str = ""


@dataclass
class Report:
    """A nested answer: ``data`` for JSON, ``blocks`` for the terminal, ``rows`` for CSV."""

    data: Any
    blocks: list[Block] = field(default_factory=list)
    rows: Rows = field(default_factory=Rows)

    def to_frame(self):
        return self.rows.to_frame()


def suggest(query: str, choices: list[str], limit: int = 3, key: Callable[[str], str] = name_key) -> list[str]:
    """Close matches for a name the user typed: rapidfuzz's WRatio (whole and partial matches) on
    accent-free keys, one suggestion per key (so "Contoso" and "Contoso Ltd." count once).

    >>> suggest("Maria Ortis", ["Maria Ortiz", "Tara Flores", "Mario Ortega"])
    ['Maria Ortiz']
    >>> suggest("karl", ["Karl Svensson", "Carla Ruiz"])
    ['Karl Svensson']
    """
    from rapidfuzz import fuzz, process

    keyed: dict[str, str] = {}
    for c in sorted(choices):
        keyed.setdefault(key(c), c)
    found = process.extract(key(query), list(keyed), scorer=fuzz.WRatio, limit=limit, score_cutoff=80)
    return [keyed[k] for k, _, _ in found]


def _did_you_mean(names: list[str]) -> str:
    return "did you mean " + " or ".join(repr(n) for n in names) + "?" if names else ""


class Refgraph:
    """A store plus the strength model. ``refgraph.open(path)`` returns one."""

    def __init__(self, path: str | Path | None = None, *, config: str | Path | None = None):
        self.path = Path(path).expanduser() if path else default_path()
        if config is not None and not Path(config).exists():
            raise RefgraphError(f"{config}: no such config file — check the --config path")
        self.config_path = Path(config) if config else self.path.with_name("refgraph.toml")
        self.params: Params = load_params(self.config_path)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """The store, opened (and created) on first use, so a failed parse creates nothing."""
        if self._store is None:
            self._store = Store(self.path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- imports --------------------------------------------------------------------------------
    def import_linkedin(self, path, owner: str | None = None, progress: Callable | None = None) -> Summary:
        """Import a LinkedIn export (zip, folder, Connections.csv or messages.csv)."""
        from .sources.linkedin import read_linkedin

        return self._apply(read_linkedin(path, owner=owner), owner, progress)

    def import_interactions(self, path, owner: str | None = None, mapping: dict[str, str] | list[str] | None = None,
                            progress: Callable | None = None) -> Summary:
        """Import a call/meeting log (canonical CSV, Salesforce or HubSpot export)."""
        from .sources.interactions import parse_map, read_interactions

        if mapping is not None and not isinstance(mapping, dict):
            mapping = parse_map(mapping)
        return self._apply(read_interactions(path, owner=owner, mapping=mapping), owner, progress)

    def _apply(self, batch, owner, progress) -> Summary:
        """Write a parsed batch; a failed first import leaves no store file behind."""
        existed = self._store is not None or self.path.exists()
        try:
            return self.store.apply(batch, owner=owner, progress=progress)
        except BaseException:
            if not existed:
                self.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
            raise

    # -- lookups --------------------------------------------------------------------------------
    def owner_id(self, name: str | None) -> int:
        """The owner called *name*, else the default owner."""
        owners = self.store.owners()
        if not owners:
            raise RefgraphError("no owners in the store yet — import a LinkedIn export or a call log first "
                                "(refgraph import linkedin EXPORT.zip)")
        if name is None:
            return owners[0]["id"]
        key = name_key(name)
        for row in owners:
            if name_key(row["name"]) == key:
                return row["id"]
        names = [row["name"] for row in owners]
        raise NotFound(f"no owner called {name!r} — use one of: {', '.join(names)}")

    def person_id(self, text: str) -> int:
        """Find one person by name (exact, then case/accent-insensitive), LinkedIn URL or email."""
        text = text.strip()
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
        names = [r["name"] for r in self.store.query("SELECT name FROM people WHERE merged_into IS NULL")]
        hint = _did_you_mean(suggest(text, names))
        raise NotFound(f"no person called {text!r} in the store" + (f" — {hint}" if hint else
                       " — check the spelling or import the file that mentions them"))

    # -- strength -------------------------------------------------------------------------------
    def scores(self, as_of: date, owner_id: int | None = None, person_ids=None) -> dict:
        """``{(owner_id, person_id): Score}`` at *as_of*, from per-day aggregates grouped in SQL."""
        p = self.params
        agg: dict = defaultdict(lambda: {"n": 0, "last": None, "first": None, "days": {}})
        for owner, person, day, channel, direction, count in self.store.pair_day_counts(as_of, owner_id, person_ids):
            a = agg[(owner, person)]
            d = date.fromisoformat(day)
            if a["first"] is None or d < a["first"]:
                a["first"] = d
            if p.is_conversation(channel):
                a["n"] += count
                if a["last"] is None or d > a["last"]:
                    a["last"] = d
            else:
                # keep 1 - prod(1 - w) per day as the product of its complements
                w = p.touch_weight(channel, direction or None)
                a["days"][d] = a["days"].get(d, 1.0) * (1.0 - w) ** count
        out = {}
        for pair, a in agg.items():
            values = [min(p.touch_day_cap, 1.0 - keep) for keep in a["days"].values()]
            out[pair] = score(a["n"], a["last"], a["first"], values, as_of, p)
        return out

    def people(self, as_of: date, owner: str | None = None, account: str | None = None,
               stale: bool = False, limit: int | None = None) -> Rows:
        """People with the strength of their strongest owner relationship (or *owner*'s), strongest first."""
        owner_id = self.owner_id(owner) if owner else None
        owners = {r["id"]: r["name"] for r in self.store.owners()}
        scores = self.scores(as_of, owner_id)
        best: dict[int, tuple[int, Any]] = {}
        for (oid, pid), s in scores.items():
            if pid == oid:
                continue
            current = best.get(pid)
            if current is None or (s.strength, -oid) > (current[1].strength, -current[0]):
                best[pid] = (oid, s)
        people = self.store.query("SELECT id, name, name_key, company, title FROM people WHERE merged_into IS NULL")
        if account:
            people = self._at_account(people, account)
        rows = []
        for person in people:
            pick = best.get(person["id"])
            if pick is None and (owner_id is not None or stale or person["id"] in owners):
                continue
            if pick and owner_id is not None and person["id"] == owner_id:
                continue
            s = pick[1] if pick else None
            if stale and not s.stale:
                continue
            rows.append({
                "name": person["name"], "company": person["company"] or "", "title": person["title"] or "",
                "owner": owners.get(pick[0], "") if pick else "",
                "strength": round(s.strength, 4) if s else 0.0,
                "last_conversation": s.last_conversation.isoformat() if s and s.last_conversation else None,
                "conversations": s.conversations if s else 0,
                "stale": s.stale if s else True,
                "_key": (-(s.strength if s else 0.0), person["name_key"], person["id"]),
            })
        rows.sort(key=lambda r: r["_key"])
        for r in rows:
            del r["_key"]
        if limit is not None:
            rows = rows[:limit]
        return Rows(rows, ["name", "company", "title", "owner", "strength", "last_conversation",
                           "conversations", "stale"])

    def _at_account(self, people, account: str):
        key = company_key(account)
        matched = [p for p in people if p["company"] and company_key(p["company"]) == key]
        if not matched:
            companies = sorted({p["company"] for p in people if p["company"]})
            hint = _did_you_mean(suggest(account, companies, key=company_key))
            raise NotFound(f"no one in the store works at {account!r}" + (f" — {hint}" if hint else
                           " — check the name or import the export that lists them"))
        return matched

    def why(self, person: str, as_of: date, owner: str | None = None) -> Report:
        """Every event behind each of *person*'s owner relationships, with shares adding up to the strength."""
        pid = self.person_id(person)
        only = self.owner_id(owner) if owner else None
        info = self.store.person(pid)
        owners = {r["id"]: r["name"] for r in self.store.owners()}
        by_owner: dict[int, list] = defaultdict(list)
        for ev in self.store.events(pid, only):
            by_owner[ev["owner_id"]].append(ev)
        relationships, blocks, flat = [], [], []
        for oid, evs in by_owner.items():
            events = [Event(date.fromisoformat(e["day"]), e["channel"], e["direction"], e) for e in evs]
            s, shares = explain(events, as_of, self.params)
            if not shares:
                continue
            rounded4 = round_shares([x.share for x in shares], s.strength, 4)
            rounded3 = round_shares([x.share for x in shares], s.strength, 3)
            items, table = [], []
            for x, r4, r3 in zip(shares, rounded4, rounded3):
                e = x.event.ref
                item = {"date": e["day"], "channel": e["channel"], "kind": x.kind,
                        "direction": e["direction"] or "", "subject": e["subject"] or "", "source": e["source"],
                        "weight": round(x.weight, 4), "share": r4}
                items.append(item)
                table.append({**item, "share": r3, "weight": round(x.weight, 3)})
                flat.append({"person": info["name"], "owner": owners.get(oid, ""), **item})
            rel = {"owner": owners.get(oid, ""), "strength": round(s.strength, 4),
                   "freshness": round(s.freshness, 4), "conversations": s.conversations,
                   "last_conversation": s.last_conversation.isoformat() if s.last_conversation else None,
                   "half_life_days": round(s.half_life, 1), "stale": s.stale, "events": items}
            relationships.append(rel)
            last = s.last_conversation.isoformat() if s.last_conversation else "never"
            title = (f"{owners.get(oid, '')} — {info['name']}: strength {s.strength:.3f}"
                     f"{' (stale)' if s.stale else ''}; {s.conversations} conversation"
                     f"{'' if s.conversations == 1 else 's'}, last {last}; freshness {s.freshness:.3f} "
                     f"(half-life {s.half_life:.0f} days)")
            blocks.append(Block(title, Rows(table, ["date", "channel", "kind", "direction", "subject", "source",
                                                    "weight", "share"]),
                                footer=f"total {sum(rounded3):.3f} = strength {s.strength:.3f}"))
        relationships.sort(key=lambda r: -r["strength"])
        order = {r["owner"]: i for i, r in enumerate(relationships)}
        blocks.sort(key=lambda b: order.get(b.title.split(" — ")[0], 0))
        jobs = [{"company": j["company"], "title": j["title"] or "", "from": j["start"], "to": j["end"]}
                for j in self.store.employment(pid)]
        idents = self.store.identifiers(pid)
        data = {"name": info["name"], "credentials": info["credentials"], "company": info["company"] or "",
                "title": info["title"] or "",
                "linkedin": next(("https://www." + i["value"] for i in idents if i["kind"] == "linkedin"), None),
                "emails": [i["value"] for i in idents if i["kind"] == "email"],
                "employment": jobs, "relationships": relationships}
        head = info["name"] + (f", {info['credentials']}" if info["credentials"] else "")
        if info["company"] or info["title"]:
            head += f" — {info['title'] or ''}{' at ' if info['title'] and info['company'] else ''}{info['company'] or ''}"
        if not relationships:
            blocks.append(Block(f"{head}: no interactions with any owner up to {as_of.isoformat()}", Rows()))
        else:
            blocks.insert(0, Block(head, Rows()))
        if jobs:
            blocks.append(Block("Employment", Rows(
                [{"company": j["company"], "title": j["title"], "from": j["from"] or "", "to": j["to"] or "now"}
                 for j in jobs], ["company", "title", "from", "to"])))
        return Report(data, blocks, Rows(flat, ["person", "owner", "date", "channel", "kind", "direction",
                                                 "subject", "source", "weight", "share"]))

    # -- writes ---------------------------------------------------------------------------------
    def log(self, person: str, channel: str, on: date, note: str | None = None, owner: str | None = None) -> dict:
        """Record an interaction by hand (a source like any other: ``why`` shows it)."""
        from .sources.interactions import normalise_channel
        from .strength import CHANNELS

        canonical = normalise_channel(channel)
        if canonical is None:
            raise RefgraphError(f"unknown channel {channel!r} — use one of {', '.join(CHANNELS)}")
        pid = self.person_id(person)
        oid = self.owner_id(owner)
        if pid == oid:
            raise RefgraphError(f"{person!r} is the owner — log an interaction with someone else")
        rec = InteractionRecord((), on, on.isoformat(), canonical, key=f"log:{uuid.uuid4().hex}",
                                subject=clean_name(note or "") or None, source="log")
        self.store.log(oid, pid, rec)
        names = {r["id"]: r["name"] for r in self.store.owners()}
        return {"owner": names[oid], "person": self.store.person(pid)["name"], "channel": canonical,
                "date": on.isoformat(), "note": rec.subject or ""}
