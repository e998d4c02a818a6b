"""WebSocket client and server sessions over the app's own streams (websockets' sans-I/O protocol objects)."""
