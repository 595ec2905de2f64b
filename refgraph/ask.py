"""The brief for one referral ask, built from one path (the best, or the one through ``--via``).

What the selling practice asks for before an introduction, in order: renew the stale ties on the
way (with the last real conversation, what it was about, and something to talk about), know how the
connector knows the target, give the business reason, ask the connector how you can help them (and
know what they did for you lately), then a call script and an email the connector can forward.

:meth:`refgraph.api.Refgraph.ask` finds the path (:meth:`~refgraph.api.Refgraph.paths`) and passes
it here with its explanation (:func:`refgraph.advice.explain_path`); this module reads the events,
jobs and ledger it needs through :class:`~refgraph.reads.Reads` and writes plain text only: no
message body, nothing sent.
"""
from __future__ import annotations

from datetime import date

from .advice import booked, tie_evidence
from .reciprocity import ON_LINKEDIN, balance, help_points
from .reconnect import talking_points

__all__ = ["brief", "lines", "MISSING_REASON", "no_evidence"]

MISSING_REASON = "[the business reason — missing: give --reason or add a reason column to your accounts file]"


def no_evidence(connector: str, u: str, v: str) -> str:
    """What the brief says of a tie with no evidence at all.

    >>> no_evidence("Sam Lee", "Sam Lee", "Kim Park")
    'no evidence that Sam Lee knows Kim Park; ask Sam Lee first whether they do'
    """
    return f"no evidence that {u} knows {v}; ask {connector} first whether they do"


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def _last_subject(reads, params, events, last: date | None, as_of: date) -> str | None:
    """The subject of the last real conversation (on the day *last*), if it has one."""
    if last is None:
        return None
    day = last.isoformat()
    same = [e for e in events if e["day"] == day and e["day"] <= as_of.isoformat()
            and params.is_real_conversation(e["channel"], e["attendees"])]
    return next((e["subject"] for e in reversed(same) if e["subject"]), None)


def _points(reads, params, owner_id: int, person_id: int, last: date | None, *, as_of: date) -> list[str]:
    """Talking points with a person: a new job, a recommendation, what was given and received."""
    events = reads.events(person_id, owner_id)
    bal = balance(reads, owner_id, person_id, as_of)
    return (talking_points(reads, person_id, events, last, as_of=as_of)   # LinkedIn recommendations among them
            + help_points({side: [e for e in entries if e["note"] != ON_LINKEDIN] for side, entries in bal.items()}))


