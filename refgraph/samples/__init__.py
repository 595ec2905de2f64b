"""Deterministic sample data: a fictional seller, her teammate, and the files their tools export.

``generate(out_dir)`` writes the files behind ``refgraph demo`` and the importer tests:

* ``Complete_LinkedInDataExport_11-01-2026.zip``: Alex Morgan's current-format LinkedIn export.
* ``Basic_LinkedInDataExport_10-28-2026 (1)/Basic_LinkedInDataExport_10-28-2026/``: Sam Rivera's
  extracted, older-format export (``Messages.csv`` is UTF-16LE, tab-separated, all fields quoted).
* ``interactions.csv``: the team's CRM call and meeting log in the canonical columns.
* ``knows.csv`` and ``accounts.csv``: the explicit evidence and target accounts of the story.
* ``alex.morgan@northwind.example.ical.zip``: Alex's Google Calendar export (one folded, CRLF
  ``.ics``: a weekly 1:1 with Sam, a monthly all-hands, story meetings, a future meeting).
* ``contacts.csv`` (Alex's Google Contacts CSV) and ``sam-contacts.vcf`` (Sam's vCard 3.0 cards):
  the emails that join calendar and CRM addresses to LinkedIn people.

Every byte depends only on *seed*: no clock, no locale, no hash order. Zip entries are stored
(not deflated) with a fixed timestamp, so the archive does not change with the zlib build.
The story (who is stale, who is fresh) does not depend on the seed; only the filler does.
All names, companies and addresses are fictional (``.example`` domains).

One module per format: :mod:`.linkedin`, :mod:`.crm` (``interactions.csv``), :mod:`.knows`
(``knows.csv``, ``accounts.csv``), :mod:`.calendar`, :mod:`.contacts`; :mod:`.world` holds the
story's people, the filler and ``AS_OF``, the demo's "today" (defined there once).

Regenerate the committed copy with ``python -m refgraph.samples data/samples``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .calendar import _alex_ics
from .contacts import _contacts_csv, _sam_vcf
from .crm import _interactions_csv
from .knows import _accounts_csv, _knows_csv
from .linkedin import _alex_zip, _profile_csv, _sam_connections, _sam_messages
from .world import (ALEX_ZIP, AS_OF, CALENDAR_ICS, CALENDAR_ZIP, EXPORT_DATE, OWNER, SAM_DIR,
                    SAM_EXPORT_DATE, STORY, TEAMMATE, Person, _build_world, _stored_zip)

__all__ = ["generate", "main", "AS_OF", "EXPORT_DATE", "SAM_EXPORT_DATE", "OWNER", "TEAMMATE",
           "STORY", "Person", "ALEX_ZIP", "SAM_DIR", "CALENDAR_ZIP", "CALENDAR_ICS"]


# --- entry points --------------------------------------------------------------------------------

def generate(out_dir: Path, seed: int = 7) -> list[Path]:
    """Write the sample files under *out_dir* and return their paths, sorted.

    The same *seed* always gives the same bytes. Existing files of the same names are replaced;
    nothing else in *out_dir* is touched.
    """
    out_dir = Path(out_dir)
    world = _build_world(seed)
    interactions = _interactions_csv(world, seed)
    files = {
        ALEX_ZIP: _alex_zip(world, seed),
        f"{SAM_DIR}/Profile.csv": _profile_csv(
            TEAMMATE, "Account Executive at Northwind Analytics", "", "Denver, Colorado, "
            "United States").encode("utf-8"),
        f"{SAM_DIR}/Connections.csv": _sam_connections(world).encode("utf-8"),
        f"{SAM_DIR}/Messages.csv": _sam_messages(world, seed),
        "interactions.csv": interactions,
        "knows.csv": _knows_csv(),
        "accounts.csv": _accounts_csv(),
        CALENDAR_ZIP: _stored_zip([(CALENDAR_ICS, _alex_ics(world, seed, interactions))]),
        "contacts.csv": _contacts_csv(),
        "sam-contacts.vcf": _sam_vcf(world),
    }
    written = []
    for rel, data in files.items():
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path("data") / "samples"
    for path in generate(out):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0
