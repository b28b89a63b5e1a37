"""The plan's indicators that learning computes: staff training (4-イ 研修, 5 推進体制, 3-ウ 職員研修),
citizen classes (1-エ 講習会) and the My Number card burden-reduction measures (1-イ).

"Staff" (職員) is learning.services.staff: active accounts holding a role, counted once for the
city and in each department where they hold a role. A course is 受講 (attended) when it is
completed in the 年度: its self-check passed, or — for a course without a check — read through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc, fiscal_year_range
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Department, StaffRole
from madoguchi.pdca.metrics import Record, metric

from .models import (
    Assignment,
    BurdenMeasure,
    CitizenClass,
    ClassRegistration,
    ClassTopic,
    Completion,
    SurveyAnswer,
    Topic,
)
from .services import staff_accounts

# --- staff training ------------------------------------------------------------------------------


def _runs(fiscal_year: int, topic: str) -> QuerySet:
    start, end = fiscal_year_range(fiscal_year)
    return Assignment.objects.filter(course__topic=topic, opens_on__gte=start, opens_on__lte=end)


def _completed_by(fiscal_year: int, topic: str) -> set[int]:
    return set(
        Completion.objects.filter(course__topic=topic, fiscal_year=fiscal_year).values_list(
            "user_id", flat=True
        )
    )


def _measured(fiscal_year: int, topic: str) -> bool:
    """A 年度 with no run of the topic and nobody completing it has nothing to measure (None)."""
    return _runs(fiscal_year, topic).exists() or bool(_completed_by(fiscal_year, topic))


def _rate(fiscal_year: int, topic: str, scope: dict | None = None) -> float | None:
    if not _measured(fiscal_year, topic):
        return None
    staff = staff_accounts()
    if scope and scope.get("department"):
        staff = staff.filter(staff_roles__department__code=scope["department"])
    ids = set(staff.values_list("pk", flat=True))
    if not ids:
        return None
    return round(100 * len(ids & _completed_by(fiscal_year, topic)) / len(ids), 1)


def _rate_per_department(topic: str) -> Callable[[int, dict | None], dict[str, float]]:
    def breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
        if not _measured(fiscal_year, topic):
            return {}
        done = _completed_by(fiscal_year, topic)
        active = set(staff_accounts().values_list("pk", flat=True))
        members: dict[int, set[int]] = {}
        for user_id, department_id in StaffRole.objects.values_list("user_id", "department_id"):
            if user_id in active:
                members.setdefault(department_id, set()).add(user_id)
        result = {}
        for department in Department.objects.filter(pk__in=members).order_by("sort_order", "code"):
            staff = members[department.pk]
            result[department.name] = round(100 * len(staff & done) / len(staff), 1)
        return result

    return breakdown


def _staff_records(topic: str) -> Callable[[int, dict | None], list[Record]]:
    def drill(fiscal_year: int, scope: dict | None = None) -> list[Record]:
        completions = {
            c.user_id: c
            for c in Completion.objects.filter(course__topic=topic, fiscal_year=fiscal_year).order_by(
                "completed_at"
            )
        }
        departments: dict[int, list[str]] = {}
        for user_id, name in StaffRole.objects.values_list("user_id", "department__name").distinct():
            departments.setdefault(user_id, []).append(name)
        records = []
        for user in staff_accounts():
            completion = completions.get(user.pk)
            month = to_jst_date(completion.completed_at if completion else timezone.now()).strftime("%Y-%m")
            records.append(
                Record(
                    label=user.get_username(),
                    month=month,
                    department="・".join(sorted(set(departments.get(user.pk, [])))),
                    counted=completion is not None,
                    note=completion.number if completion else str(_("未受講")),
                )
            )
        return records

    return drill


def _run_records(topic: str) -> Callable[[int, dict | None], list[Record]]:
    def drill(fiscal_year: int, scope: dict | None = None) -> list[Record]:
        return [
            Record(
                label=f"{run.course.title}（{run.get_target_display()}）",
                month=run.opens_on.strftime("%Y-%m"),
                department=run.course.department.name,
            )
            for run in _runs(fiscal_year, topic).select_related("course__department")
        ]

    return drill


@metric(
    "security-training-count",
    unit="回",
    definition=_(
        "年度内に受講期間が始まった情報セキュリティ研修の実施回数（コースを全職員・部署・役割に割り当てた回を1回と数える）。"
        "実施のない年度は値なし。"
    ),
    plan_wording="研修実施回数",
    drill=_run_records(Topic.SECURITY),
)
def security_training_count(fiscal_year: int, scope: dict | None = None) -> int | None:
    return _runs(fiscal_year, Topic.SECURITY).count() or None


@metric(
    "security-training-attendance-rate",
    unit="%",
    definition=_(
        "情報セキュリティ研修（毎年度のセルフチェックを含む）を年度内に修了した職員の数 ÷ 職員の数（%、小数第1位まで）。"
        "修了は確認テストの合格（確認テストのないコースは教材を読み終えての受講完了）。職員は集計時点で職員権限を持つ"
        "有効なアカウントで、部署別の内訳では権限を持つ各部署に数える。実施も修了もない年度は値なし。"
    ),
    plan_wording="情報セキュリティ研修受講者の割合",
    breakdown=_rate_per_department(Topic.SECURITY),
    drill=_staff_records(Topic.SECURITY),
)
def security_training_attendance_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _rate(fiscal_year, Topic.SECURITY, scope)


@metric(
    "digital-training-count",
    unit="回",
    definition=_("年度内に受講期間が始まったデジタル化に係る研修の実施回数（割り当てた回を1回と数える）。"),
    plan_wording="デジタル化に係る研修の実施回数",
    drill=_run_records(Topic.DIGITAL),
)
def digital_training_count(fiscal_year: int, scope: dict | None = None) -> int | None:
    return _runs(fiscal_year, Topic.DIGITAL).count() or None


@metric(
    "digital-training-attendance-rate",
    unit="%",
    definition=_(
        "デジタル化に係る研修を年度内に修了した職員の数 ÷ 職員の数（%、小数第1位まで）。"
        "修了は確認テストの合格（確認テストのないコースは教材を読み終えての受講完了）。職員は集計時点で職員権限を持つ"
        "有効なアカウントで、部署別の内訳では権限を持つ各部署に数える。実施も修了もない年度は値なし。"
    ),
    plan_wording="職員の研修受講者の割合",
    breakdown=_rate_per_department(Topic.DIGITAL),
    drill=_staff_records(Topic.DIGITAL),
)
def digital_training_attendance_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _rate(fiscal_year, Topic.DIGITAL, scope)


@metric(
    "staff-basic-knowledge-rate",
    unit="%",
    definition=_(
        "年度内にデジタル基礎知識の確認テスト（基礎知識チェック）に合格した職員の数 ÷ 職員の数（%、小数第1位まで）。"
        "職員は集計時点で職員権限を持つ有効なアカウントで、部署別の内訳では権限を持つ各部署に数える。"
        "実施も合格者もない年度は値なし。"
    ),
    plan_wording="基礎知識を有する職員の割合",
    breakdown=_rate_per_department(Topic.BASIC),
    drill=_staff_records(Topic.BASIC),
)
def staff_basic_knowledge_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _rate(fiscal_year, Topic.BASIC, scope)


@metric(
    "data-training-participants",
    unit="人",
    definition=_(
        "年度内にデータ利活用・EBPMの職員研修を修了した職員の人数（同じ職員が複数のコースを修了しても1人）。"
    ),
    plan_wording="職員研修の参加人数",
    drill=_staff_records(Topic.DATA),
)
def data_training_participants(fiscal_year: int, scope: dict | None = None) -> int | None:
    return len(_completed_by(fiscal_year, Topic.DATA)) if _measured(fiscal_year, Topic.DATA) else None


# --- citizen classes -----------------------------------------------------------------------------


def _held(fiscal_year: int) -> QuerySet:
    """Classes of the 年度 that took place: started by now, not cancelled."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    return CitizenClass.objects.filter(
        starts_at__gte=start, starts_at__lt=end, starts_at__lte=timezone.now()
    ).exclude(status=CitizenClass.Status.CANCELLED)