def brief(reads, params, item: dict, path, acc: dict, *, owner_id: int, as_of: date,
          reason: str | None = None) -> dict:
    """The ask brief of *path* (a :class:`refgraph.paths.Path` with its evidence) explained as
    *item* (:func:`~refgraph.advice.explain_path`) into the account *acc*, for the owner *owner_id*
    at *as_of*; *reason* the business reason (else the account's, else :data:`MISSING_REASON`).
    The dict is ``ask --json``."""
    owners = reads.owners()
    people = reads.people(path.nodes)

    def name(n: int) -> str:
        return people[n]["name"]

    direct = len(path.nodes) == 2
    connector = None if direct else path.nodes[1]
    asked = path.nodes[1]                      # whom the owner calls: the connector, or the target itself
    target = item["target"]
    hops = list(zip(zip(path.nodes, path.nodes[1:]), path.edges))

    renew = []
    for (u, v), e in hops:
        if u not in owners or not (e.stale or e.conversations == 0):
            continue
        events = reads.events(v, u)
        ahead = booked(reads, params, [(u, v)], as_of=as_of).get((u, v)) if e.conversations else None
        renew.append({"name": name(v), "by": name(u),
                      "last_conversation": e.last_conversation.isoformat() if e.last_conversation else None,
                      "about": _last_subject(reads, params, events, e.last_conversation, as_of),
                      "talking_points": _points(reads, params, u, v, e.last_conversation, as_of=as_of),
                      "booked": {"date": ahead["day"], "subject": ahead["subject"], "channel": ahead["channel"]}
                      if ahead else None})

    know = []
    for (u, v), e in hops[0 if direct else 1:]:
        found = tie_evidence(reads, u, v, e, lambda n: people[n], owners)
        if not found:
            found = [no_evidence(name(asked), name(u), name(v))]
        know.extend(found if len(hops) <= 2 else [f"{name(u)} → {name(v)}: {x}" for x in found])

    given_reason = " ".join((reason or "").split()) or " ".join((acc.get("reason") or "").split())
    why = given_reason or MISSING_REASON
    bal = balance(reads, owner_id, asked, as_of)
    reciprocity = {"given": bal["given"][::-1], "received": bal["received"][::-1]}   # the latest first
    first_hop = hops[0][1]
    points = (renew[0]["talking_points"] if renew and renew[0]["name"] == name(asked)
              else _points(reads, params, owner_id, asked, first_hop.last_conversation, as_of=as_of))
    me = people[owner_id]
    data = {
        "owner": name(owner_id),
        "connector": name(connector) if connector is not None else None,
        "target": {"name": target["name"], "title": target["title"], "account": target["account"]},
        "path": {"people": item["people"], "strength": item["strength"], "status": item["status"],
                 "hops": item["hops"], "next_action": item["next_action"], "asked": item.get("asked")},
        "reconnect_first": renew,
        "how_they_know": know,
        "reason": why,
        "reason_missing": not given_reason,
        "reciprocity": reciprocity,
        "call_script": _script(name(asked), None if direct else name(path.nodes[2]), target, why, points,
                               reciprocity, renew),
        "email_draft": None if direct else _email(name(owner_id), me, name(asked), name(path.nodes[2]), target, why),
    }
    return data


def _who(target: dict) -> str:
    """``Dana Whitfield (COO, Fabrikam)``."""
    return f"{target['name']} ({target['title'] + ', ' if target['title'] else ''}{target['account']})"


def _script(asked: str, intro_to: str | None, target: dict, why: str, points: list[str], reciprocity: dict,
            renew: list[dict]) -> list[str]:
    """A few lines to say on the call, in order."""
    first = _first(asked)
    mine = next((r for r in renew if r["name"] == asked), None)
    if mine is None:
        opening = f"Open: catch up with {first}"
    elif mine["last_conversation"] is None:
        opening = f"Open: introduce yourself to {first} — you have never really talked"
    else:
        opening = f"Open: it has been a while — catch up with {first} and listen first"
    lines = [opening + (f"; talk about: {'; '.join(points)}" if points else "") + "."]
    if reciprocity["received"]:
        last = reciprocity["received"][0]
        lines.append(f"Thank {first} for the {_deeds([last])}.")
    lines.append("Ask: \"How can I help you?\" — and offer something concrete before you ask for anything.")
    if intro_to is None:
        lines.append(f"Then: the reason for a meeting — {why}. Would {first} meet you for 30 minutes?")
    elif intro_to == target["name"]:
        lines.append(f"Then: you would like to meet {_who(target)} — {why}. How well does {first} know "
                     f"{_first(target['name'])}? Would they introduce you?")
        lines.append(f"If yes: you will send {first} a short note to forward.")
    else:
        lines.append(f"Then: you would like to meet {_who(target)} — {why}. {intro_to} knows "
                     f"{_first(target['name'])}: would {first} introduce you to {_first(intro_to)}?")
        lines.append(f"If yes: you will send {first} a short note to forward to {_first(intro_to)}.")
    lines.append("Close: thank them, and say when you will follow up.")
    return lines


