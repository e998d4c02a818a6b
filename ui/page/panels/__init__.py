"""The panels a session page is composed of; each has one job, its own settings in and out, and signals
for what it asks the page to do (see ui/page/session_page.py for the wiring and ui/page/kinds.py for which
kind shows which)."""
