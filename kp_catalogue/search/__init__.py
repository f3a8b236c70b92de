"""Matching text the same way on every database: normalised search columns and query terms."""
