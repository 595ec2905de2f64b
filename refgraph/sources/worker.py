"""A second core for big imports: work in a forked process that ends with the one that started it,
and one codec for the records sent between them.

- :func:`ahead`: what a generator yields, produced in a worker while the caller works on what came
  before (a big call log parsed while it is written; the next LinkedIn exports read while one is
  written).
- :class:`Conversation`: a function run in a worker, talking with the caller over a pipe (half a
  big calendar parsed and expanded there).
- :class:`RecordEncoder` / :class:`RecordDecoder`: interactions and people as plain tuples that
  pickle small and fast — each person and each day sent once, then by number.

Only where a process can fork safely (Linux, the caller the only thread: spawning would run the
caller's script again, and a notebook kernel has threads); elsewhere :func:`ahead` runs the
generator here, in turn, and a caller asks :func:`can_work_ahead` before a conversation.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import sys
import threading
from datetime import date
from typing import Callable, Iterator

from ..errors import RefgraphError
from ..records import Batch, InteractionRecord, PersonRecord

__all__ = ["ahead", "can_work_ahead", "end_with_parent", "Conversation", "RecordEncoder", "RecordDecoder",
           "encode_batch", "decode_batch"]


def can_work_ahead() -> bool:
    """Whether a worker process can be used here."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def ahead(produce: Callable[..., Iterator], *args, depth: int = 4, label: str = "") -> Iterator:
    """What the generator ``produce(*args)`` yields, produced in a worker process while the caller
    works on what came before (at most *depth* items ahead). An exception in the worker is raised
    here, at its place in the sequence; closing this generator early stops the worker."""
    if not can_work_ahead():
        yield from produce(*args)
        return
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue(maxsize=depth)
    worker = ctx.Process(target=_produce_ahead, args=(produce, args, results, os.getpid()), daemon=True)
    worker.start()
    try:
        while True:
            try:
                kind, item = results.get(timeout=1.0)
            except queue.Empty:
                if worker.is_alive():
                    continue
                try:   # it may have finished just now
                    kind, item = results.get(timeout=1.0)
                except queue.Empty:
                    raise RefgraphError(f"{label}: the process reading it stopped unexpectedly (exit code "
                                        f"{worker.exitcode}) — try again; if it keeps happening, free some "
                                        "memory") from None
            if kind == "item":
                yield item
            elif kind == "error":
                cls, exc_args, state = item
                exc = cls.__new__(cls)
                exc.args = exc_args
                exc.__dict__.update(state)
                raise exc
            else:
                return
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        results.close()


def _produce_ahead(produce, args, results, parent: int) -> None:
    end_with_parent(parent)   # a killed import must not leave its reader running
    gc.disable()   # a parser keeps what it has read: nothing for the cyclic collector to find
    try:
        for item in produce(*args):
            results.put(("item", item))
        results.put(("end", None))
    except BaseException as exc:   # sent as class, args and attributes: InputError cannot be pickled as is
        results.put(("error", (type(exc), exc.args, dict(getattr(exc, "__dict__", {})))))


class Conversation:
    """``work(conn, *args)`` run in a forked worker process, *conn* its end of a pipe to this one:
    :meth:`send` to it, :meth:`receive` from it, :meth:`close` (also on leaving a ``with`` block)
    stops it if it has not ended. The worker ends as soon as this process is gone, runs without the
    cyclic garbage collector, and ends quietly when this end of the pipe is closed."""

    def __init__(self, work: Callable, *args):
        ctx = multiprocessing.get_context("fork")
        self._conn, theirs = ctx.Pipe()
        self._worker = ctx.Process(target=_converse, args=(work, theirs, self._conn, os.getpid(), args), daemon=True)
        self._worker.start()
        theirs.close()

    def send(self, message) -> None:
        self._conn.send(message)

    def receive(self):
        """The worker's next message; ``None`` when it sent ``None`` or stopped before sending."""
        conn, worker = self._conn, self._worker
        while not conn.poll(0.5):
            if not worker.is_alive() and not conn.poll(0):
                return None
        try:
            return conn.recv()
        except (EOFError, OSError):
            return None

    def close(self) -> None:
        if self._worker.is_alive():
            self._worker.terminate()
        self._worker.join()
        self._conn.close()

    def __enter__(self) -> Conversation:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _converse(work: Callable, conn, parents_end, parent: int, args: tuple) -> None:
    parents_end.close()   # the fork's copy of the other end: without it, waiting ends when the parent does
    end_with_parent(parent)
    gc.disable()
    try:
        work(conn, *args)
    except (EOFError, OSError):   # the parent is gone (its end of the pipe closed): nothing to say
        pass
    finally:
        conn.close()


