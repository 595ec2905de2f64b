"""``refgraph triage``: from a LinkedIn-only store to a real one, fast.

A LinkedIn export holds messages, recommendations and endorsements but no conversation (a call, a
video call, a meeting): every strength starts near zero. Triage lists the people the owner most
likely has a real relationship with and has no real conversation with yet, as rows of the canonical
interactions CSV with ``date`` and ``channel`` left empty. The user fills those two in for the people
they really talked with; ``refgraph import interactions`` imports those rows and skips, and counts,
the rows left empty.

The evidence: messages or emails both ways (one to one), a recommendation or an endorsement given
or received, messages in the same group threads. A connection, an invitation or messages only one
way (a recruiter's, say) are no evidence on their own. The latest evidence comes first; on one day,
the most evidence, in points:

- messages or emails both ways, one to one: 4; only one way: 1
- a recommendation given: 3; received: 3
- an endorsement given: 1; received: 1
- messages in the same group threads: 1
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from .identity import profile_url
from .results import Rows
from .strength import Params

__all__ = ["triage", "COLUMNS", "POINTS"]

# The canonical interactions columns (refgraph.sources.interactions.CANONICAL: a test holds them
# equal), then the evidence the importer ignores.
COLUMNS = ("date", "person", "channel", "email", "linkedin_url", "company", "title", "subject", "direction",
           "owner", "duration_minutes", "evidence")

POINTS = {"both_ways": 4, "one_way": 1, "recommendation": 3, "endorsement": 1, "group": 1}

_WRITTEN = ("message", "email")


def _times(n: int) -> str:
    return "" if n == 1 else f" {n} times"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Evidence:
    """What the owner's events with one person say."""

    def __init__(self):
        self.written: dict[str, dict[str, int]] = defaultdict(lambda: {"inbound": 0, "outbound": 0, "": 0})
        self.recommended = {"inbound": 0, "outbound": 0}
        self.endorsed = {"inbound": 0, "outbound": 0}
        self.group = 0
        self.last: str | None = None        # the latest day of the evidence
        self.connected: str | None = None

    def add(self, row, params: Params) -> None:
        channel, direction, attendees, n, last = (row["channel"], row["direction"], row["attendees"], row["n"],
                                                  row["last"])
        if channel == "connection":
            self.connected = last
            return
        if channel in _WRITTEN and attendees is not None and attendees > 2:
            self.group += n
        elif channel in _WRITTEN:
            self.written[channel][direction or ""] += n
        elif channel == "recommendation" and direction in self.recommended:
            self.recommended[direction] += n
        elif channel == "endorsement":
            self.endorsed["outbound" if direction == "outbound" else "inbound"] += n
        else:
            return
        self.last = max(self.last or last, last)

    def two_sided(self) -> bool:
        """Whether there is evidence beyond messages one way."""
        return (any(c["inbound"] and c["outbound"] for c in self.written.values()) or self.group > 0
                or any(self.recommended.values()) or any(self.endorsed.values()))

    def points(self) -> int:
        total = 0
        for counts in self.written.values():
            if counts["inbound"] and counts["outbound"]:
                total += POINTS["both_ways"]
            elif sum(counts.values()):
                total += POINTS["one_way"]
        total += POINTS["recommendation"] * sum(1 for n in self.recommended.values() if n)
        total += POINTS["endorsement"] * sum(1 for n in self.endorsed.values() if n)
        return total + (POINTS["group"] if self.group else 0)

    def text(self) -> str:
        """``4 messages both ways; recommended you; last 2026-09-14; connected 2019-05-14``."""
        parts = []
        for channel in _WRITTEN:
            counts = self.written.get(channel)
            if not counts or not sum(counts.values()):
                continue
            n = sum(counts.values())
            if counts["inbound"] and counts["outbound"]:
                parts.append(f"{_plural(n, channel)} both ways")
            elif counts["inbound"]:
                parts.append(f"{_plural(n, channel)} from them")
            elif counts["outbound"]:
                parts.append(f"{_plural(n, channel)} from you")
            else:
                parts.append(_plural(n, channel))
        if self.group:
            parts.append(f"{_plural(self.group, 'group message')} together")
        if self.recommended["inbound"]:
            parts.append("recommended you" + _times(self.recommended["inbound"]))
        if self.recommended["outbound"]:
            parts.append("you recommended them" + _times(self.recommended["outbound"]))
        if self.endorsed["inbound"]:
            parts.append("endorsed you" + _times(self.endorsed["inbound"]))
        if self.endorsed["outbound"]:
            parts.append("you endorsed them" + _times(self.endorsed["outbound"]))
        parts.append(f"last {self.last}")
        if self.connected:
            parts.append(f"connected {self.connected}")
        return "; ".join(parts)


def triage(reads, params: Params, *, as_of: date, owner: str | None = None, limit: int = 50) -> Rows:
    """The people *owner* (default: the default owner) most likely has a real relationship with and
    no real conversation with up to *as_of*, the latest evidence first, at most *limit*: rows of the
    canonical interactions CSV with ``date`` and ``channel`` empty, and an ``evidence`` column."""
    owner_id = reads.owner_id(owner)
    owner_name = reads.owners()[owner_id]
    evidence: dict[int, _Evidence] = defaultdict(_Evidence)
    talked: set[int] = set()
    for row in reads.owner_evidence(owner_id, as_of=as_of):
        if params.is_real_conversation(row["channel"], row["attendees"]):
            talked.add(row["person_id"])
        else:
            evidence[row["person_id"]].add(row, params)
    found = {pid: ev for pid, ev in evidence.items()
             if pid not in talked and pid != owner_id and ev.last and ev.two_sided()}
    people = reads.people(found)
    ranked = sorted(((_desc(ev.last), -ev.points(), people[pid]["name"], pid) for pid, ev in found.items()
                     if pid in people and not _merged(people[pid])))[:limit]
    contacts = reads.contact_points([pid for *_, pid in ranked])
    rows = []
    for *_, pid in ranked:
        person, contact = people[pid], contacts.get(pid, {})
        rows.append({"date": "", "person": person["name"], "channel": "", "email": contact.get("email") or "",
                     "linkedin_url": profile_url(contact.get("linkedin")) or "", "company": person["company"] or "",
                     "title": person["title"] or "", "subject": "", "direction": "", "owner": owner_name,
                     "duration_minutes": "", "evidence": found[pid].text()})
    return Rows(rows, COLUMNS)


def _desc(day: str) -> int:
    """A sort key that puts later ISO days first."""
    return -date.fromisoformat(day).toordinal()


def _merged(person) -> bool:
    try:
        return person["merged_into"] is not None
    except (KeyError, IndexError):   # a row without the column (another engine's)
        return False
