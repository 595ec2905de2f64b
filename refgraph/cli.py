"""The ``refgraph`` command: parse, call one library function, print what :mod:`refgraph.view` makes of it.

The only module that imports click. Heavy libraries (pandas, matplotlib, networkx) are never
imported on the way to ``--help`` or a query.
"""
from __future__ import annotations

import functools
import gc
import os
import sqlite3
import sys
import time
from datetime import date

import click

from . import view
from .errors import RefgraphError
from .output import terminal_text

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Turns the project's errors into ``Error: …`` (one line, whatever it quotes) and exit 1.

    Any other exception is a bug: it goes on as it is (tests see it), and :func:`main` prints it
    as one line unless ``--debug``."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:   # the root group's own options are read here, before invoke
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            exc.message = terminal_text(exc.message)
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RefgraphError as exc:
            _discard(ctx)   # a failed command on a new path leaves no store behind
            raise click.ClickException(terminal_text(str(exc))) from None
        except click.ClickException as exc:   # click's own (a bad option value): one line too
            exc.message = terminal_text(exc.message)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise click.ClickException("the store is busy: another refgraph command is writing to it — "
                                           "try again when it has finished") from None
            _discard(ctx)
            raise
        except Exception:
            _discard(ctx)
            raise


def _discard(ctx) -> None:
    graph = (ctx.find_root().obj or {}).get("graph")
    if graph is not None:
        graph.discard_if_created()


def _open(ctx, create: bool = False):
    """The store for this command; only imports create one (a mistyped --db is an error, not a new file)."""
    from . import open as open_store

    obj = ctx.find_root().obj
    graph = obj["graph"] = open_store(obj["db"], config=obj["config"], create=create)
    ctx.call_on_close(graph.close)   # checkpoint the WAL now, not whenever the object is collected
    if obj.get("snapshot"):   # a read command reads one state of the store, whatever imports run meanwhile
        graph.snapshot = True
    return graph


def _as_of(ctx, param, value):
    if value is None:
        return date.today()   # noqa: DTZ011 (the user's own day)
    from .dates import YEARS, date_problem, parse_day

    day = parse_day(value)
    if day is None:
        if "outside" in date_problem(value):
            raise click.BadParameter(f"{value!r} is outside the years {YEARS}; write a date in that range")
        raise click.BadParameter(f"cannot read {value!r} as a date; write it as 2026-11-15")
    return day


def read_command(func):
    """Adds ``--as-of``, ``--json`` and ``--csv`` to a read command."""

    @click.option("--as-of", "as_of", callback=_as_of, metavar="DATE",
                  help="Compute strengths as of this date (default: today).")
    @click.option("--json", "fmt", flag_value="json", help="Output JSON.")
    @click.option("--csv", "fmt", flag_value="csv", help="Output CSV (formula cells escaped).")
    @functools.wraps(func)
    def wrapper(*args, fmt=None, **kwargs):
        click.get_current_context().find_root().obj["snapshot"] = True   # see _open
        # a read makes hundreds of thousands of small objects and no cycles worth collecting: the
        # cyclic collector would only walk them again and again (on again after, as it was)
        collecting = gc.isenabled()
        gc.disable()
        try:
            return func(*args, fmt=fmt or "table", **kwargs)
        finally:
            if collecting:
                gc.enable()

    return wrapper


class _Progress:
    """A progress bar on stderr, shown only on a terminal and only once an import passes one second."""

    def __init__(self, label: str):
        self.label, self.start, self.bar = label, time.monotonic(), None
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < 1.0:
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _import(ctx, label, call):
    given = ctx.params.get("file") or ctx.params.get("paths") or ctx.params.get("path")
    ctx.find_root().obj["source"] = given if isinstance(given, str) else ", ".join(map(str, given or ()))
    progress = _Progress(label)
    try:
        summary = call(_open(ctx, create=True), progress)
    finally:
        progress.close()
    for one in summary if isinstance(summary, list) else [summary]:
        click.echo(terminal_text(one.line()))


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option("--db", type=click.Path(dir_okay=False), metavar="FILE|URL", envvar="REFGRAPH_DB", show_envvar=True,
              help="The store: a SQLite file, or a team's PostgreSQL database (postgresql://USER@HOST:PORT/DB). "
              "Default: refgraph.db in your user data folder.")
