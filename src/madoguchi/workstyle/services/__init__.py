"""workstyle's public services (働き方改革（会議・テレワーク）)."""

__all__: list[str] = []
