"""refgraph: a local relationship graph for selling through referrals.

>>> import refgraph
>>> from datetime import date
>>> g = refgraph.open("refgraph.db")        # doctest: +SKIP
>>> g.people(date.today(), limit=5)          # doctest: +SKIP
"""
__version__ = "0.1.0"

__all__ = ["open", "RefgraphError", "__version__"]

from .errors import RefgraphError


def open(path=None, *, config=None, create=True, notice=None, today=None):  # noqa: A001 - mirrors sqlite3.connect / io.open
    """Open a store (creating it if needed, unless ``create=False``) and return the
    :class:`refgraph.api.Refgraph` over it. A store written by an older refgraph is upgraded when
    first used, after one line to *notice* (a callable; by default the line goes to standard error,
    and ``notice=lambda line: None`` keeps it quiet). *today* (default: the machine's date) is the
    day imports run: the store keeps what reads as of the 180 days before it need."""
    from datetime import date

    from .api import Refgraph

    return Refgraph(path, config=config, create=create, notice=notice,
                    today=today if today is not None else date.today())   # noqa: DTZ011 (the user's own day)
