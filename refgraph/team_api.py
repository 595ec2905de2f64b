"""A team's server, the part of :class:`refgraph.api.Refgraph` that sets it up: each owner a
database role of their own on a PostgreSQL store (:mod:`refgraph.store.pg`). A mixin the
``Refgraph`` class inherits; its methods use the store and the lookups (``owner_id``,
``person_id``) of the object they belong to.
"""
from __future__ import annotations

from .errors import NotFound, RefgraphError
from .identity import clean_name
from .results import Rows

__all__ = ["TeamAPI"]


class TeamAPI:
    """``team_add_owner`` and ``team`` (see :class:`refgraph.api.Refgraph`)."""

    def _team_store(self):
        if not hasattr(self.store, "add_team_owner"):
            raise RefgraphError(f"{self.path}: teammates' roles live on a team's PostgreSQL server — point --db "
                                "at the team's database (postgresql://USER@HOST:PORT/DB)")
        return self.store

    def team_add_owner(self, name: str, role: str, new: bool = False) -> dict:
        """Let the owner *name* connect to the team's PostgreSQL database as the database role *role*
        (created when missing): every role reads the whole team's relationship strengths, counts and
        dates; only the owner reads their own subjects, introduction notes and ledger, and writes
        their own records. Someone not yet in the store is added as a person, unless the name is
        close to an owner's (a typo) and *new* does not say it is a new teammate."""
        from .reads import did_you_mean, suggest

        store = self._team_store()
        try:
            pid = self.owner_id(name)
        except RefgraphError:
            try:
                pid = self.person_id(name)
            except NotFound:
                close = [] if new else suggest(name, [r["name"] for r in store.owners()])
                if close:
                    raise RefgraphError(f"no one called {clean_name(name)!r} in the store — {did_you_mean(close)} "
                                        "(if they are a new teammate, add --new)") from None
                pid = store.add_person(clean_name(name))
        done = store.add_team_owner(pid, role)
        return {"owner": store.person(pid)["name"], **done}

    def team(self) -> Rows:
        """The teammates who connect as roles of their own: owner and role."""
        return Rows([{"owner": owner, "role": role} for owner, role in self._team_store().team()], ["owner", "role"])
