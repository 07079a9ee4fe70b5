"""Piccolo tables and the queries each area needs; functions here never commit."""
