"""Storage: what was read once stays retrievable.

`store` opens every SQLite file the tool keeps (WAL, busy wait, numbered migrations), `history` stores each check
(the rows as read, the statuses, the decisions as applied) and answers what changed since the last one, and
`rowdiff` computes that change, pure. The send ledger (`tracker.delivery.Ledger`) opens its file through `store`
too.
"""
