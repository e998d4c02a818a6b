"""The engine's ground: records and their store, bytes and text, errors, checksums, macros, addresses, and what
differs by operating system. Imports nothing else of the app."""
