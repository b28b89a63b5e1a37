"""The access policy (アクセス方針): who may do what, in which department, on which object.

One table of permissions, one superuser rule, one way to fetch-and-check. Every app asks here;
no app keeps its own copy of "does this user hold that role".

- A staff member holds roles (`StaffRole`) *per department*. A permission names the roles that
  grant it; it is granted in a department when the user holds one of those roles there.
- The superuser rule: a superuser (システム管理者) acts on objects that no department owns, and
  in every department on objects without personal data (datasets, plan indicators, procedure
  forms); on personal data only through roles they actually hold — running the system is no
  reason to read residents' cases.
- `load()` fetches an object and checks the permission in one call, so a view cannot forget the
  check: a missing object and a forbidden one both answer 404 (nothing tells an outsider which
  ids exist).

Whether a *session* counts as staff at all (the second factor) is decided before any of this,
by `identity.mfa.StaffSecondFactorMiddleware`: without it the request's user is anonymous.
docs/security.md shows the table for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .auth import HOLDS_ROLE
from .models import Department, StaffRole

R = StaffRole.Role
ALL_ROLES = frozenset(R.values)
CASE_HANDLING = frozenset({R.RECEPTION, R.REVIEW, R.APPROVAL, R.MY_NUMBER})


@dataclass(frozen=True)
class Permission:
    """One thing staff may do (権限), and the roles that allow it."""

    code: str
    roles: frozenset[str]
    label: Promise
    refusal: Promise
    personal: bool = True  # the object carries personal data: no superuser pass

    def __str__(self) -> str:
        return self.code


PERMISSIONS: dict[str, Permission] = {}


def _declare(code: str, roles, label, refusal, *, personal: bool = True) -> Permission:
    permission = Permission(code, frozenset(roles), label, refusal, personal)
    PERMISSIONS[code] = permission
    return permission


# --- the table (docs/security.md shows it) -------------------------------------------------------

CASE_VIEW = _declare("case.view", CASE_HANDLING, _("申請を見る"), _("この部署の申請を扱う権限がありません。"))
CASE_REGISTER = _declare(
    "case.register",
    {R.RECEPTION, R.REVIEW},
    _("窓口・郵送の申請を登録する"),
    _("この部署の申請を登録する権限がありません（受付または審査の権限が必要です）。"),
)
CASE_REVIEW = _declare(
    "case.review",
    {R.RECEPTION, R.REVIEW, R.APPROVAL},
    _("審査・補正依頼・担当割当て・完了"),
    _("この部署の申請を審査する権限がありません。"),
)
CASE_DECIDE = _declare(
    "case.decide",
    {R.APPROVAL},
    _("承認・却下（決裁）"),
    _("承認・却下には、この部署の決裁の権限が必要です。"),
)
MY_NUMBER_REVEAL = _declare(
    "my_number.reveal",
    {R.MY_NUMBER},
    _("個人番号を表示する"),
    _("個人番号を表示する権限がありません（マイナンバー利用事務の権限が必要です）。"),
)
PERSON_VIEW = _declare(
    "person.view",
    CASE_HANDLING,
    _("住民の記録を見る"),
    _("住民の記録を見る権限がありません。"),
)
PERSON_CHANGE = _declare(
    "person.change",
    {R.REVIEW, R.APPROVAL},
    _("住民の記録を訂正する"),
    _("住民の記録を訂正する権限がありません（審査または決裁の権限が必要です）。"),
)
DOCUMENT_MANAGE = _declare(
    "document.manage",
    {R.APPROVAL},
    _("証明書の発行・失効"),
    _("この文書・支払いを扱う権限がありません。"),
)
PAYMENT_REFUND = _declare(
    "payment.refund",
    {R.APPROVAL},
    _("手数料の返金"),
    _("この文書・支払いを扱う権限がありません。"),
)
PAYMENT_RECONCILE = _declare(
    "payment.reconcile",
    {R.ACCOUNTING},
    _("収納データの照合"),
    _("収納データを見る権限がありません（会計の権限が必要です）。"),
)
COUNTER_WORK = _declare(
    "counter.work",
    CASE_HANDLING,
    _("窓口業務（呼出し・書かない窓口・予約）"),
    _("この窓口の操作は担当部署の職員だけができます。"),
)
PARTICIPATION_MANAGE = _declare(
    "participation.manage",
    ALL_ROLES - {R.ACCOUNTING},
    _("市民参加の運営（公開前の確認・モデレーション・回答）"),
    _("この参加の場を運営する権限がありません。"),
)
PRIVACY_REVIEW = _declare(
    "privacy.review",
    {R.APPROVAL},
    _("職員のアクセスの点検（不審なアクセスの警告の確認）"),
    _("アクセスの点検には、この部署の決裁の権限が必要です。"),
)
SECURITY_MANAGE = _declare(
    "security.manage",
    {R.SYSADMIN, R.APPROVAL},
    _("情報セキュリティ監査・インシデントの管理（情報管理課）"),
    _("情報セキュリティ監査・インシデントは、情報管理課のシステム管理または決裁の権限で扱います。"),
)
PROCEDURE_EDIT = _declare(
    "procedure.edit",
    {R.REVIEW, R.APPROVAL, R.SYSADMIN},
    _("手続・様式の編集"),
    _("この部署の手続を編集する権限がありません。"),
    personal=False,
)
DATASET_EDIT = _declare(
    "dataset.edit",
    ALL_ROLES - {R.ACCOUNTING},
    _("データセットの作成・編集"),
    _("この部署のデータセットを編集する権限がありません。"),
    personal=False,
)
DATASET_PUBLISH = _declare(
    "dataset.publish",
    {R.REVIEW, R.APPROVAL, R.SYSADMIN},
    _("データセットの公開・差し戻し・削除"),
    _(
        "データセットの公開・差し戻し・削除には、この部署の審査・決裁・システム管理のいずれかの権限が必要です。"
    ),
    personal=False,
)
INDICATOR_ENTER = _declare(
    "indicator.enter",
    ALL_ROLES,
    _("指標の実績値・評価の入力"),
    _("この取組の指標を入力する権限がありません。"),
    personal=False,
)
INDICATOR_APPROVE = _declare(
    "indicator.approve",
    {R.APPROVAL, R.SYSADMIN},
    _("指標の実績値の承認"),
    _("実績値の承認には、担当部署または計画担当の決裁の権限が必要です。"),
    personal=False,
)
LEARNING_MANAGE = _declare(
    "learning.manage",
    ALL_ROLES - {R.ACCOUNTING},
    _("研修・講習会の運営（コース・課題の割当て・講習会・代理の申込・出欠）"),
    _("この部署の研修・講習会を運営する権限がありません。"),
)
LEARNING_PROGRESS = _declare(
    "learning.progress",
    {R.APPROVAL},
    _("所属職員の研修の受講状況を見る（未修了者の一覧・督促）"),
    _("職員の受講状況は、その部署の決裁の権限（所属長）で見られます。"),
)
AUTOMATION_MANAGE = _declare(
    "automation.manage",
    {R.REVIEW, R.APPROVAL, R.SYSADMIN},
    _("業務改革の記録（手続の棚卸し・デジタルツール・実証実験）とプロセス分析"),
    _(
        "この部署の業務改革の記録を扱う権限がありません（審査・決裁・システム管理のいずれかの権限が必要です）。"
    ),
    personal=False,
)
AUTOMATION_RULES = _declare(
    "automation.rules",
    {R.REVIEW, R.APPROVAL},
    _("自動処理ルール（RPA）の作成・変更・ドライラン（申請に対して課の権限で動く）"),
    _("この部署の自動処理ルールを扱う権限がありません（審査または決裁の権限が必要です）。"),
)
WORKSTYLE_MANAGE = _declare(
    "workstyle.manage",
    ALL_ROLES,
    _("庁内の会議の記録（会議資料・閲覧の記録・紙の使用）とテレワーク実証実験の運営"),
    _("この部署の会議・テレワーク実証実験を扱う権限がありません（この部署の職員権限が必要です）。"),
)
PAPER_TEMPLATES = _declare(
    "paper.templates",
    {R.REVIEW, R.APPROVAL, R.SYSADMIN},
    _("紙の申請書の様式（印刷用の様式・読取り位置）の管理"),
    _("この部署の紙の様式を扱う権限がありません（審査・決裁・システム管理のいずれかの権限が必要です）。"),
    personal=False,
)
PAPER_INTAKE = _declare(
    "paper.intake",
    {R.RECEPTION, R.REVIEW, R.MY_NUMBER},
    _("紙の申請書の読取り（スキャンの取込み・読取り結果の確認・受理）"),
    _(
        "この部署の紙の申請書を取り込む権限がありません（受付・審査・マイナンバー利用事務のいずれかの権限が必要です）。"
    ),
)
ASSISTANT_MANAGE = _declare(
    "assistant.manage",
    ALL_ROLES - {R.ACCOUNTING},
    _("問合せ案内（FAQ・同義語・答えられなかった質問）の編集"),
    _("この部署の FAQ を編集する権限がありません。"),
    personal=False,
)
ASSISTANT_INQUIRIES = _declare(
    "assistant.inquiries",
    CASE_HANDLING,
    _("問合せ案内から職員に引き継がれた問合せ・折返しの依頼に対応する"),
    _("この部署の問合せを扱う権限がありません。"),
)
NOTICES_LETTERS = _declare(
    "notices.letters",
    {R.RECEPTION, R.REVIEW, R.APPROVAL},
    _("郵送する通知（その日の印刷分・発送の記録）と通知の届いた状況を扱う"),
    _("この部署の郵送通知を扱う権限がありません（受付・審査・決裁のいずれかの権限が必要です）。"),
)
INTEROP_INTAKE = _declare(
    "interop.intake",
    CASE_HANDLING,
    _("国の電子申請サービス（ぴったりサービス）からの申請の取込みと項目の対応付けの確認"),
    _("この部署の、国の電子申請サービスからの申請を扱う権限がありません。"),
)
INTEROP_REGISTRY = _declare(
    "interop.registry",
    {R.REVIEW, R.APPROVAL, R.SYSADMIN},
    _("住民記録システムとのデータ連携（取込み・相違の確認・反映の承認）"),
    _("住民記録の連携には、審査・決裁・システム管理のいずれかの権限が必要です。"),
)


# --- questions ----------------------------------------------------------------------------------


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_staff_account(user) -> bool:
    """A city account (職員): a superuser, an admin-site user or anyone holding a role. Such an
    account counts only after its second factor (identity.mfa)."""
    if not _authenticated(user):
        return False
    if user.is_superuser or user.is_staff:
        return True
    holds_role = getattr(user, HOLDS_ROLE, None)  # read with the account (core.auth)
    return bool(StaffRole.objects.filter(user=user).exists() if holds_role is None else holds_role)


def roles_in(user, department: Department | int | None) -> frozenset[str]:
    """The roles `user` holds in `department` (none for anonymous users)."""
    if not _authenticated(user) or department is None:
        return frozenset()
    department_id = department.pk if isinstance(department, Department) else department
    return frozenset(
        StaffRole.objects.filter(user=user, department_id=department_id).values_list("role", flat=True)
    )


def _superuser_pass(user, permission: Permission) -> bool:
    return bool(user.is_superuser and not permission.personal)


def can(user, permission: Permission, department: Department | int | None) -> bool:
    """May `user` do `permission` in `department`? `department=None` is an object that no
    department owns: only the superuser rule can grant it."""
    if not _authenticated(user):
        return False
    if department is None:
        return bool(user.is_superuser)
    return _superuser_pass(user, permission) or bool(roles_in(user, department) & permission.roles)


def can_anywhere(user, permission: Permission) -> bool:
    """Does `user` hold `permission` in at least one department (menus, list pages)?"""
    if not _authenticated(user):
        return False
    return (
        _superuser_pass(user, permission)
        or StaffRole.objects.filter(user=user, role__in=permission.roles).exists()
    )


def require(user, permission: Permission, department: Department | int | None) -> None:
    """`can()`, or PermissionDenied with the permission's message (403)."""
    if not can(user, permission, department):
        raise PermissionDenied(permission.refusal)


def require_anywhere(user, permission: Permission) -> None:
    """`can_anywhere()`, or PermissionDenied: for records of the whole city (a resident's Person)."""
    if not can_anywhere(user, permission):
        raise PermissionDenied(permission.refusal)


def departments_where(user, permission: Permission) -> QuerySet:
    """The departments in which `user` holds `permission` (filters for list pages)."""
    if not _authenticated(user):
        return Department.objects.none()
    if _superuser_pass(user, permission):
        return Department.objects.all()
    return Department.objects.filter(
        pk__in=StaffRole.objects.filter(user=user, role__in=permission.roles).values("department_id")
    )


def load(
    queryset: QuerySet | type[Model],
    user,
    permission: Permission,
    *,
    department=lambda obj: obj.department_id,
    **lookup,
):
    """Fetch one object by `lookup` and check `permission` in its department, in one call.

    `department` says where an object belongs (a callable on the object; default its
    `department_id`). Missing and forbidden both raise Http404, so ids cannot be probed.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can(user, permission, department(obj)):
        raise Http404
    return obj
