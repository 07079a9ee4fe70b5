"""Use cases: one function per thing a user does; each owns its transaction and checks."""
