"""``python -m refgraph.samples [DIR]``: write the sample files (default ``data/samples``)."""
from . import main

raise SystemExit(main())
