"""Whom to call this week: stale relationships worth renewing, most valuable first, and a call plan.

A reconnect is a person you have really talked to at least once (a call, meeting or video) whose
relationship has gone stale (freshness below ``stale_freshness``). People you never really talked
to are not reconnects. Value combines:

* **depth**: the relationship's strength before decay (``S / F``), which grows with every past
  conversation: a deep tie gone quiet outranks a one-off meeting gone quiet;
* **the prize**: for each target account, the strongest path into it that starts with this person,
  with their hop counted at full depth (what a catch-up call restores). The prize is the sum over
  accounts, so a stale connector on the way into a target account rises.

``value = depth + prize``; for one account, a past tie who joined it in the last 90 days
(:func:`refgraph.changes.joined`) comes first. The call plan gives ``per_day`` calls to each weekday
from ``start`` (with ``--team``, to each owner).

Colleagues (people at the owner's current company: :func:`refgraph.reads.is_colleague`) are not
reconnects nor targets unless asked for (``colleagues=True``); the plan counts those it left out.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Iterable

from .advice import booked
from .errors import RefgraphError
from .files import output_file
from .results import ReconnectPlan, Rows

__all__ = ["plan", "changes", "Candidate", "plan_days", "next_weekday", "write_ics", "talking_points", "MIN_PRIZE"]

MIN_PRIZE = 0.01   # a path that stays colder than this even after the call is no prize


@dataclass
class Candidate:
    owner_id: int
    person_id: int
    depth: float
    strength: float
    conversations: int
    last_conversation: date
    prize: float = 0.0
    prize_accounts: tuple = ()      # (account name, potential strength, is the best path into it)
    moved: tuple = ()               # their recent moves into target accounts (refgraph.changes.joined)

    @property
    def value(self) -> float:
        return self.depth + self.prize


def next_weekday(day: date) -> date:
    """The first Monday–Friday after *day*.

    >>> next_weekday(date(2026, 11, 13))   # a Friday
    datetime.date(2026, 11, 16)
    """
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def plan_days(count: int, start: date, per_day: int) -> list[date]:
    """The call date of each of *count* calls: *per_day* on each weekday from *start* on.

    >>> [d.isoformat() for d in plan_days(5, date(2026, 11, 19), 2)]
    ['2026-11-19', '2026-11-19', '2026-11-20', '2026-11-20', '2026-11-23']
    """
    days, day = [], start
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while len(days) < count:
        days.extend([day] * min(per_day, count - len(days)))
        day += timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
    return days


def local_zone():
    """The machine's time zone as an IANA zone when it can be told (TZ, /etc/localtime), else UTC."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
            name = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
        except OSError:
            name = ""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def write_ics(path: Path, calls: Iterable[dict], zone=None, first_slot: time = time(9, 0),
              minutes: int = 30) -> int:
    """Write one 30-minute event per call (9:00, 9:30, … each day, local time) with ``icalendar``.

    Each call is ``{name, date, reason}``; returns the number of events written.
    """
    import hashlib

    from icalendar import Calendar, Event

    zone = zone or local_zone()
    cal = Calendar()
    cal.add("prodid", "-//refgraph//reconnect plan//EN")
    cal.add("version", "2.0")
    slot_of: dict[date, int] = {}
    count = 0
    for call in calls:
        day = date.fromisoformat(call["date"]) if isinstance(call["date"], str) else call["date"]
        slot = slot_of.get(day, 0)
        slot_of[day] = slot + 1
        start = datetime.combine(day, first_slot, tzinfo=zone) + timedelta(minutes=minutes * slot)
        event = Event()
        event.add("uid", hashlib.sha1(f"{call['name']}|{day}".encode()).hexdigest()[:16] + "@refgraph")
        event.add("dtstamp", datetime.combine(day, time(0, 0), tzinfo=zone))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
        event.add("summary", f"Reconnect: {call['name']}")
        event.add("description", call["reason"])
        cal.add_component(event)
        count += 1
    if hasattr(cal, "add_missing_timezones"):
        cal.add_missing_timezones()
    path = Path(path)
    data = cal.to_ical()
    try:
        with output_file(path) as f:   # 0600, renamed into place: never written through a link
            f.write(data)
    except OSError as exc:
        from .errors import RefgraphError

        raise RefgraphError(f"{path}: cannot write the calendar file ({exc.strerror}) — pick a folder that "
                            "exists and that you can write to") from None
    return count


