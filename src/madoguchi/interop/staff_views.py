"""Staff pages of this app (added as it grows)."""
