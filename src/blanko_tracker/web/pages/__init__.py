"""One module per area of work; each a Litestar controller rendering templates/."""