@click.option("--config", type=click.Path(dir_okay=False),
              help="A TOML file with [strength] and [targets] settings (default: refgraph.toml beside the store, "
              "or beside the default store for a database).")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error (a bug in refgraph) "
              "instead of one line; or set REFGRAPH_DEBUG=1.")
@click.version_option(package_name="refgraph")
@click.pass_context
def cli(ctx, db, config, debug):
    """Your relationship graph: who can introduce you, and whom to call first.

    Import a LinkedIn export, call logs and calendars; then ask for people, the evidence behind a
    relationship, and log the calls you make.
    """
    ctx.ensure_object(dict).update(db=db, config=config, debug=debug)   # main() passes its own dict


@cli.group("import", cls=_Group)
def import_():
    """Import a file into the store (each import is all-or-nothing)."""


@import_.command("linkedin")
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="EXPORT...")
@click.option("--owner", metavar="NAME", help="Whose network this is (default: the name in Profile.csv; "
              "one export only).")
@click.option("--owner-not-in-messages", is_flag=True,
              help="Import messages.csv even though no message is from or to the owner (by default that "
              "stops the import: a mistyped --owner, or someone else's export).")
@click.option("--new-owner", "new_owners", multiple=True, metavar="NAME",
              help="NAME is a new teammate, not a typo of an owner with a close name (an import stops "
              "on such a name). Repeatable.")
@click.pass_context
def import_linkedin(ctx, paths, owner, owner_not_in_messages, new_owners):
    """Import a LinkedIn data export: the zip, its folder, or one Connections.csv / messages.csv.

    Several exports (teammates') are imported together, all or nothing, each owned by the person
    its Profile.csv names. The owner must send or receive some of messages.csv's messages (by
    name, or a profile URL the store knows): else the import stops, unless --owner-not-in-messages."""
    if len(paths) > 1 and owner:
        raise click.UsageError("--owner names the owner of one export — with several exports, each "
                               "export's Profile.csv names its owner: drop --owner, or import that export on its own")
    path = paths[0] if len(paths) == 1 else list(paths)
    _import(ctx, "LinkedIn", lambda g, p: g.import_linkedin(path, owner=owner, progress=p,
                                                             owner_not_in_messages=owner_not_in_messages,
                                                             new_owners=new_owners))


@import_.command("interactions")
@click.argument("file", type=click.Path())
@click.option("--owner", metavar="NAME", help="The owner for rows without an owner column "
              "(default: the store's default owner). With a Salesforce data export: import only this "
              "user's activities.")
@click.option("--map", "mapping", multiple=True, metavar="CANONICAL=THEIRS",
              help="Read a column under another name, e.g. --map person='Contact Name'. Repeatable.")
@click.option("--new-owner", "new_owners", multiple=True, metavar="NAME",
              help="NAME is a new teammate, not a typo of an owner with a close name (an import stops "
              "on such a name). Repeatable.")
@click.pass_context
def import_interactions(ctx, file, owner, mapping, new_owners):
    """Import a call/meeting log: the canonical CSV, or a Salesforce or HubSpot activity export.

    Canonical columns: date, person, channel (required); email, linkedin_url, company, title,
    subject, direction, owner, duration_minutes.

    A Salesforce data export (Setup → Data Export) is imported whole: give its zip or its folder,
    not Task.csv alone. Tasks and events are joined to Contact.csv / Lead.csv for the person and to
    User.csv for the owner (each row's own); deleted rows, open tasks and plain to-dos are skipped
    and counted.
    """
    _import(ctx, "Interactions", lambda g, p: g.import_interactions(file, owner=owner, mapping=list(mapping), new_owners=new_owners,
                                                                     progress=p))


@import_.command("calendar")
@click.argument("file", type=click.Path())
@click.option("--owner", metavar="NAME", help="Whose calendar this is (default: the owner with the calendar's "
              "own address, else the owner that address's CN= names).")
