"""One module per input format. Each turns a file into a :class:`refgraph.records.Batch` without
touching the store; :meth:`refgraph.store.Store.apply` writes the batch in one transaction."""
