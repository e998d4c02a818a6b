"""The send tools beside the send editor, a tab each: quick commands, checksum, periodic and file send,
auto-reply, sequences (with their editors)."""
