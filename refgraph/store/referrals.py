"""The referral tables: introductions (``intros``, each status in ``intro_steps``) and the
reciprocity ledger (``ledger``). Plain functions over a connection, called inside the store's
transactions; no model, no clock (days are passed in)."""
from __future__ import annotations

import sqlite3
from datetime import date

__all__ = ["INTRO_STATUSES", "LEDGER_KINDS", "add_intro_step", "intro_rows", "add_ledger", "ledger_rows",
           "merge_referrals"]

# an introduction's statuses, in the order a good one goes through them
INTRO_STATUSES = ("planned", "asked", "introduced", "met", "declined", "no-reply")
# the ledger's kinds with a meaning; any other text is kept as it is
LEDGER_KINDS = ("intro", "referral", "recommendation", "help")


def add_intro_step(conn: sqlite3.Connection, owner_id: int, via_id: int, to_id: int, status: str, day: date,
                   note: str | None = None) -> tuple[int, bool]:
    """Record *status* on *day* for the owner's introduction to *to_id* through *via_id* (made on
    first use). Returns ``(intro id, whether a step was added)``: the same status on the same day
    again adds nothing."""
    row = conn.execute("SELECT id FROM intros WHERE owner_id = ? AND via_id = ? AND to_id = ?",
                       (owner_id, via_id, to_id)).fetchone()
    if row is None:   # ids given, as the store gives them on both engines: the next one, with no gaps
        intro_id = (conn.execute("SELECT max(id) FROM intros").fetchone()[0] or 0) + 1
        conn.execute("INSERT INTO intros (id, owner_id, via_id, to_id) VALUES (?, ?, ?, ?)",
                     (intro_id, owner_id, via_id, to_id))
    else:
        intro_id = row[0]
    last = conn.execute("SELECT status, day FROM intro_steps WHERE intro_id = ? ORDER BY seq DESC LIMIT 1",
                        (intro_id,)).fetchone()
    if last is not None and (last[0], last[1]) == (status, day.isoformat()):
        return intro_id, False
    conn.execute("INSERT INTO intro_steps (intro_id, seq, status, day, note) "
                 "SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ? FROM intro_steps WHERE intro_id = ?",
                 (intro_id, status, day.isoformat(), note, intro_id))
    return intro_id, True


def intro_rows(conn: sqlite3.Connection, owner_id: int | None = None) -> list[dict]:
    """Every introduction (of *owner_id*, or all), oldest first: ``{id, owner_id, via_id, to_id,
    status, day, note, history: [{status, day, note}]}`` where status, day and note are the latest
    step's."""
    where, args = ("WHERE i.owner_id = ?", (owner_id,)) if owner_id is not None else ("", ())
    rows: dict[int, dict] = {}
    for r in conn.execute(f"""SELECT i.id, i.owner_id, i.via_id, i.to_id, s.status, s.day, n.note
                              FROM intros i JOIN intro_steps s ON s.intro_id = i.id
                              LEFT JOIN intro_notes n ON n.intro_id = s.intro_id AND n.seq = s.seq {where}
                              ORDER BY i.id, s.seq""", args):
        intro = rows.setdefault(r[0], {"id": r[0], "owner_id": r[1], "via_id": r[2], "to_id": r[3], "history": []})
        intro["history"].append({"status": r[4], "day": r[5], "note": r[6]})
    for intro in rows.values():
        intro.update(status=intro["history"][-1]["status"], day=intro["history"][-1]["day"],
                     note=intro["history"][-1]["note"])
    return sorted(rows.values(), key=lambda i: (i["history"][0]["day"], i["id"]))


def add_ledger(conn: sqlite3.Connection, owner_id: int, person_id: int, direction: str, kind: str, day: date,
               note: str | None = None) -> bool:
    """Record what the owner gave (*direction* ``gave``) or received; the same entry twice adds
    nothing (returns whether it was added)."""
    same = conn.execute("SELECT 1 FROM ledger WHERE owner_id = ? AND person_id = ? AND direction = ? AND kind = ? "
                        "AND day = ? AND coalesce(note, '') = coalesce(?, '')",
                        (owner_id, person_id, direction, kind, day.isoformat(), note)).fetchone()
    if same:
        return False
    # the id the store gives: the next rowid, or on a team's server the ledger's sequence (a role sees
    # only its owner's entries: the next id it could count would be another owner's)
    conn.execute("INSERT INTO ledger (owner_id, person_id, direction, kind, day, note) VALUES (?,?,?,?,?,?)",
                 (owner_id, person_id, direction, kind, day.isoformat(), note))
    return True


def ledger_rows(conn: sqlite3.Connection, owner_id: int | None = None, person_id: int | None = None) -> list[dict]:
    """The ledger's entries (of an owner, of a person, or all), oldest first: ``{id, owner_id,
    person_id, direction, kind, day, note}``."""
    where, args = [], []
    if owner_id is not None:
        where.append("owner_id = ?"), args.append(owner_id)
    if person_id is not None:
        where.append("person_id = ?"), args.append(person_id)
    sql = ("SELECT id, owner_id, person_id, direction, kind, day, note FROM ledger"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY day, id")
    return [dict(zip(("id", "owner_id", "person_id", "direction", "kind", "day", "note"), r))
            for r in conn.execute(sql, args)]


def merge_referrals(conn: sqlite3.Connection, keep: int, other: int) -> None:
    """*other* becomes *keep* in the introductions and the ledger; two introductions that become one
    (the same owner, connector and target) keep every step, in the order of their days."""
    for column in ("via_id", "to_id"):
        for intro_id, owner_id, via_id, to_id in conn.execute(
                f"SELECT id, owner_id, via_id, to_id FROM intros WHERE {column} = ?", (other,)).fetchall():
            moved = (owner_id, keep if via_id == other else via_id, keep if to_id == other else to_id)
            twin = conn.execute("SELECT id FROM intros WHERE owner_id = ? AND via_id = ? AND to_id = ? AND id <> ?",
                                (*moved, intro_id)).fetchone()
            if twin is None:
                conn.execute("UPDATE intros SET via_id = ?, to_id = ? WHERE id = ?", (moved[1], moved[2], intro_id))
                continue
            steps = conn.execute("SELECT status, day, note FROM intro_steps WHERE intro_id IN (?, ?) "
                                 "ORDER BY day, intro_id, seq", (twin[0], intro_id)).fetchall()
            conn.execute("DELETE FROM intro_steps WHERE intro_id IN (?, ?)", (twin[0], intro_id))
            conn.execute("DELETE FROM intros WHERE id = ?", (intro_id,))
            conn.executemany("INSERT INTO intro_steps (intro_id, seq, status, day, note) VALUES (?,?,?,?,?)",
                             [(twin[0], i + 1, *step) for i, step in enumerate(steps)])
    conn.execute("DELETE FROM intro_steps WHERE intro_id IN (SELECT id FROM intros WHERE via_id = to_id)")
    conn.execute("DELETE FROM intros WHERE via_id = to_id")
    conn.execute("UPDATE ledger SET person_id = ? WHERE person_id = ?", (keep, other))
