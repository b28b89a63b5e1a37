"""Staff pages (behind core.access and the second factor)."""