def path_params(params):
    """The model's parameters for reconnect's path search: keep even the faintest owner ties (a
    long-stale deep tie is exactly what this list is for)."""
    return replace(params, min_edge_strength=1e-9)


def plan(reads, params, *, as_of: date, owner: str | None = None, team: bool = False, account: str | None = None,
         limit: int = 25, per_day: int = 5, start: date | None = None, colleagues: bool = False,
         today: date | None = None) -> ReconnectPlan:
    """Stale relationships worth a call, most valuable first, each with a reason and a call date:
    what :meth:`refgraph.api.Refgraph.reconnect` answers. Colleagues are left out (and counted)
    unless *colleagues*; *today* tells a *start* in the past."""
    from .changes import joined
    from .paths import best_ways

    owners = reads.owners()
    owner_ids = list(owners) if team else [reads.owner_id(owner)]
    if not owners:
        raise RefgraphError("no owners in the store yet — import a LinkedIn export or a call log first")
    candidates: dict[tuple[int, int], Candidate] = {}
    graphs = {oid: reads.graph(as_of=as_of, params=path_params(params)) for oid in owner_ids}
    workplace = dict(reads.colleagues_of(owner_ids))
    skip = {oid: set() if colleagues else workplace[oid][1] for oid in owner_ids}
    skipped: dict[int, set[int]] = {}   # the colleagues left out, by owner
    silent = []                         # owners with no real conversation in the store
    for oid in owner_ids:
        network = graphs[oid].network(oid)
        if not any(sc.conversations for sc in network.values()):
            silent.append(owners[oid])
        for (o, pid), sc in network.items():
            if pid in owners or sc.conversations == 0 or not sc.stale:
                continue
            if pid in skip[o]:
                skipped.setdefault(o, set()).add(pid)
                continue
            depth = 1.0 - (1.0 - sc.d_conv) * (1.0 - sc.d_touch)
            candidates[(o, pid)] = Candidate(o, pid, depth, sc.strength, sc.conversations, sc.last_conversation)
    accounts = [reads.account(account)] if account else reads.all_accounts()
    members = {name: {m["id"] for m in rows if m["id"] not in owners}
               for name, rows in reads.members_of(accounts).items()}
    ways: dict[int, dict] = {}   # each owner's first connectors' ways into each account
    for oid in owner_ids:
        tails, best = best_ways(graphs[oid], oid, {name: ids - skip[oid] for name, ids in members.items()},
                                floor=MIN_PRIZE)
        ways[oid] = tails
        via: dict[str, dict[int, float]] = {}   # what each stale first connector would open once called
        for (o, pid), cand in candidates.items():
            if o == oid:
                for name, tail in tails.get(pid, {}).items():
                    if tail > 0:
                        via.setdefault(name, {})[pid] = tail * cand.depth
        for acc in accounts:
            best_via = via.get(acc["name"], {})
            best_now = best.get(acc["name"], 0.0)
            top = max(best_via.values(), default=0.0)
            for pid, potential in best_via.items():
                if potential < MIN_PRIZE:
                    continue
                cand = candidates[(oid, pid)]
                cand.prize += potential
                cand.prize_accounts += ((acc["name"], potential, potential >= max(top, best_now)),)
    if account:
        ranked = [c for c in candidates.values() if c.prize > 0]
    else:
        ranked = list(candidates.values())
    keys = {pid: r["name_key"] for pid, r in reads.people(c.person_id for c in ranked).items()}
    # a past tie who lately joined the account asked for: the first call (and the news to open with)
    moved_in = joined(reads, params, accounts, {c.person_id for c in ranked}, as_of=as_of) if account else {}
    ranked.sort(key=lambda c: (c.person_id not in moved_in, -c.value, keys[c.person_id], c.owner_id))
    # a conversation already booked (a meeting on the calendar) is the reconnect: no call planned
    chosen, left_out, seen = [], [], 0
    while len(chosen) < limit and seen < len(ranked):
        batch = ranked[seen:seen + limit - len(chosen) + 10]
        seen += len(batch)
        ahead = booked(reads, params, [(c.owner_id, c.person_id) for c in batch], as_of=as_of)
        for cand in batch:   # in rank order until the plan is full: those left out are the ones it passed
            if len(chosen) == limit:
                break
            if (cand.owner_id, cand.person_id) in ahead:
                left_out.append((cand, ahead[cand.owner_id, cand.person_id]))
            else:
                chosen.append(cand)
    ranked = chosen
    moved = joined(reads, params, accounts, {c.person_id for c in ranked}, as_of=as_of)
    for cand in ranked:
        cand.moved = tuple(moved.get(cand.person_id, ()))
    names = reads.people({c.person_id for c in ranked} | {c.person_id for c, _ in left_out})
    booked_already = [{"name": names[c.person_id]["name"], "owner": owners[c.owner_id], "day": e["day"],
                       "subject": e["subject"]} for c, e in left_out]
    first = start or next_weekday(as_of)
    days = _days_per_owner(ranked, first, per_day)
    rows = []
    for cand, day in sorted(zip(ranked, days), key=lambda pair: pair[1]):   # by day, in rank order
        person = names[cand.person_id]
        rows.append({"name": person["name"], "company": person["company"] or "", "owner": owners[cand.owner_id],
                     "strength": round(cand.strength, 4),
                     "last_conversation": cand.last_conversation.isoformat(),
                     "reason": _reason(reads, params, cand, as_of=as_of), "date": day.isoformat(),
                     "value": round(cand.value, 4)})
    columns = ["date", "name", "company", "strength", "last_conversation", "reason"]
    if team:
        columns.insert(2, "owner")
    by_company: dict[str, set[int]] = {}
    for oid, pids in skipped.items():
        if account:   # only those the plan would have named: on a way into the account
            name = accounts[0]["name"]
            pids = {pid for pid in pids if ways[oid].get(pid, {}).get(name, 0.0) > 0 or pid in members[name]}
        if pids:
            by_company.setdefault(workplace[oid][0], set()).update(pids)
    left_colleagues = [{"company": name, "count": len(pids)} for name, pids in sorted(by_company.items())]
    return ReconnectPlan(rows, Rows(rows, columns), as_of=as_of, owner=None if team else owners[owner_ids[0]],
                         account=accounts[0]["name"] if account else "", per_day=per_day, left_out=booked_already,
                         colleagues=left_colleagues, no_conversations=silent,
                         all_silent=len(silent) == len(owner_ids), start=first,
                         start_in_past=bool(start and today and start < today))


