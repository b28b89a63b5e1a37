"""The public module of paper: other apps use paper only through this (and hooks/signals)."""

__all__: list[str] = []
