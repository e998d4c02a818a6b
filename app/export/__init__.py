"""Session logs (text and JSONL, read back line by line) and pcapng export."""
