"""Paths told as advice: the evidence on each hop, what to do first, and why there is no path.

:meth:`refgraph.api.Refgraph.paths` and :meth:`~refgraph.api.Refgraph.coverage` turn the search's
paths (:mod:`refgraph.paths`) into these; a stale first hop with a conversation already booked
(:func:`booked`) is told as that meeting, not as a call to make (:mod:`refgraph.reconnect` leaves
it out of the call plan).
"""
from __future__ import annotations

from datetime import date, timedelta

__all__ = ["booked", "explain_path", "last_touch", "next_action", "no_path_reason", "tie_evidence", "with_evidence"]


def last_touch(reads, path, *, as_of: date) -> date | None:
    """The most recent event (a message, the connection date …) up to *as_of* on *path*'s cold hops
    (an owner's tie with no real conversation), the stalest of them when there are several; ``None``
    for a path with no cold hop."""
    from .paths import cold_edge

    days = []
    for (u, v), e in zip(zip(path.nodes, path.nodes[1:]), path.edges):
        if cold_edge(e):
            other = v if e.owner == u else u
            seen = [ev["day"] for ev in reads.events(other, e.owner) if ev["day"] <= as_of.isoformat()]
            if seen:
                days.append(max(seen))
    return date.fromisoformat(min(days)) if days else None


def no_path_reason(acc, members, targets, owners, title, max_hops, from_label, team) -> str:
    name = acc["name"]
    if not members:
        return (f"No path into {name}: no one at {name} is in the store. Import a teammate's network "
                f"(refgraph import linkedin EXPORT --owner NAME), contacts or a knows file that lists people there.")
    if not targets:
        titles = sorted({m["title"] for m in members if m["title"]})[:8]
        return (f"No path into {name}: {len(members)} people there, but none matches --title {title!r}"
                + (f" (titles there: {', '.join(titles)})" if titles else "") + ".")
    hint = "" if team or len(owners) < 2 else " or --team"
    return (f"No path into {name}: {len(targets)} people there, but no route within {max_hops} hops from "
            f"{from_label}. Import a teammate's network (refgraph import linkedin EXPORT --owner NAME) or a knows "
            f"file (refgraph import knows FILE){', or try --max-hops 3' if max_hops < 3 else ''}{hint}.")


def booked(reads, params, pairs: list[tuple[int, int]], *, as_of: date) -> dict:
    """``{(owner, person): event}``: the first real conversation of each of the (owner, person)
    *pairs* that has one booked after *as_of*, within ``booked_within_days`` (a meeting of at most
    ``conversation_max_attendees`` people on the calendar, a call logged ahead)."""
    day, until = as_of.isoformat(), (as_of + timedelta(days=params.booked_within_days)).isoformat()
    pairs = set(pairs)
    later = [(o, p) for o, p in reads.pairs_with_events_after({p for _, p in pairs}, as_of=as_of) if (o, p) in pairs]
    out = {}
    for owner_id, person_id in later:
        for e in reads.events(person_id, owner_id):
            if day < e["day"] <= until and params.is_real_conversation(e["channel"], e["attendees"]):
                out[owner_id, person_id] = e
                break
    return out


def with_evidence(reads, params, paths: list, *, as_of: date) -> list:
    """The chosen paths with the evidence of their person–person ties (knows notes, shared
    meetings), read for those few people only: the search itself reads strengths, not evidence."""
    from .paths import Path as _Path

    nodes = sorted({u for p in paths for (u, _), e in zip(zip(p.nodes, p.nodes[1:]), p.edges)})
    ties = {n: {t["person_id"]: tuple(t["evidence"]) for t in found}
            for n, found in reads.ties(nodes, as_of=as_of, params=params).items()} if nodes else {}
    out = []
    for p in paths:
        edges = tuple(e._replace(notes=ties.get(u, {}).get(v, ())) for (u, v), e in zip(zip(p.nodes, p.nodes[1:]), p.edges))
        out.append(_Path(p.nodes, edges))
    return out


