"""Demo data: the bundled procedures, published (idempotent: unchanged definitions add nothing)."""

from .services import load_bundled_procedures


def load(say) -> None:
    procedures = load_bundled_procedures()
    say(f"手続 {len(procedures)} 件を公開")