def _email(owner: str, me, connector: str, intro_to: str, target: dict, why: str) -> dict:
    """A note the owner sends the connector, written to be forwarded to *intro_to* (plain text)."""
    role = " at ".join(x for x in (me["title"], me["company"]) if x)
    whom = f"{target['name']}{', ' + target['title'] if target['title'] else ''} at {target['account']}"
    ask = ("Would you have 30 minutes in the next few weeks?" if intro_to == target["name"] else
           f"{_first(connector)} tells me you know {_first(target['name'])}: would you be open to introducing "
           "me, or to a short call first?")
    body = "\n".join([
        f"Hi {_first(connector)},",
        "",
        f"Thank you for offering to introduce me to {_first(intro_to)}. Here is a short note you can forward:",
        "",
        f"{_first(intro_to)}, I'm {owner}{', ' + role if role else ''}. "
        + (f"I would like to talk with you: {why}. {ask}" if intro_to == target["name"]
           else f"I would like to meet {whom}: {why}. {ask}"),
        "",
        "Thank you,",
        _first(owner),
    ])
    return {"subject": f"Introduction to {intro_to}" + (f" ({target['account']})" if intro_to == target["name"]
                                                         else f", about {target['name']} ({target['account']})"),
            "body": body}


def _deeds(items: list[dict]) -> str:
    return "; ".join(f"{x['kind']} ({x['date']}{', ' + x['note'] if x['note'] else ''})" for x in items)


def lines(data: dict) -> list[dict]:
    """The brief as ``{section, text}`` rows, in order (``ask --csv``; the terminal puts each section
    under its heading): ``before``, ``how``, ``reason``, ``reciprocity``, ``script``, ``email``."""
    out = []

    def add(section: str, text: str) -> None:
        out.append({"section": section, "text": text})

    asked = data["connector"] or data["target"]["name"]
    first = _first(asked)
    for r in data["reconnect_first"]:
        mine = r["by"] == data["owner"]
        if r["booked"]:
            call = r["booked"]["channel"] == "call"
            meet = ("you have a call" if call else "you meet") if mine else r["by"] + (" has a call" if call else " meets them")
            text = (f"{r['name']}: {meet} on {r['booked']['date']}"
                    + (f" ({r['booked']['subject']})" if r["booked"]["subject"] else "")
                    + f" — that is the catch-up; last real conversation {r['last_conversation']}")
        elif r["last_conversation"] is None:
            text = (f"{r['name']}: {'you have' if mine else r['by'] + ' has'} never had a real conversation — "
                    "get to know them before you ask")
        else:
            text = ((f"{r['name']}: call first" if mine else
                     f"{r['name']}: {r['by']} should call first")
                    + f" — last real conversation {r['last_conversation']}"
                    + (f" ({r['about']})" if r["about"] else ""))
        add("before", text + (f". Talking points: {'; '.join(r['talking_points'])}." if r["talking_points"] else "."))
    if data["path"].get("asked") and data["connector"]:
        add("before", f"You asked {data['connector']} for an introduction on {data['path']['asked']}: follow up on "
                      "that ask (refgraph intro log … --status introduced, declined or no-reply) rather than ask again.")
    if not data["reconnect_first"]:
        hop = data["path"]["hops"][0]
        add("before", f"Nothing to renew: your tie with {hop['to']} is fresh (last real conversation "
                      f"{hop['last_conversation']}).")
    for text in data["how_they_know"]:
        add("how", text)
    add("reason", data["reason"])
    given, received = data["reciprocity"]["given"], data["reciprocity"]["received"]
    add("reciprocity", f"You did for {first}: {_deeds(given) or 'nothing recorded'}.")
    add("reciprocity", f"{first} did for you: {_deeds(received) or 'nothing recorded'}.")
    if len(received) > len(given):
        add("reciprocity", f"{first} has helped you more than you have helped them: offer help before you ask.")
    add("reciprocity", f"Ask {first}: \"How can I help you?\"")
    for text in data["call_script"]:
        add("script", text)
    if data["email_draft"]:
        add("email", f"Subject: {data['email_draft']['subject']}")
        add("email", "")
        for text in data["email_draft"]["body"].split("\n"):
            add("email", text)
    return out
