"""learning's public services (研修・講習会)."""

__all__: list[str] = []
