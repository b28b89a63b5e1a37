"""privacy's public services (個人情報保護・情報セキュリティ, plan 4-ア): what other apps, the views
and the commands use. The register (個人情報ファイル簿) first."""

from .register import (
    RegisterFile,
    Unmarked,
    declared_twice,
    not_personal_fields,
    register,
    register_csv,
    register_file,
    stale_declarations,
    unmarked_fields,
)

__all__ = [
    "RegisterFile",
    "Unmarked",
    "declared_twice",
    "not_personal_fields",
    "register",
    "register_csv",
    "register_file",
    "stale_declarations",
    "unmarked_fields",
]
