"""The network settings panels (网络设置) of a session page: one per kind of session, with the TLS and advanced
socket options they share."""