def explain_path(reads, params, path, acc, person, owners, *, as_of: date, team: bool = False,
                 asked: date | None = None) -> dict:
    """*path* told as advice: the JSON of ``path``. *asked*: the day its connector was last asked for
    an introduction lately (:meth:`refgraph.paths.Choice.asked_on`), ``None`` when not."""
    names = [person(n)["name"] for n in path.nodes]
    hops = []
    for (u, v), edge in zip(zip(path.nodes, path.nodes[1:]), path.edges):
        hops.append({"from": person(u)["name"], "to": person(v)["name"], "strength": round(edge.strength, 4),
                     "last_conversation": edge.last_conversation.isoformat() if edge.last_conversation else None,
                     "stale": edge.stale, "kind": "relationship" if edge.owner is not None else "knows"})
    weakest = min(hops, key=lambda h: h["strength"])
    # stale hops the owner side must call before asking: an owner's own stale relationships with a
    # past conversation (someone never really talked to is not a reconnect: see next_action)
    reconnect = [h["to"] for (u, _), h, e in zip(zip(path.nodes, path.nodes[1:]), hops, path.edges)
                 if h["stale"] and u in owners and e.conversations > 0]
    target = person(path.nodes[-1])
    evidence = tie_evidence(reads, path.nodes[-2], path.nodes[-1], path.edges[-1], person, owners)
    first = (path.nodes[0], path.nodes[1])
    meeting = (booked(reads, params, [first], as_of=as_of).get(first)
               if hops[0]["stale"] and path.edges[0].owner is not None else None)
    from .paths import status

    touched = last_touch(reads, path, as_of=as_of)
    mate = (teammate_who_knows(reads, params, path.nodes[0], path.nodes[-1], owners, as_of=as_of)
            if path.hops == 1 and not team and status(path, params) != "warm" else None)
    action = next_action(path, hops, names, target, evidence, owners, team=len(owners) > 1 and team,
                         booked=meeting, touched=touched)
    if asked and path.hops > 1:   # its connector asked lately: the next step is their answer, not a second ask
        action = (f"Follow up with {names[1]} on your ask of {asked.isoformat()} rather than ask again, then "
                  "log how it went (refgraph intro log … --status introduced, declined or no-reply)")
        if len(owners) > 1 and team:
            action = f"{names[0]}: {action}"
    if mate:   # your own tie is stale or cold, a teammate's is warm: bring them in
        action += (f" — {mate['name']} (teammate) knows {target['name'].split()[0]} well ({mate['conversations']} "
                   f"conversations, last {mate['last_conversation']}): bring them along")
    return {"strength": round(path.strength, 4), "status": status(path, params),
            "last_touch": touched.isoformat() if touched else None,
            "asked": asked.isoformat() if asked else None, "people": names, "hops": hops,
            "weakest": {"from": weakest["from"], "to": weakest["to"], "strength": weakest["strength"]},
            "reconnect_first": reconnect,
            "target": {"name": target["name"], "title": target["title"] or "", "company": target["company"] or "",
                       "account": acc["name"]},
            "evidence": evidence,
            "next_action": action,
            "teammate": mate}


def teammate_who_knows(reads, params, owner_id: int, target_id: int, owners, *, as_of: date) -> dict | None:
    """The teammate (another owner) with the strongest warm relationship to *target_id* — real
    conversations, fresh, at least ``warm_path_strength`` — as ``{name, strength, conversations,
    last_conversation}``; ``None`` when none has one."""
    warm = [(s.strength, oid, s) for (oid, pid), s in reads.scores(as_of=as_of, params=params,
                                                                   person_ids=[target_id]).items()
            if pid == target_id and oid != owner_id and oid in owners and s.conversations and not s.stale
            and s.strength >= params.warm_path_strength]
    if not warm:
        return None
    strength, oid, s = max(warm, key=lambda w: (w[0], w[1]))
    return {"name": owners[oid], "strength": round(strength, 4), "conversations": s.conversations,
            "last_conversation": s.last_conversation.isoformat()}


