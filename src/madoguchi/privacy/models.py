"""privacy records: access alerts, security audits and incidents (added step by step)."""