def _attended(fiscal_year: int) -> QuerySet:
    return ClassRegistration.objects.filter(
        citizen_class__in=_held(fiscal_year), status=ClassRegistration.Status.CONFIRMED, attended=True
    )


def _answers(fiscal_year: int) -> QuerySet:
    return SurveyAnswer.objects.filter(registration__citizen_class__in=_held(fiscal_year))


def _topic_label(code: str) -> str:
    return str(ClassTopic(code).label)


def classes_per_topic(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    counts = Counter(_held(fiscal_year).values_list("topic", flat=True))
    return {_topic_label(code): counts[code] for code in ClassTopic.values if counts[code]}


def participants_per_topic(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    counts = Counter(_attended(fiscal_year).values_list("citizen_class__topic", flat=True))
    return {_topic_label(code): counts[code] for code in ClassTopic.values if counts[code]}


def class_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{c.title}（{c.place_name}）",
            month=to_jst_date(c.starts_at).strftime("%Y-%m"),
            department=c.department.name,
        )
        for c in _held(fiscal_year).select_related("department")
    ]


def participant_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{r.citizen_class.title} {r.reference}",
            month=to_jst_date(r.citizen_class.starts_at).strftime("%Y-%m"),
            department=r.citizen_class.department.name,
            counted=r.attended is True,
            note=r.get_channel_display(),
        )
        for r in ClassRegistration.objects.filter(
            citizen_class__in=_held(fiscal_year), status=ClassRegistration.Status.CONFIRMED
        ).select_related("citizen_class__department")
    ]


@metric(
    "digital-class-count",
    unit="回",
    definition=_(
        "年度内に開催した講習会（スマホ講習会など）の回数。中止した回と、まだ始まっていない回は数えない。"
    ),
    plan_wording="講習会の開催回数",
    breakdown=classes_per_topic,
    drill=class_records,
)
def digital_class_count(fiscal_year: int, scope: dict | None = None) -> int | None:
    return _held(fiscal_year).count() or None


