"""The HTTP API: Litestar controllers, guards, the error map and the one app factory."""
