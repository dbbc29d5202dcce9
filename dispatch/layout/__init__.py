"""Layout: a dispatch's header fields, its structure of numbered blocks, task tables with their cells,
and the sentences the clauses are read from."""
