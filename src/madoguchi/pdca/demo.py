"""Demo data (order 100): the 2022 plan and its reviews."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from madoguchi.core.demo import DemoLoader

from . import services
from .loader import load_plan
from .models import Review

# Each review rests on figures of its 年度 (services.has_data): every indicator of the 2022 plan is
# computed from records — 1-ア's from the demo's applications and 2-ウ's from its staff meetings and
# telework pilots, both this 年度's (None below); 1-エ's from the terminal statistics in the catalog.
# Typed-in values (with their evidence) are for plans whose indicators the platform cannot compute.
DEMO_REVIEWS = [
    (
        "1-ア",
        None,
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
        "スマートフォン講習会を続け、公共施設の端末の利用を案内する。",
        "講習会を開催し、公共施設の端末の利用者は3,480人になった。",
        "端末の利用者は増えているが、講習会の参加者の地域に偏りがある。",
        "地域の会場での開催を増やす。",
        "",
    ),
    (
        "2-ウ",
        None,
        Review.Status.DELAYED,
        "テレワークの実証実験の対象を、管理職から8課の全職員に広げる。",
        "実証実験を始めたが、持ち出せる資料の範囲が決まらず、実施日数が伸びなかった。",
        "オンライン会議は増えたが、紙を印刷する会議がまだ残る課がある。",
        "会議資料をPDFで事前に配る手順を全課で共有する。",
        "テレワークの服務規程の検討を職員課で始める。",
    ),
]


def load(say) -> None:
    plan = load_plan(say=say)
    User = get_user_model()
    entrant = User.objects.filter(username="digital").first()
    created = 0
    for code, fiscal_year, status, p, d, c, a, changes in DEMO_REVIEWS:
        fiscal_year = fiscal_year or services.current_fiscal_year()
        initiative = plan.initiatives.filter(code=code).first()
        if initiative is None or initiative.reviews.filter(fiscal_year=fiscal_year).exists():
            continue
        if not services.has_data(initiative, fiscal_year):
            continue  # no rating without figures behind it
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
