"""The panels a session page is composed of; each has one job, its own settings in and out, and signals
for what it asks the page to do (see ui/session_page.py for the wiring and ui/kinds.py for which kind
shows which)."""
