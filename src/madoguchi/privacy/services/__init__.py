"""privacy's public services (個人情報保護・情報セキュリティ, plan 4-ア): what other apps, the views
and the commands use: the register (個人情報ファイル簿) and the access review."""

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
from .review import (
    READ_ACTIONS,
    REVIEW_OUTCOMES,
    access_alert,
    alert_detail,
    alerts_for,
    can_review_anywhere,
    department_norm,
    review_alert,
    scan_access,
)

__all__ = [
    "READ_ACTIONS",
    "REVIEW_OUTCOMES",
    "access_alert",
    "alert_detail",
    "alerts_for",
    "can_review_anywhere",
    "department_norm",
    "review_alert",
    "scan_access",
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
