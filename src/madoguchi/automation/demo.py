"""Demo data (order 96): the BPR inventory of the catalog's procedures with the reforms the city
made (押印 dropped in 令和3年4月 after the national review, paper and counter visits replaced by
online filing, documents looked up in the city's own registers); digital tools and pilots in
some divisions; the 標準化 migration plan's stages; and a synthetic event log of the 児童手当
現況届 with a slow 決裁 until the reform date, so the mining page has a story to show.

Without it the plan's 2-ア and 2-イ indicators would show nothing: they are computed from these
records (automation/metrics.py). Idempotent: nothing is added twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import Department

from . import services
from .models import DigitalTool, MigrationStage, Pilot, ProcedureReview, Requirement, StandardSystem

K, B, D = Requirement.Kind, Requirement.Basis, Requirement.Decision
SEAL_REVIEW = (date(2021, 2, 15), date(2021, 4, 1))  # 押印見直し: decided, in effect
ONLINE = (date(2022, 6, 1), date(2022, 10, 3))  # オンライン化 of the 26 procedures
ONCE_ONLY = (date(2023, 1, 10), date(2023, 4, 1))  # 公簿で確認
# Procedures whose form asked for a seal, and those that needed a visit (code → what, basis, decision).
SEALS = [
    "hoiku-genkyo",
    "hoiku-moushikomi",
    "hoiku-nintei",
    "jidou-teate-nintei",
    "jidou-teate-genkyo",
    "kaigo-nintei",
]
VISITS = {
    "tenshutsu": (
        "転出証明書の受取り（来庁）",
        B.LAW,
        D.ALTERNATIVE,
        "マイナポータルの転出届（引越しワンストップ）",
    ),
    "ninshin-todoke": (
        "保健師との面談（母子健康手帳の交付時）",
        B.PRACTICE,
        D.KEEP,
        "妊婦への支援の入口として面談を続ける",
    ),
    "risai-shomei": ("被害状況の説明（来庁）", B.PRACTICE, D.PENDING, ""),
}
PAPER = {
    "fukushi-yogu-konyu": ("領収書の原本", B.BYLAW, D.KEEP, "会計規則により支出の証拠書類は原本を確認する"),
    "jutaku-kaishu": ("領収書の原本", B.BYLAW, D.PENDING, ""),
}
TOOLS = [
    ("kodomo-shien", "ai_ocr", "AI-OCR（現況届の読取り）", date(2019, 10, 1)),
    ("kodomo-shien", "rpa", "RPA（児童手当の口座情報の入力）", date(2020, 7, 1)),
    ("shimin", "e_form", "電子申請（東京共同電子申請・届出サービス）", date(2021, 4, 1)),
    ("kaigo", "rpa", "RPA（要介護認定の進捗管理）", date(2020, 10, 1)),
    ("digital", "chatbot", "FAQチャットボット", date(2022, 4, 1)),
    ("hoiku", "process_mining", "事務フローの可視化（プロセス分析）", date(2024, 4, 1)),
]
PILOTS = [
    (
        "hoiku",
        "ai_ocr",
        "AI-OCR（保育の利用申込書）",
        "hoiku-moushikomi",
        "手書きの申込書の入力時間を減らせるか",
        150,
        90,
    ),
    (
        "kaigo",
        "rules",
        "自動処理ルール（更新認定の受付確認）",
        "kaigo-koshin-nintei",
        "完全な申請を自動で受付確認できるか",
        60,
        None,
    ),
    (
        "kenko",
        "chatbot",
        "妊娠・出産の相談チャットボット",
        "ninshin-todoke",
        "電話の問合せが減るか",
        400,
        120,
    ),
]
SYSTEMS = [
    ("juki", "住民基本台帳", "shimin"),
    ("jidou-teate", "児童手当", "kodomo-shien"),
    ("kaigo-hoken", "介護保険", "kaigo"),
]
STAGES = [
    (MigrationStage.Stage.ANALYSIS, date(2022, 12, 28)),
    (MigrationStage.Stage.GAP, date(2023, 6, 30)),
    (MigrationStage.Stage.SELECTION, date(2023, 12, 27)),
    (MigrationStage.Stage.MIGRATION, date(2025, 9, 30)),
    (MigrationStage.Stage.OPERATION, date(2026, 1, 5)),
]
MINED = "jidou-teate-genkyo"


def _decide(requirement: Requirement, decision: str, dates: tuple[date, date], reason: str = "") -> None:
    if decision == D.PENDING:
        return
    services.record_decision(
        requirement,
        by=None,
        decision=decision,
        reason=reason,
        decided_on=dates[0],
        effective_on=dates[1] if decision in (D.ABOLISH, D.ALTERNATIVE) else None,
    )


def _inventory(say) -> None:
    if ProcedureReview.objects.exists():
        return
    reviews = {r.procedure_code: r for r in services.take_inventory()}
    for code, review in reviews.items():
        paper = services.add_requirement(
            review, by=None, kind=K.PAPER, label="申請書（紙）", basis=B.PRACTICE
        )
        _decide(paper, D.ALTERNATIVE, ONLINE, "オンライン申請で受け付ける")
        for attachment in review.requirements.filter(kind=K.ATTACHMENT):
            _decide(attachment, D.ALTERNATIVE, ONCE_ONLY, "公簿で確認する（ワンスオンリー）")
        if code in SEALS:
            seal = services.add_requirement(
                review, by=None, kind=K.SEAL, label="申請書への押印", basis=B.BYLAW
            )
            _decide(seal, D.ABOLISH, SEAL_REVIEW, "押印見直しマニュアルに基づき廃止（署名で足りる）")
        for table, kind in ((VISITS, K.IN_PERSON), (PAPER, K.PAPER)):
            if code in table:
                label, basis, decision, reason = table[code]
                requirement = services.add_requirement(review, by=None, kind=kind, label=label, basis=basis)
                _decide(requirement, decision, ONLINE, reason)
    say(f"BPR inventory: {len(reviews)} procedures")


def _tools(say) -> None:
    if DigitalTool.objects.exists():
        return
    departments = {d.code: d for d in Department.objects.all()}
    for code, kind, name, used_from in TOOLS:
        if code in departments:
            services.register_tool(departments[code], by=None, kind=kind, name=name, used_from=used_from)
    today = timezone.localdate()
    for code, kind, name, procedure, purpose, days_ago, length in PILOTS:
        if code not in departments:
            continue
        started = today - timedelta(days=days_ago)
        pilot = services.start_pilot(
            departments[code],
            by=None,
            kind=kind,
            tool_name=name,
            purpose=purpose,
            started_on=started,
            review=services.review_of(procedure),
        )
        if length is not None and started + timedelta(days=length) <= today:
            services.conclude_pilot(
                pilot,
                by=None,
                result=Pilot.Result.ADOPTED,
                ended_on=started + timedelta(days=length),
                findings="入力時間が約4割減った。読取り誤りの確認手順を決めて導入する。",
            )
    say(f"digital tools: {DigitalTool.objects.count()}, pilots: {Pilot.objects.count()}")


def _standardization(say) -> None:
    if StandardSystem.objects.exists():
        return
    today = timezone.localdate()
    for code, name, department_code in SYSTEMS:
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            continue
        system = StandardSystem.objects.create(code=code, name=name, department=department)
        for n, (stage, planned) in enumerate(STAGES):
            row = MigrationStage.objects.create(system=system, stage=stage, planned_on=planned)
            done = planned + timedelta(days=30 * (n % 2))  # every other stage a month late
            if done <= today and stage != MigrationStage.Stage.OPERATION:
                services.record_stage_done(row, by=None, done_on=done)
    say(f"standardisation: {StandardSystem.objects.count()} systems")


def _synthetic(say) -> None:
    if services.synthetic_logs(MINED).exists() or services.review_of(MINED) is None:
        return
    today = timezone.localdate()
    log = services.make_synthetic_log(
        MINED,
        cases=240,
        seed=2022,
        starts_on=today - timedelta(days=360),
        days=330,
        change_on=today - timedelta(days=180),
    )
    say(f"synthetic event log: {log.cases} cases of {MINED}")


def load(say) -> None:
    _inventory(say)
    _tools(say)
    _standardization(say)
    _synthetic(say)


LOADER = DemoLoader("automation-bpr", 96, load)
