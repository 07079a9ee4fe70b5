"""Pure rules of the blank-card domain: no I/O, no framework."""