@click.option("--new-owner", "new_owners", multiple=True, metavar="NAME",
              help="NAME is a new teammate, not a typo of an owner with a close name (an import stops "
              "on such a name). Repeatable.")
@click.pass_context
def import_calendar(ctx, file, owner, new_owners):
    """Import a calendar: an .ics file or a zip of them (Google Calendar's export).

    Meetings with up to 8 attendees are conversations with each attendee; larger ones are touches.
    Declined invitations, cancelled events, rooms and resources do not count. Recurring events run
    to a year past the calendar's latest one-off event or its export (DTSTAMP): the same file,
    imported again on any day, adds nothing.
    """
    _import(ctx, "Calendar", lambda g, p: g.import_calendar(file, owner=owner, new_owners=new_owners, progress=p))


@import_.command("contacts")
@click.argument("file", type=click.Path())
@click.pass_context
def import_contacts(ctx, file):
    """Import contacts (Google or Outlook CSV, vCard): emails, phones, company and title.

    A contact is not a relationship: it joins calendar and CRM addresses to LinkedIn people.
    """
    _import(ctx, "Contacts", lambda g, p: g.import_contacts(file, progress=p))


@import_.command("knows")
@click.argument("file", type=click.Path())
@click.pass_context
def import_knows(ctx, file):
    """Import who knows whom: columns person, knows (required); person_linkedin_url, person_email,
    knows_linkedin_url, knows_email, knows_company, knows_title, strength, last_contact, note."""
    _import(ctx, "Knows", lambda g, p: g.import_knows(file, progress=p))


@import_.command("accounts")
@click.argument("file", type=click.Path())
@click.pass_context
def import_accounts(ctx, file):
    """Import target accounts: columns name, domain, aliases (separated by ; or |) and an optional
    reason (the business reason for an introduction there, for refgraph ask), or a Salesforce
    account export (Account Name, Website).

    A domain cell that names no domain (n/a, -, not provided) is left out (the row imports) and counted."""
    _import(ctx, "Accounts", lambda g, p: g.import_accounts(file, progress=p))


@cli.command()
@click.option("--account", metavar="NAME", help="Only people at this account (its name, an alias or its domain).")
@click.option("--owner", metavar="NAME", help="Only this owner's relationships (default: each person's strongest).")
@click.option("--stale", is_flag=True, help="Only relationships with real conversations that have gone stale "
              "(someone never really talked to is triage's).")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Show at most N people.")
@click.option("--duplicates", is_flag=True, help="List probable duplicates with the evidence, to merge.")
@click.option("--owes", is_flag=True, help="People who helped you more often than you helped them (the "
              "ledger of refgraph log --gave/--received, and intros they made), the most recent help first; "
              "you: --owner, else the default owner.")
@read_command
@click.pass_context
def people(ctx, account, owner, stale, limit, duplicates, owes, as_of, fmt):
    """People with their strongest relationship's strength and last real conversation."""
    if owes and (stale or duplicates):
        raise click.UsageError(f"use --owes without {'--stale' if stale else '--duplicates'}")
    if owes:
        view.emit(_open(ctx).owes(as_of, owner=owner, account=account, limit=limit), fmt,
                  empty="Nobody has helped you more often than you have helped them.")
        return
    if duplicates:
        view.emit(_open(ctx).duplicates(), fmt, empty="No probable duplicates.")
        return
    rows = _open(ctx).people(as_of, owner=owner, account=account, stale=stale, limit=limit)
    view.emit(rows, fmt, empty=view.no_people(rows))


def _source_options(func):
    func = click.option("--team", is_flag=True, help="Start from every owner (a path starts at the last owner on it).")(func)
    return click.option("--from", "source", metavar="OWNER", help="Start from this owner (default: the default owner).")(func)


