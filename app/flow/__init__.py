"""Decisions without sockets: small state machines (events in, actions out, the clock passed in) that the sessions
carry out."""
