"""The public module of assistant: other apps use assistant only through this (and hooks/signals)."""

__all__: list[str] = []