@cli.command()
@click.argument("account")
@_source_options
@click.option("-k", "k", type=click.IntRange(min=1), default=5, show_default=True, help="How many paths.")
@click.option("--max-hops", type=click.IntRange(1, 3), default=3, show_default=True, help="Longest path (1 to 3).")
@click.option("--title", metavar="REGEX", help="Only targets whose title matches (case-insensitive), e.g. 'chief|vp|head'.")
@click.option("--via", metavar="PERSON", help="Only paths through this person.")
@click.option("--exclude", metavar="PERSON", multiple=True, help="Never route through (or to) this person. Repeatable.")
@click.option("--all", "all_paths", is_flag=True, help="Lift the diversity limit (2 paths per connector and per target).")
@click.option("--colleagues", is_flag=True, help="Also paths to colleagues at your own company (left out and counted by default).")
@read_command
@click.pass_context
def path(ctx, account, source, team, k, max_hops, title, via, exclude, all_paths, colleagues, as_of, fmt):
    """The paths into ACCOUNT (a name, alias or domain), and what to do first: warm ones, then those
    to reconnect first, each strongest first, then cold ones (a tie that never had a real conversation,
    such as a LinkedIn connection), the most senior target first ([targets] seniority in the config)."""
    if source and team:
        raise click.UsageError("use --from OWNER or --team, not both")
    view.emit(_open(ctx).paths(account, as_of, owner=source, team=team, k=k, max_hops=max_hops, title=title, via=via,
                          exclude=list(exclude), all_paths=all_paths, colleagues=colleagues), fmt)


@cli.command()
@_source_options
@click.option("--title", metavar="REGEX", help="Who counts as senior for the 'nobody senior' risk.")
@click.option("--colleagues", is_flag=True, help="Count colleagues at your own company as targets (left out by default).")
@read_command
@click.pass_context
def coverage(ctx, source, team, title, colleagues, as_of, fmt):
    """Every target account: people known, best path (as path orders them), warm paths, people you are
    connected with but never really talked to (cold_direct) and risks; weakest first."""
    if source and team:
        raise click.UsageError("use --from OWNER or --team, not both")
    view.emit(_open(ctx).coverage(as_of, owner=source, team=team, title=title, colleagues=colleagues), fmt,
              empty="No accounts.")


@cli.command()
@click.argument("account", required=False)
@click.option("--to", "to", metavar="PERSON", help="Ask for an introduction to this person instead of an account.")
@click.option("--via", metavar="PERSON", help="The path through this person (default: the best path).")
@click.option("--from", "source", metavar="OWNER", help="Whose ask (default: the default owner).")
@click.option("--reason", metavar="TEXT", help="The business reason for the introduction (default: the account's "
              "reason column in your accounts file).")
@click.option("--record", is_flag=True, help="Record the introduction as planned (refgraph intro list shows it).")
@read_command
@click.pass_context
def ask(ctx, account, to, via, source, reason, record, as_of, fmt):
    """The brief for one referral ask into ACCOUNT (or to --to PERSON), from the best path or the one
    through --via: the ties to renew first, how the connector knows the target, the business reason,
    what you did for each other, a call script and an email the connector can forward. Plain text:
    nothing is sent."""
    if account and to:
        raise click.UsageError("name an ACCOUNT or --to PERSON, not both")
    if not account and not to:
        raise click.UsageError("name an ACCOUNT or --to PERSON, e.g. refgraph ask Contoso")
    view.emit(_open(ctx).ask(account, as_of, to=to, via=via, owner=source, reason=reason, record=record), fmt)


@cli.command()
@click.option("--owner", metavar="NAME", help="Whose relationships (default: the default owner).")
@click.option("--team", is_flag=True, help="Every owner's stale relationships.")
@click.option("--account", metavar="NAME", help="Only people on a path into this account.")
@click.option("--limit", type=click.IntRange(min=1), default=25, show_default=True, help="How many calls.")
@click.option("--per-day", type=click.IntRange(min=1), default=5, show_default=True,
              help="Calls per weekday (with --team, for each owner).")
@click.option("--start", callback=lambda c, p, v: _as_of(c, p, v) if v else None, metavar="DATE",
              help="First day of the plan (default: the next weekday).")