def _days_per_owner(ranked: list[Candidate], start: date, per_day: int) -> list[date]:
    """Each call's day, in rank order: *per_day* calls a weekday for each owner."""
    count: dict[int, int] = {}
    for cand in ranked:
        count[cand.owner_id] = count.get(cand.owner_id, 0) + 1
    days = {oid: iter(plan_days(n, start, per_day)) for oid, n in count.items()}
    return [next(days[cand.owner_id]) for cand in ranked]


def _reason(reads, params, cand: Candidate, *, as_of: date) -> str:
    events = reads.events(cand.person_id, cand.owner_id)
    convs = [e for e in events if params.is_real_conversation(e["channel"], e["attendees"])
             and e["day"] <= as_of.isoformat()]
    first = convs[0]["day"][:4] if convs else "?"
    last = [e for e in convs if e["day"] == cand.last_conversation.isoformat()]
    subject = next((e["subject"] for e in reversed(last) if e["subject"]), None)
    parts = [f"{cand.conversations} conversation{'s' if cand.conversations != 1 else ''} since {first}; "
             f"last {cand.last_conversation.isoformat()}" + (f" ({subject})" if subject else "")]
    for m in cand.moved:
        title = m["new"]["title"] if m["new"] else None
        parts.append(f"Joined {m['account']}{' as ' + title if title else ''} (LinkedIn export of {m['day']})")
    for name, potential, best in sorted(cand.prize_accounts, key=lambda a: -a[1]):
        parts.append(f"On your {'best ' if best else ''}path into {name} ({potential:.2f} once you reconnect)")
    from .reciprocity import ON_LINKEDIN, balance, help_points

    talking = talking_points(reads, cand.person_id, events, cand.last_conversation, as_of=as_of)
    bal = balance(reads, cand.owner_id, cand.person_id, as_of)   # the ledger, the intros
    talking += help_points({side: [e for e in entries if e["note"] != ON_LINKEDIN]   # said above already
                            for side, entries in bal.items()})
    if talking:
        parts.append("Talking points: " + "; ".join(talking))
    return ". ".join(parts)


