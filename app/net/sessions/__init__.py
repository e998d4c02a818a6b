"""One module per kind of session: TCP server, client, many clients (load), relay; UDP, its extra sources, relay
and mappings."""