@click.option("--ics", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write the plan as calendar events (30 minutes from 9:00 local time).")
@click.option("--since", callback=lambda c, p, v: _as_of(c, p, v) if v else None, metavar="DATE",
              help="Instead, show who went stale and who was reconnected since DATE, and the "
              "introductions made and meetings won (refgraph intro log).")
@click.option("--colleagues", is_flag=True, help="Also plan calls to colleagues at your own company (left out and counted by default).")
@read_command
@click.pass_context
def reconnect(ctx, owner, team, account, limit, per_day, start, ics, since, colleagues, as_of, fmt):
    """Whom to call this week: stale relationships worth renewing, most valuable first, with a plan.

    Someone you already have a real conversation booked with in the next 30 days (a small meeting on
    the calendar, a call logged ahead; booked_within_days in the config) is left out of the plan and
    named under it."""
    if owner and team:
        raise click.UsageError("use --owner NAME or --team, not both")
    graph = _open(ctx)
    if since:
        view.emit(graph.reconnect_changes(since, as_of, owner=owner, team=team, colleagues=colleagues), fmt,
                  empty=f"Nothing changed between {since} and {as_of}.")
        return
    plan = graph.reconnect(as_of, owner=owner, team=team, account=account, limit=limit, per_day=per_day, start=start,
                           colleagues=colleagues, today=as_of)   # a plan before its own as-of date is late
    if view.start_in_past(plan):
        click.echo(terminal_text(view.start_in_past(plan)), err=True)
    if ics:   # write the file first: a bad path fails before anything is printed
        count = graph.reconnect_ics(plan, ics)
    view.emit(plan, fmt)
    if ics:
        click.echo(terminal_text(view.wrote_calendar(count, ics)), err=True)


@cli.command()
@click.option("--since", callback=lambda c, p, v: _as_of(c, p, v) if v else None, metavar="DATE",
              help="Moves seen from this date on (default: 90 days before --as-of).")
@click.option("--account", metavar="NAME", help="Only this account (its name, an alias, its domain or a company).")
@read_command
@click.pass_context
def changes(ctx, since, account, as_of, fmt):
    """Job moves between imports: who joined or left a target account, or was promoted there (up the
    seniority ladder), newest first, with the export that showed it and your best strength with them."""
    rows = _open(ctx).changes(as_of, since=since, account=account)
    view.emit(rows, fmt, empty=view.no_job_moves(rows))


@cli.command()
@click.option("--owner", metavar="NAME", help="Whose network (default: the default owner).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="How many people.")
@click.option("--as-of", "as_of", callback=_as_of, metavar="DATE", help="Read the store as of this date "
              "(default: today).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the CSV to FILE (mode 0600) instead of standard output.")
@click.pass_context
def triage(ctx, owner, limit, as_of, out):
    """The people you most likely really know and have no conversation with in the store yet, as a CSV to
    fill in: the fastest way from a LinkedIn export alone to real strengths.

    People with evidence (messages both ways, recommendations, endorsements, group threads; messages
    one way alone are not enough), the latest first, with date and channel empty. Fill them in (call, video or meeting) for the people
    you really talked with, leave the others empty, and import the file with
    refgraph import interactions FILE: rows left empty are skipped and counted. The evidence column
    is ignored on import."""
    graph = _open(ctx)
    rows = graph.triage(as_of, owner=owner, limit=limit)
    if out:
        if rows:
            graph.write_triage(rows, out)
        click.echo(terminal_text(view.triage_note(rows, out)))
        return
    view.emit(rows, "csv")
    if not rows:
        click.echo(terminal_text(view.triage_note(rows)), err=True)


@cli.command()
@click.option("--owner", metavar="NAME", help="Only this owner's asks (default: every owner's).")
@click.option("--fit", "fit", is_flag=True, help="Fit half_life_base_days and conversation_weight to the outcomes "
              "and print the [strength] table to put in refgraph.toml (at least 20 asks with an outcome).")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), metavar="FILE",
              help="With --fit: also write the [strength] table to FILE, a new file (never the config itself).")
