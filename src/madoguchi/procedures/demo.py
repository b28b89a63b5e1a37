"""Demo data: the bundled procedures and the online certificate requests, published (idempotent:
unchanged definitions add nothing)."""

from .services import load_bundled_procedures, load_certificate_procedures


def load(say) -> None:
    procedures = load_bundled_procedures()
    certificates = load_certificate_procedures()
    say(f"手続 {len(procedures)} 件と証明書のオンライン請求 {len(certificates)} 件を公開")
