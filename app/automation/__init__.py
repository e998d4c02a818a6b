"""What sends by itself or on a click: auto-reply, periodic and file send, quick commands, send history, sequences."""