@read_command
@click.pass_context
def outcomes(ctx, owner, fit, out, as_of, fmt):
    """How your asks for an introduction went, and whether "warm" meant anything.

    From the introductions logged (refgraph intro log): the asks, introductions and meetings by the
    path's strength at the day of the ask (<0.1, 0.1–0.3, 0.3–0.6, ≥0.6) and by whether a reconnect
    came first (a real conversation with the connector in the 30 days before); asks still open are
    counted apart. Then the Brier score and ROC AUC of the strength at the ask against "introduced",
    with a warning below 20 asks. --fit fits the model's reading-time settings to them; nothing is
    written to the config."""
    if out and not fit:
        raise click.UsageError("-o/--output writes the fitted [strength] table: use it with --fit")
    graph = _open(ctx)
    if out:
        graph.check_fit_output(out)
    report = graph.outcomes(as_of, owner=owner, fit=fit)
    view.emit(report, fmt)
    if out:
        click.echo(terminal_text(view.wrote(graph.write_fit(report, out))), err=fmt != "table")


@cli.group(cls=_Group)
def plot():
    """Draw a picture (.png, .svg or .pdf, from the file name): paths, network, decay or calibration."""


def _picture_options(func, whose: str = "Whose network (default: the default owner)."):
    func = click.option("--as-of", "as_of", callback=_as_of, metavar="DATE",
                        help="Draw it as of this date (default: today).")(func)
    func = click.option("--from", "source", metavar="OWNER", help=whose)(func)
    return click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
                        help="The picture to write: .png, .svg or .pdf.")(func)


@plot.command("paths")
@click.argument("account")
@_picture_options
@click.option("-k", "k", type=click.IntRange(min=1), default=6, show_default=True, help="How many paths.")
@click.pass_context
def plot_paths(ctx, account, out, source, as_of, k):
    """The top warm paths into ACCOUNT, owner on the left, targets on the right."""
    click.echo(terminal_text(view.wrote(_open(ctx).plot_paths(account, as_of, out, owner=source, k=k))))


@plot.command("network")
@_picture_options
@click.option("--top", type=click.IntRange(min=1), default=150, show_default=True, help="How many people.")
@click.pass_context
def plot_network(ctx, out, source, as_of, top):
    """The owner's strongest relationships, coloured by target account."""
    click.echo(terminal_text(view.wrote(_open(ctx).plot_network(as_of, out, owner=source, top=top))))


@plot.command("decay")
@click.argument("people", nargs=-1, required=True)
@_picture_options
@click.pass_context
def plot_decay(ctx, people, out, source, as_of):
    """Strength over time for PEOPLE, with conversations and touches on the time line."""
    click.echo(terminal_text(view.wrote(_open(ctx).plot_decay(list(people), as_of, out, owner=source))))


@plot.command("calibration")
@lambda func: _picture_options(func, "Only this owner's asks (default: every owner's).")
@click.pass_context
def plot_calibration(ctx, out, source, as_of):
    """Predicted strength at the ask (by band) against the share of asks introduced, with their counts."""
    click.echo(terminal_text(view.wrote(_open(ctx).plot_calibration(as_of, out, owner=source))))


@cli.command()
@click.argument("keep")
@click.argument("other")
@click.pass_context
def merge(ctx, keep, other):
    """Merge person OTHER into KEEP (a name, LinkedIn URL, email or #id from people --duplicates).

    OTHER's addresses, interactions and history move to KEEP; later imports respect the merge. An
    owner connected on LinkedIn to both keeps one connection, the earlier.
    """
    done = _open(ctx).merge(keep, other)
    click.echo(terminal_text(view.merged(done)))


@cli.command()
@read_command
@click.pass_context
def accounts(ctx, as_of, fmt):
    """Target accounts with their people counts and company names that nearly match (add them as aliases)."""
    view.emit(_open(ctx).accounts(), fmt,
              empty="No accounts yet: refgraph import accounts FILE (name, domain, aliases).")


@cli.command()
@click.option("--default", "default", metavar="NAME", help="Make NAME the default owner for --owner/--from.")
@read_command
@click.pass_context
def owners(ctx, default, as_of, fmt):
    """Owners (teammates whose networks are imported) with their counts; the default first."""
    graph = _open(ctx)
    view.emit(graph.set_default_owner(default, as_of) if default else graph.owners(as_of), fmt, empty="No owners yet.")


