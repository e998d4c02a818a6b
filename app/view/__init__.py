"""What the receive view shows: rendering records as rows (text, hex, log mode, framing), the incremental layout
over the store, find."""
