"""Streams, TLS, socket options and limits, and the base session; the sessions themselves in `sessions/`."""
