"""One controller per area of API.md."""