def end_with_parent(parent: int) -> None:
    """End this process when *parent* ends: Linux's parent-death signal, else (or as well, should the
    parent already be gone) a thread that looks for the parent twice a second."""
    import signal
    import time

    signalled = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            signalled = ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0) == 0   # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:   # gone before the signal was asked for
        os._exit(1)
    if signalled:
        return

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="refgraph-parent-watch", daemon=True).start()


# -- the record codec ------------------------------------------------------------------------------

class RecordEncoder:
    """Interactions and people as plain tuples, in the worker. A person is numbered the first time
    it is met (a :class:`PersonRecord` by identity, or the fields of one made here), a day too; the
    fields of the people and days numbered since are sent with each chunk of rows (:meth:`take`)."""

    def __init__(self):
        self._numbers: dict[int, int] = {}
        self._people: list[tuple] = []   # the fields of the people numbered since the last take()
        self._days: dict[date, int] = {}
        self._new_days: list[int] = []
        self._sent = 0

    def person(self, p: PersonRecord) -> int:
        n = self._numbers.get(id(p))
        if n is None:
            n = self._numbers[id(p)] = self.new_person(p.name, p.linkedin, p.emails, p.company, p.title,
                                                       p.credentials, p.authoritative, p.phones)
        return n

    def new_person(self, *fields) -> int:
        """A number for the person of these :class:`PersonRecord` fields (each call a new one)."""
        self._people.append(fields)
        return self._sent + len(self._people) - 1

    def row(self, people: tuple[int, ...], day: date, stamp: str, channel: str, key: str, direction=None,
            subject=None, source: str = "", duration_minutes=None, owner=None, attendees=None, row=None) -> tuple:
        """An interaction (:class:`InteractionRecord`'s fields) of the people numbered *people*."""
        n = self._days.get(day)
        if n is None:
            n = self._days[day] = len(self._days)
            self._new_days.append(day.toordinal())
        return (people[0] if len(people) == 1 else people, n, stamp, channel, key, direction, subject, source,
                duration_minutes, owner, attendees, row)

    def record(self, r: InteractionRecord) -> tuple:
        return self.row(tuple(self.person(p) for p in r.people), r.day, r.stamp, r.channel, r.key, r.direction,
                        r.subject, r.source, r.duration_minutes, r.owner, r.attendees, r.row)

    def take(self) -> tuple[list[tuple], list[int]]:
        """The people and days numbered since the last call: to send before the rows that use them."""
        people, days = self._people, self._new_days
        self._sent += len(people)
        self._people, self._new_days = [], []
        return people, days


class RecordDecoder:
    """:class:`RecordEncoder`'s tuples back to records, in the caller's process."""

    def __init__(self):
        self._people: list[tuple[PersonRecord]] = []   # each alone in a tuple: a one-person interaction's people
        self._days: list[date] = []

    def add(self, people: list[tuple], days: list[int]) -> None:
        """What :meth:`RecordEncoder.take` gave."""
        self._people.extend((PersonRecord(*fields),) for fields in people)
        self._days.extend(map(date.fromordinal, days))

    def person(self, n: int) -> PersonRecord:
        return self._people[n][0]

    def records(self, rows) -> Iterator[InteractionRecord]:
        people, days = self._people, self._days
        for who, day, stamp, channel, key, direction, subject, source, duration, owner, attendees, row in rows:
            yield InteractionRecord(people[who] if who.__class__ is int else tuple(people[n][0] for n in who),
                                    days[day], stamp, channel, key, direction, subject, source, duration, owner,
                                    attendees, row)


def encode_batch(batch: Batch) -> tuple:
    """A whole batch (its people and interactions by the codec, the rest as it is)."""
    encoder = RecordEncoder()
    mentioned = [encoder.person(p) for p in batch.people]
    rows = [encoder.record(r) for r in batch.interactions]
    rest = {name: value for name, value in vars(batch).items() if name not in ("people", "interactions")}
    return rest, encoder.take(), mentioned, rows


def decode_batch(encoded: tuple) -> Batch:
    rest, taken, mentioned, rows = encoded
    decoder = RecordDecoder()
    decoder.add(*taken)
    batch = Batch(**rest)
    batch.people = [decoder.person(n) for n in mentioned]
    batch.interactions = list(decoder.records(rows))
    return batch