@metric(
    "digital-class-participants",
    unit="人",
    definition=_(
        "年度内に開催した講習会に出席した人数（延べ人数：出欠で「出席」と記録した申込の数。申込だけで欠席した人は数えない）。"
    ),
    plan_wording="講習会の参加人数",
    breakdown=participants_per_topic,
    drill=participant_records,
)
def digital_class_participants(fiscal_year: int, scope: dict | None = None) -> int | None:
    return _attended(fiscal_year).count() if _held(fiscal_year).exists() else None


def _top_two_share(fiscal_year: int, field: str) -> float | None:
    answers = _answers(fiscal_year)
    total = answers.count()
    if not total:
        return None
    return round(100 * answers.filter(**{f"{field}__gte": 4}).count() / total, 1)


def _average(fiscal_year: int, field: str) -> float | None:
    scores = list(_answers(fiscal_year).values_list(field, flat=True))
    return round(sum(scores) / len(scores), 2) if scores else None


def _distribution(field: str) -> Callable[[int, dict | None], dict[str, int]]:
    def breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
        counts = Counter(_answers(fiscal_year).values_list(field, flat=True))
        return {f"{score}": counts[score] for score in (5, 4, 3, 2, 1)}

    return breakdown


@metric(
    "digital-class-understanding",
    unit="%",
    definition=_(
        "年度内に開催した講習会のアンケート（5段階）で、理解度に5「よく分かった」または4「おおむね分かった」と"
        "答えた人の割合（回答数に対する%）。内訳は回答の段階別の人数。"
    ),
    plan_wording="講習会の内容に対する理解度",
    breakdown=_distribution("understanding"),
)
def digital_class_understanding(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _top_two_share(fiscal_year, "understanding")


@metric(
    "digital-class-satisfaction",
    unit="%",
    definition=_(
        "年度内に開催した講習会のアンケート（5段階）で、満足度に5「満足」または4「やや満足」と答えた人の割合"
        "（回答数に対する%）。内訳は回答の段階別の人数。"
    ),
    plan_wording="講習会の内容に対する満足度",
    breakdown=_distribution("satisfaction"),
)
def digital_class_satisfaction(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _top_two_share(fiscal_year, "satisfaction")


@metric(
    "learning.class-understanding-average",
    unit="点",
    name=_("講習会の理解度（5段階の平均）"),
    definition=_("年度内に開催した講習会のアンケートの理解度（1〜5）の平均（小数第2位まで）。"),
)
def class_understanding_average(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _average(fiscal_year, "understanding")


@metric(
    "learning.class-satisfaction-average",
    unit="点",
    name=_("講習会の満足度（5段階の平均）"),
    definition=_("年度内に開催した講習会のアンケートの満足度（1〜5）の平均（小数第2位まで）。"),
)
def class_satisfaction_average(fiscal_year: int, scope: dict | None = None) -> float | None:
    return _average(fiscal_year, "satisfaction")


# --- 1-イ: the My Number card burden-reduction measures ------------------------------------------


def _measures(fiscal_year: int) -> QuerySet:
    start, end = fiscal_year_range(fiscal_year)
    return BurdenMeasure.objects.filter(held_on__gte=start, held_on__lte=end)


def _support_classes(fiscal_year: int) -> QuerySet:
    return _held(fiscal_year).filter(topic=ClassTopic.MYNUMBER)


def measures_per_kind(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    counts = Counter(_measures(fiscal_year).values_list("kind", flat=True))
    result = {str(BurdenMeasure.Kind(k).label): counts[k] for k in BurdenMeasure.Kind.values if counts[k]}
    if n := _support_classes(fiscal_year).count():
        result[_topic_label(ClassTopic.MYNUMBER)] = n
    return result


def measure_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    records = [
        Record(
            label=f"{m.title}（{m.place_name}）",
            month=m.held_on.strftime("%Y-%m"),
            department=m.department.name,
            note=m.get_kind_display(),
        )
        for m in _measures(fiscal_year).select_related("department")
    ]
    return records + [
        Record(
            label=f"{c.title}（{c.place_name}）",
            month=to_jst_date(c.starts_at).strftime("%Y-%m"),
            department=c.department.name,
            note=_topic_label(c.topic),
        )
        for c in _support_classes(fiscal_year).select_related("department")
    ]


@metric(
    "mynumber-burden-measures",
    unit="件",
    definition=_(
        "年度内に実施したマイナンバーカード取得の負担軽減施策の数：記録した施策（申請サポート、出張申請受付、"
        "休日・夜間の受付など。実施日1日を1件）と、開催した「マイナンバーカードの申請」講習会の回数の合計。"
    ),
    plan_wording="マイナンバーカード取得に係る市民の負担軽減施策の実施数",
    breakdown=measures_per_kind,
    drill=measure_records,
)
def mynumber_burden_measures(fiscal_year: int, scope: dict | None = None) -> int | None:
    return (_measures(fiscal_year).count() + _support_classes(fiscal_year).count()) or None