def talking_points(reads, person_id: int, events, last_conversation: date | None, *, as_of: date) -> list[str]:
    """What to talk about with someone before asking them anything: a job they started since the
    last real conversation (*last_conversation*), a recommendation either way among *events* (the
    owner's events with them) up to *as_of*."""
    from .reciprocity import recommended_them

    talking = []
    since = last_conversation.isoformat() if last_conversation else ""
    for job in reads.employment(person_id):
        if job["start"] and job["start"] > since and job["end"] is None:
            talking.append(f"new job since you spoke: {job['title'] + ' at ' if job['title'] else ''}"
                           f"{job['company']} ({job['start']})")
    for e in events:
        if e["channel"] == "recommendation" and e["day"] <= as_of.isoformat():
            who = "you recommended them" if recommended_them(e) else "they recommended you"
            talking.append(f"{who} ({e['day'][:4]})")
    return talking


def changes(reads, params, *, since: date, as_of: date, owner: str | None = None, team: bool = False,
            colleagues: bool = False) -> Rows:
    """Who went stale and who was reconnected between *since* and *as_of*; and the introductions
    made (``introduced``: the person you were introduced to) and meetings won (``met``) then
    (:func:`refgraph.intros.made_and_won`)."""
    from .intros import made_and_won

    owners = reads.owners()
    owner_ids = list(owners) if team else [reads.owner_id(owner)]
    # colleagues at the owner's company are left out, as in the plan (unless *colleagues*)
    skip = {oid: set() for oid in owner_ids} if colleagues else {
        oid: found[1] for oid, found in reads.colleagues_of(owner_ids).items()}
    rows = []
    for oid in owner_ids:
        before = reads.scores(as_of=since, params=params, owner_id=oid)
        now = reads.scores(as_of=as_of, params=params, owner_id=oid)
        for pair, sc in now.items():
            if pair[1] in owners or sc.conversations == 0 or pair[1] in skip[oid]:
                continue
            old = before.get(pair)
            was_stale = old is None or old.conversations == 0 or old.stale
            change = None
            if sc.stale and old is not None and old.conversations and not old.stale:
                change = "went stale"
            elif not sc.stale and was_stale:
                change = "reconnected" if old is not None and old.conversations else "new relationship"
            if change:
                person = reads.person(pair[1])
                rows.append({"name": person["name"], "company": person["company"] or "", "owner": owners[oid],
                             "change": change, "strength": round(sc.strength, 4),
                             "last_conversation": sc.last_conversation.isoformat() if sc.last_conversation else None,
                             "detail": ""})
        for intro, status, day in made_and_won(reads.intros(oid), since, as_of):   # introductions made, meetings won
            person, sc = reads.person(intro["to_id"]), now.get((oid, intro["to_id"]))
            via = reads.person(intro["via_id"])["name"]
            rows.append({"name": person["name"], "company": person["company"] or "", "owner": owners[oid],
                         "change": status, "strength": round(sc.strength, 4) if sc else 0.0,
                         "last_conversation": sc.last_conversation.isoformat() if sc and sc.last_conversation else None,
                         "detail": f"{'introduced' if status == 'introduced' else 'met'} through {via} on "
                                   f"{day.isoformat()}"})
    order = {"went stale": 0, "reconnected": 1, "new relationship": 2, "introduced": 3, "met": 4}
    rows.sort(key=lambda r: (order[r["change"]], -r["strength"], r["name"]))
    return Rows(rows, ["change", "name", "company", "owner", "strength", "last_conversation"])   # JSON: + detail
