"""Target accounts: ``name, domain, aliases`` (aliases separated by ``;`` or ``|``), or a Salesforce
account export (``Account Name``, ``Website``)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..identity import clean_name
from ..records import AccountRecord, Batch
from .tabular import read_table

__all__ = ["read_accounts"]


def read_accounts(path: str | Path) -> Batch:
    """Parse an accounts CSV into a :class:`Batch` of :class:`AccountRecord` (nothing is written)."""
    table = read_table(path)
    name_col = table.column("name", "Account Name", "account", "company", "Company Name")
    if not name_col:
        raise InputError(path, f"no name column (columns found: {', '.join(table.header)})",
                         "an accounts file needs a name column (and optionally domain, aliases)")
    domain_cols = [c for c in (table.column("domain"), table.column("domains"), table.column("Website"),
                               table.column("Company Domain Name")) if c]
    alias_col = table.column("aliases", "alias")
    batch = Batch(kind="accounts", source=str(path))
    batch.skipped["blank rows"] += table.blank
    for line, row in table.rows:
        batch.rows += 1
        name = clean_name(row.get(name_col, ""))
        if not name:
            batch.skipped["rows without a name"] += 1
            continue
        domains = tuple(d for c in domain_cols for d in re.split(r"[;|,\s]+", row.get(c, "")) if d)
        aliases = tuple(clean_name(a) for a in re.split(r"[;|]", row.get(alias_col, "") if alias_col else "")
                        if clean_name(a))
        batch.accounts.append(AccountRecord(name, domains, aliases))
    return batch