@cli.command()
@click.argument("person")
@click.option("--owner", metavar="NAME", help="Only this owner's relationship.")
@click.option("--all", "all_events", is_flag=True, help="Every event, not only the 10 most recent of each "
              "relationship (--json and --csv always list every event).")
@read_command
@click.pass_context
def why(ctx, person, owner, all_events, as_of, fmt):
    """The evidence behind each of PERSON's relationships: a summary, the most recent events and
    their fair shares of the strength, which add up to it."""
    view.emit(_open(ctx).why(person, as_of, owner=owner, all_events=all_events), fmt)


@cli.command()
@click.argument("person")
@click.option("--channel", metavar="CHANNEL",
              help="call, video, meeting, email, message, note … (synonyms such as phone or zoom work).")
@click.option("--gave", metavar="KIND", help="Instead, what you gave PERSON: intro, referral, recommendation, "
              "help, or a few words.")
@click.option("--received", metavar="KIND", help="Instead, what PERSON gave you: intro, referral, "
              "recommendation, help, or a few words.")
@click.option("--date", "on", callback=_as_of, metavar="DATE", help="When it happened (default: today).")
@click.option("--note", metavar="TEXT", help="What it was about (stored as the subject), or whom an intro was to.")
@click.option("--owner", metavar="NAME", help="Who had the conversation, or who gave or received (default: the "
              "default owner).")
@click.pass_context
def log(ctx, person, channel, gave, received, on, note, owner):
    """Record a call or meeting with PERSON (--channel), or help given or received (--gave, --received).

    --channel: the reconnect call you just made, say. --gave / --received: the reciprocity ledger
    that why, ask, reconnect and people --owes read.

    An owner and a person have one connection (--channel connected): a logged one is kept only if
    it is earlier than the one the store has."""
    given = [name for name, value in (("--channel", channel), ("--gave", gave), ("--received", received))
             if value is not None]
    if len(given) != 1:
        raise click.UsageError("give one of --channel CHANNEL, --gave KIND or --received KIND"
                               + (f", not {' and '.join(given)}" if given else ""))
    if channel is None:
        done = _open(ctx).log_ledger(person, "gave" if gave is not None else "received",
                                     gave if gave is not None else received, on, note=note, owner=owner)
        click.echo(terminal_text(view.logged_ledger(done)))
        if on > date.today():   # noqa: DTZ011 (the user's own day)
            click.echo(terminal_text(view.logged_ahead(on)), err=True)
        return
    done = _open(ctx).log(person, channel, on, note=note, owner=owner)
    click.echo(terminal_text(view.logged(done)))


@cli.group(cls=_Group)
def team():
    """A team's PostgreSQL server (--db postgresql://…): each teammate connects as a database role
    of their own, reads the whole team's strengths and only their own subjects, notes and ledger."""


@team.command("add-owner")
@click.argument("name")
@click.option("--role", required=True, metavar="ROLE", help="The database role NAME connects as (created "
              "with LOGIN when missing; lower-case letters, digits and _).")
@click.option("--new", is_flag=True, help="NAME is a new teammate, not a typo of an owner's name.")
@click.pass_context
def team_add_owner(ctx, name, role, new):
    """Let the owner NAME connect as ROLE (run as the database's owner role).

    Every role reads every relationship's strength, counts and dates; only the owner reads their
    own subjects, introduction notes and ledger, and writes their own records. Someone not yet in
    the store is added (a name close to an owner's is refused as a typo unless --new). Again for
    the same owner and role changes nothing."""
    click.echo(view.team_added(_open(ctx).team_add_owner(name, role, new), view.terminal_width()), nl=False)


@team.command("list")
@click.option("--json", "fmt", flag_value="json", help="As JSON.")
@click.pass_context
def team_list(ctx, fmt):
    """The teammates who connect as roles of their own."""
    view.emit(_open(ctx).team(), fmt or "table",
              empty="No teammates' roles yet: refgraph team add-owner NAME --role ROLE.")


@cli.group(cls=_Group)
def intro():
    """Log and list the introductions you ask for: who (--via) introduces you to whom (--to), and
    how far each got (planned, asked, introduced, met, declined, no-reply)."""


