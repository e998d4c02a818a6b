"""A session tab: the page that owns and wires its panels, where they sit, and what differs between kinds."""
