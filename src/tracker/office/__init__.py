"""The office's week: every directive an office tracks, checked in one run, one message per unit.

`workspace` reads the office folder (office.yaml: the office, its trackers and their sources) and says
which trackers are active; `identity` tells when units of several trackers are one unit; `messages`
composes one message per unit (a section per directive, in that directive's words) and one digest;
`week` runs it all (check, history, reports, documents, messages, delivery) as the one call the
command line, the notebook and cron share; `portfolio`, `pages` and `report` make the picture for the
leadership and each unit's page. docs/portfolio.md explains it.
"""