@intro.command("log")
@click.option("--via", required=True, metavar="PERSON", help="Who introduces you (the connector).")
@click.option("--to", "to", required=True, metavar="PERSON", help="Whom they introduce you to (the target).")
@click.option("--status", required=True, metavar="STATUS",
              help="planned, asked, introduced, met, declined or no-reply.")
@click.option("--date", "on", callback=_as_of, metavar="DATE", help="When it happened (default: today).")
@click.option("--note", metavar="TEXT", help="A few words on it.")
@click.option("--owner", metavar="NAME", help="Whose introduction (default: the default owner).")
@click.pass_context
def intro_log(ctx, via, to, status, on, note, owner):
    """Record one step of an introduction: --status on --date.

    The introduction is the owner's to --to through --via, made on first use; the same step twice
    changes nothing.

    Paths read it: a connector asked within 90 days is shown as "asked DATE" and ranked after those
    not yet asked; a declined introduction is not suggested again for 180 days; someone you met
    through an introduction needs no introduction."""
    done = _open(ctx).intro_log(via, to, status, on, note=note, owner=owner)
    click.echo(terminal_text(view.intro_logged(done)))
    if on > date.today():   # noqa: DTZ011 (the user's own day)
        click.echo(terminal_text(view.logged_ahead(on)), err=True)


@intro.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only open introductions (planned, asked, introduced).")
@click.option("--account", metavar="NAME", help="Only introductions to people at this account.")
@click.option("--owner", metavar="NAME", help="Only this owner's introductions (default: every owner's).")
@read_command
@click.pass_context
def intro_list(ctx, open_only, account, owner, as_of, fmt):
    """The introductions: status, date and history.

    Each as it stood on --as-of, the latest step first; --open: planned, asked or introduced."""
    view.emit(_open(ctx).intros(as_of, open_only=open_only, account=account, owner=owner), fmt,
              empty=view.no_intros(bool(open_only or account or owner)))


@cli.command()
@click.option("--keep", type=click.Path(file_okay=False), metavar="DIR",
              help="Keep the demo store and samples in DIR instead of a throw-away folder.")
def demo(keep):
    """The tour on the bundled samples, in a throw-away store."""
    from .demo import run

    run(out=sys.stdout, keep=keep)


def main():
    """The ``refgraph`` command. An unexpected exception (a bug) is one line here, naming the
    import's file, unless ``--debug`` or ``REFGRAPH_DEBUG``: :func:`cli` itself lets it through."""
    state: dict = {}
    try:
        cli(prog_name="refgraph", obj=state)
    except BrokenPipeError:  # `refgraph people | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:   # a full disk or an unwritable output
        if _debug(state):
            raise
        sys.stderr.write(terminal_text(f"Error: cannot write the output ({exc.strerror or exc}) — free some space "
                                       "or write somewhere else") + "\n")
        sys.exit(1)
    except Exception as exc:   # a bug: the store is as it was (an import is one transaction)
        if _debug(state):
            raise
        sys.stderr.write(terminal_text("Error: " + unexpected(exc, state.get("source"))) + "\n")
        sys.exit(1)


def _debug(state: dict) -> bool:
    return bool(state.get("debug")) or os.environ.get("REFGRAPH_DEBUG", "").strip().lower() not in ("", "0", "false",
                                                                                                   "no")


def unexpected(exc: BaseException, source: str | None = None) -> str:
    """The one line that says an exception is a bug: the file imported, the exception's type and
    its message's first line (at most 200 characters), and how to see the traceback."""
    try:
        lines = str(exc).strip().splitlines()
    except Exception:   # an exception that cannot even say what it is
        lines = []
    first = lines[0] if lines else ""
    if len(first) > 200:
        first = first[:199] + "…"
    return (f"{source + ': ' if source else ''}unexpected {type(exc).__name__}{': ' + first if first else ''} — "
            "this is a bug in refgraph; run again with --debug (or REFGRAPH_DEBUG=1) to see the traceback")


if __name__ == "__main__":
    main()
