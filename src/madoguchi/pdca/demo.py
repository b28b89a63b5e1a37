"""Demo data (order 100): the 2022 plan, a few approved manual values and reviews."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from madoguchi.core.demo import DemoLoader

from .loader import load_plan
from .models import Indicator, IndicatorValue, Review

# (indicator key, fiscal year, value, evidence URL) — fictional figures for the demo city.
DEMO_VALUES = [
    ("digital-class-count", 2022, 12, "https://www.city.kokubunji.tokyo.jp/"),
    ("digital-class-count", 2023, 18, "https://www.city.kokubunji.tokyo.jp/"),
    ("digital-class-count", 2024, 24, "https://www.city.kokubunji.tokyo.jp/"),
    ("public-wifi-sites", 2022, 20, "https://www.city.kokubunji.tokyo.jp/"),
    ("public-wifi-sites", 2023, 24, "https://www.city.kokubunji.tokyo.jp/"),
    ("security-training-attendance-rate", 2022, Decimal("86.5"), "https://www.city.kokubunji.tokyo.jp/"),
    ("security-training-attendance-rate", 2023, Decimal("92.0"), "https://www.city.kokubunji.tokyo.jp/"),
    ("security-audit-rate", 2023, 100, "https://www.city.kokubunji.tokyo.jp/"),
]

DEMO_REVIEWS = [
    (
        "1-ア",
        2023,
        Review.Status.ON_TRACK,
        "子育て・介護関係の26手続をオンライン化する。",
        "マイナポータルからの申請受付を開始した。",
        "オンライン申請の割合は増えているが、介護関係の手続は窓口が中心。",
        "介護関係の手続の案内を見直す。",
        "",
    ),
    (
        "1-エ",
        2023,
        Review.Status.ON_TRACK,
        "スマートフォン講習会を年間18回開催する。",
        "18回開催した。",
        "参加者の満足度は高い。",
        "地域の会場での開催を増やす。",
        "",
    ),
    (
        "2-ウ",
        2023,
        Review.Status.DELAYED,
        "テレワークの実証実験を行う。",
        "端末の調達が遅れた。",
        "実証実験の開始が半年遅れた。",
        "調達の手順を見直す。",
        "実証実験の期間を令和6(2024)年度まで延長する。",
    ),
]


def load(say) -> None:
    plan = load_plan(say=say)
    User = get_user_model()
    entrant = User.objects.filter(username="digital").first()
    approver = User.objects.filter(username="admin").first()
    created = 0
    for key, fiscal_year, value, url in DEMO_VALUES:
        indicator = Indicator.objects.filter(initiative__plan=plan, key=key).first()
        if (
            indicator is None
            or IndicatorValue.objects.filter(indicator=indicator, fiscal_year=fiscal_year).exists()
        ):
            continue
        IndicatorValue.objects.create(
            indicator=indicator,
            fiscal_year=fiscal_year,
            value=Decimal(str(value)),
            evidence_url=url,
            note="デモ用の架空の値",
            entered_by=entrant,
            approved_by=approver,
            approved_at=timezone.now() if approver else None,
        )
        created += 1
    for code, fiscal_year, status, p, d, c, a, changes in DEMO_REVIEWS:
        initiative = plan.initiatives.filter(code=code).first()
        if initiative is None or initiative.reviews.filter(fiscal_year=fiscal_year).exists():
            continue
        Review.objects.create(
            initiative=initiative,
            fiscal_year=fiscal_year,
            status=status,
            plan_note=p,
            do_note=d,
            check_note=c,
            act_note=a,
            decided_changes=changes,
            created_by=entrant,
        )
        created += 1
    say(f"計画の実績値・評価（デモ）: 新規 {created} 件")


LOADER = DemoLoader("pdca", 100, load)
