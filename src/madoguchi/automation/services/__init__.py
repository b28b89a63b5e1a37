"""automation's public services (業務改革・自動化・プロセス分析)."""

__all__: list[str] = []