def tie_evidence(reads, u: int, v: int, edge, person, owners) -> list[str]:
    """How the connector knows the target: the relationship, knows notes, shared meetings, colleagues."""
    out = []
    if edge.owner is not None:
        other = person(v if edge.owner == u else u)["name"]
        if edge.conversations:
            out.append(f"{person(edge.owner)['name']} has had {edge.conversations} conversation"
                       f"{'' if edge.conversations == 1 else 's'} with {other}, last "
                       f"{edge.last_conversation.isoformat()}")
        else:
            out.append(f"{person(edge.owner)['name']} and {other} are in touch but have never had a real conversation")
    out.extend(edge.notes)
    if u not in owners:   # colleagues, now or before (company names compared as account keys)
        from .identity import company_key

        mine = {company_key(r["company"]): r for r in reads.employment(u)}
        for job in reads.employment(v):
            other = mine.get(company_key(job["company"]))
            if other is not None:
                now = other["end"] is None and job["end"] is None
                out.append(f"{'both work' if now else 'worked together'} at {other['company']}")
                break
    return out


def next_action(path, hops, names, target, evidence, owners, team: bool = False, booked=None, touched=None) -> str:
    """What to do first on *path*; *booked* is a conversation already on the calendar with the
    first hop (then that meeting is the reconnect, not a call); *touched* the last touch on a cold
    hop."""
    title = target["title"]
    if title and "," in title:   # "Tom Becker (Director, IT)": its own commas would run into the sentence's
        who = whom = f"{target['name']} ({title})"
    else:   # inside a sentence: "Call Lee Park, CFO, directly"
        who = target["name"] + (f", {title}" if title else "")
        whom = who + ("," if title else "")
    first, first_edge = hops[0], path.edges[0]
    never = first_edge.owner is not None and first_edge.conversations == 0
    last_seen = (f"last real conversation {first['last_conversation']}" if first["last_conversation"]
                 else "you are connected but have never had a real conversation"
                 + (f" (last touch {touched.isoformat()})" if touched and never else ""))
    meeting = (("You have a call with" if booked["channel"] == "call" else "You meet") + f" {names[1]} on "
               f"{booked['day']}" + (f" ({booked['subject']})" if booked["subject"] else "") if booked is not None else "")
    if path.hops == 1:
        if booked is not None:
            text = f"{meeting} — {last_seen}"
        elif never:
            text = f"Call {who}, to introduce yourself — {last_seen}"
        elif first["stale"]:
            text = f"Reconnect with {whom} first — {last_seen} — then ask for the meeting"
        else:
            text = f"Call {whom} directly — {last_seen}"
        return f"{names[0]}: {text}" if team else text
    connector = names[1]
    chain = f"to introduce you to {who}" if path.hops == 2 else f"to introduce you to {names[2]}, who knows {who}"
    teammate = path.nodes[1] in owners
    ask = f"ask {connector}{' (teammate)' if teammate else ''} {chain}"
    if booked is not None:
        text = f"{meeting} — {last_seen} — there, {ask}"
    elif never:
        text = f"Get to know {connector} first — {last_seen} — then {ask}"
    elif first["stale"]:
        text = f"Call {connector} first — {last_seen} — then {ask}"
    else:
        text = ask[0].upper() + ask[1:]
    for (u, _), h in list(zip(zip(path.nodes, path.nodes[1:]), hops))[1:]:
        if h["stale"] and u in owners:
            text += (f"; {h['from']} should reconnect with {h['to']} first (last real conversation "
                     f"{h['last_conversation'] or 'never'})")
    reason = next((e for e in evidence), "")
    text += f" — {reason}" if reason else ""
    return f"{names[0]}: {text}" if team else text
