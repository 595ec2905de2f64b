"""Target accounts: ``name, domain, aliases`` (aliases separated by ``;`` or ``|``) and an optional
``reason`` (the business reason for an introduction there, which ``refgraph ask`` puts in its brief),
or a Salesforce account export (``Account Name``, ``Website``)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..files import check_input
from ..identity import clean_name, normalise_domain
from ..records import AccountRecord, Batch
from .tabular import read_table

__all__ = ["read_accounts"]


def read_accounts(path: str | Path) -> Batch:
    """Parse an accounts CSV into a :class:`Batch` of :class:`AccountRecord` (nothing is written)."""
    check_input(path)
    table = read_table(path)
    name_col = table.column("name", "Account Name", "account", "company", "Company Name")
    if not name_col:
        raise InputError(path, f"no name column (columns found: {_columns(table.header)})",
                         "an accounts file needs a name column (and optionally domain, aliases)")
    domain_cols = [c for c in (table.column("domain"), table.column("domains"), table.column("Website"),
                               table.column("Company Domain Name")) if c]
    alias_col = table.column("aliases", "alias")
    reason_col = table.column("reason", "business reason")
    # a generic "name" column alone could be anything (a call report, a contacts export): an accounts
    # file names its columns as one, or is just a list of names
    if table.column("Account Name") is None and not (domain_cols or alias_col) and len(table.header) > 2:
        raise InputError(path, f"not an accounts file (columns found: {_columns(table.header)})",
                         "an accounts file has the columns name, domain, aliases (or Account Name, Website)")
    batch = Batch(kind="accounts", source=str(path))
    batch.skipped["blank rows"] += table.blank
    batch.skipped["report footer lines"] += table.footer
    for _, row in table.rows:
        batch.rows += 1
        name = clean_name(row.get(name_col, ""))
        if not name:
            batch.skipped["rows without a name"] += 1
            continue
        cells = [[d for d in re.split(r"[;|,\s]+", row.get(c, "")) if d] for c in domain_cols]
        named = [[d for d in map(normalise_domain, cell) if d] for cell in cells]
        domains = tuple(dict.fromkeys(d for cell in named for d in cell))
        # "n/a", "-", "not provided": a filled cell that names no domain at all (the row is imported)
        batch.left_out["domain cells that name no domain"] += sum(bool(c) and not n for c, n in zip(cells, named))
        aliases = tuple(clean_name(a) for a in re.split(r"[;|]", row.get(alias_col, "") if alias_col else "")
                        if clean_name(a))
        reason = clean_name(row.get(reason_col, "")) if reason_col else ""
        batch.accounts.append(AccountRecord(name, domains, aliases, reason or None))
    return batch


def _columns(header: list[str], most: int = 12) -> str:
    shown = ", ".join(header[:most])
    return shown + (f", … ({len(header)} columns)" if len(header) > most else "")
