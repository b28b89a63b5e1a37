"""Demo (loader order 90): 「国分寺市の公園の使い方」 with proposals, a survey (online and postal
answers), a hybrid workshop and an opinion map, taken part in by the fictional demo residents; its
participatory budget; and its briefings: the coming workshop with materials and answered questions
in advance, and a past briefing (説明会) with attendance (check-in at the door, online joins), its
recording and minutes.

Idempotent: each part is added once (the process, the budget, the past briefing by their titles).
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import Department, Person
from madoguchi.identity.testing import resident_user

from . import services
from .models import (
    AgeBand,
    Budget,
    BudgetPhase,
    BudgetProject,
    OpinionMap,
    Phase,
    PhaseKind,
    Process,
    Question,
    Statement,
    Survey,
    Workshop,
)

TITLE = "国分寺市の公園の使い方"

PROPOSALS = [
    (
        "ボール遊びができる時間帯をつくる",
        "平日の夕方と休日の午前に、ボール遊びができる時間帯を決めてはどうでしょうか。",
    ),
    ("ベンチと日陰を増やす", "高齢の方や子ども連れが休めるよう、木陰とベンチを増やしてほしいです。"),
    ("夜間の照明を明るくする", "帰り道に公園を通るので、夜でも安心して歩ける明るさにしてほしいです。"),
    (
        "公園でのイベントを市民が企画できるようにする",
        "マルシェや読み聞かせなど、市民が手続きしやすい仕組みがあると嬉しいです。",
    ),
]

QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "よく利用する公園はどこですか",
        ["武蔵国分寺公園", "殿ヶ谷戸庭園", "近所の児童遊園", "利用しない"],
    ),
    (
        Question.Kind.MULTIPLE,
        "公園で何をしますか（いくつでも）",
        ["散歩", "子どもと遊ぶ", "運動", "休憩", "イベント"],
    ),
    (Question.Kind.SCALE, "いまの公園に満足していますか", []),
    (Question.Kind.RANKING, "優先してほしい整備に順位をつけてください", ["トイレ", "遊具", "照明", "ベンチ"]),
    (Question.Kind.TEXT, "そのほかご意見があればお書きください", []),
]

STATEMENTS = [
    # (text, group A (子育て世代) agrees?, group B (静かに使いたい) agrees?)
    ("公園でのボール遊びはもっと認めてよい", True, False),
    ("子どもの声は多少にぎやかでもかまわない", True, False),
    ("遊具を新しくすることを優先してほしい", True, False),
    ("公園は静かに過ごせる場所であってほしい", False, True),
    ("ボール遊びは専用の広場に限るべきだ", False, True),
    ("花壇や樹木の手入れを優先してほしい", False, True),
    ("公園のトイレをもっと清潔にしてほしい", True, True),  # the consensus
    ("夜の照明を明るくしてほしい", True, True),
]


def load(say) -> None:
    _load_process(say)
    _load_budget(say)
    _load_briefings(say)


def _load_process(say) -> None:
    if Process.objects.filter(title=TITLE, is_demo=True).exists():
        say(f"市民参加: 「{TITLE}」は登録済み")
        return
    rng = random.Random(90)
    residents = [
        p
        for p in Person.objects.filter(is_demo=True).select_related("household")
        if (p.age_on(datetime.date(2026, 4, 1)) or 0) >= 16
    ]
    process = Process.objects.create(
        title=TITLE,
        summary="公園をもっと使いやすくするために、みなさんの考えを聞かせてください。",
        description=(
            "市内の公園の使い方について、提案・アンケート・ワークショップ・みんなの意見マップで意見を募集します。"
            "いただいた意見は検討のうえ、市の回答として公開します。"
        ),
        department=Department.objects.filter(code="kyodo").first(),
        phase=PhaseKind.CONSULTATION,
        support_threshold=5,
        is_demo=True,
    )
    today = timezone.localdate()
    for offset, kind in enumerate(PhaseKind):
        Phase.objects.create(
            process=process,
            kind=kind,
            starts_on=today + datetime.timedelta(days=30 * (offset - 1)),
            ends_on=today + datetime.timedelta(days=30 * offset - 1),
        )
    authors = residents[:4]
    proposals = []
    for (title, body), person in zip(PROPOSALS, authors, strict=False):
        proposals.append(
            services.submit_proposal(process, person=person, user=_user(person), title=title, body=body)
        )
    for person in residents:
        for proposal in rng.sample(proposals, k=rng.randint(0, 3)):
            services.support_proposal(proposal, person=person, user=person.user)

    survey = Survey.objects.create(
        process=process,
        title="公園の利用に関するアンケート",
        description="5問、3分ほどで答えられます。郵送でも回答できます（市役所 協働コミュニティ課あて）。",
        anonymous=True,
    )
    questions = [
        Question.objects.create(
            survey=survey, order=i, kind=kind, text=text, choices=choices, required=kind != Question.Kind.TEXT
        )
        for i, (kind, text, choices) in enumerate(QUESTIONS)
    ]
    for person in residents[: len(residents) // 2]:
        services.answer_survey(survey, person=person, user=person.user, answers=_answers(questions, rng))
    staff = _staff()
    for i, band in enumerate(
        [AgeBand.SEVENTY_PLUS, AgeBand.SIXTIES, AgeBand.SEVENTY_PLUS, AgeBand.FIFTIES, AgeBand.FORTIES]
    ):
        services.enter_paper_answer(
            survey,
            by=staff,
            channel="postal",
            answers=_answers(questions, rng),
            age_band=band,
            reference=f"郵-{i + 1:03d}",
        )

    workshop = Workshop.objects.create(
        process=process,
        title=WORKSHOP_TITLE,
        description="会場（市役所）とオンラインの併用で開催します。どちらからでも参加できます。",
        format=Workshop.Format.HYBRID,
        starts_at=timezone.now() + datetime.timedelta(days=21),
        venue="国分寺市役所 第1会議室",
        online_url="https://meet.example.jp/kokubunji-parks",
        capacity_in_person=6,
        capacity_online=10,
    )
    for i, person in enumerate(residents[:12]):
        services.register_for_workshop(
            workshop, person=person, user=person.user, mode="in_person" if i % 2 else "online"
        )

    omap = OpinionMap.objects.create(
        process=process,
        title="公園の使い方、どう思いますか",
        question="次の意見に、そう思う・そう思わない・どちらとも言えない、でお答えください。",
    )
    statements = [Statement.objects.create(opinion_map=omap, text=text) for text, _a, _b in STATEMENTS]
    for i, person in enumerate(residents):
        in_a = (person.age_on(datetime.date(2026, 4, 1)) or 0) < 50 if i % 5 else i % 2 == 0
        for statement, (_text, a, b) in zip(statements, STATEMENTS, strict=True):
            agrees = a if in_a else b
            if rng.random() >= 0.9:
                agrees = not agrees  # nobody is perfectly consistent
            value = 0 if rng.random() < 0.1 else (1 if agrees else -1)
            services.vote_statement(statement, person=person, user=person.user, value=value)
    say(
        f"市民参加: 「{TITLE}」（提案 {len(proposals)} 件、アンケート、ハイブリッドのワークショップ、"
        f"みんなの意見 {len(statements)} 件、参加者 {len(residents)} 人）"
    )


BUDGET_TITLE = "公園をよくする予算（令和8年度）"
BUDGET_AMOUNT = 5_000_000
# (the proposal's title, or a project of the city's own; cost in yen; feasible?; the review)
BUDGET_PROJECTS = [
    ("ボール遊びができる時間帯をつくる", 800_000, True, "看板の設置と巡回の委託で実施できます。"),
    ("ベンチと日陰を増やす", 2_400_000, True, "ベンチ12基と植樹8本の見積りです。"),
    ("夜間の照明を明るくする", 3_000_000, True, "LED照明灯10基への更新の見積りです。"),
    (
        "公園でのイベントを市民が企画できるようにする",
        0,
        False,
        "予算ではなく公園の使用手続の見直しで対応します（協働コミュニティ課で検討）。",
    ),
    ("公園のトイレを洋式にする（市の事業）", 1_800_000, True, "3か所のトイレの洋式化の見積りです。"),
]
# The demo's ballots, fixed so that the published count can be checked by hand
# (B ボール遊び, S ベンチ, L 照明, T トイレ). Online by the first residents, then paper ballots.
BUDGET_BALLOTS_ONLINE = ["LT", "LB", "SBT", "L", "ST", "LT", "BS", "LB", "SBT", "LT", "T", "SB"]
BUDGET_BALLOTS_PAPER = ["LT", "SBT", "L"]


# what the city has done since (実施状況), per selected project: (days ago, status, %, spent, what)
BUDGET_PROGRESS = {
    "公園のトイレを洋式にする（市の事業）": [
        (40, "in_progress", 10, 0, "工事の業者を決めました。"),
        (10, "in_progress", 40, 600_000, "3か所のうち1か所（武蔵国分寺公園）の工事が終わりました。"),
    ],
    "夜間の照明を明るくする": [(20, "in_progress", 10, 200_000, "照明灯の配置の設計を委託しました。")],
}


def _load_budget(say) -> None:
    """参加型予算 of the parks process, counted and published, now being carried out."""
    process = Process.objects.filter(title=TITLE, is_demo=True).first()
    staff = _staff()
    if (
        process is None
        or staff is None
        or Budget.objects.filter(process=process, title=BUDGET_TITLE).exists()
    ):
        return  # the reviews and the count are the responsible staff's acts: none without staff
    budget = Budget.objects.create(
        process=process,
        title=BUDGET_TITLE,
        description="公園の改善に使う500万円の使い道を、市民の提案と投票で決めます。",
        amount=BUDGET_AMOUNT,
        method=Budget.Method.KNAPSACK,
        phase=BudgetPhase.REVIEW,
    )
    letters = {}
    for (title, cost, feasible, note), letter in zip(BUDGET_PROJECTS, "BSLET", strict=True):
        proposal = process.proposals.filter(title=title).first()
        project = services.review_project(
            budget,
            by=staff,
            proposal=proposal,
            title=title,
            cost=cost,
            feasibility=(
                BudgetProject.Feasibility.FEASIBLE if feasible else BudgetProject.Feasibility.UNFEASIBLE
            ),
            note=note,
        )
        letters[letter] = project.pk
    services.set_budget_phase(budget, by=staff, phase=BudgetPhase.VOTING)
    residents = [  # the voters: demo residents aged 16 or over, in a fixed order
        p
        for p in Person.objects.filter(is_demo=True).order_by("pk")
        if (p.age_on(datetime.date(2026, 4, 1)) or 0) >= 16
    ]
    for person, choice in zip(residents, BUDGET_BALLOTS_ONLINE, strict=False):
        services.cast_ballot(
            budget, person=person, user=_user(person), project_ids=[letters[c] for c in choice]
        )
    for i, choice in enumerate(BUDGET_BALLOTS_PAPER, start=1):
        services.enter_paper_ballot(
            budget, by=staff, project_ids=[letters[c] for c in choice], reference=f"票-{i:03d}"
        )
    count = services.publish_budget_results(budget, by=staff)
    services.set_budget_phase(budget, by=staff, phase=BudgetPhase.EXECUTION)
    for title, entries in BUDGET_PROGRESS.items():
        result = budget.results.get(title=title)
        for days_ago, status, progress, spent, text in entries:
            on = timezone.localdate() - datetime.timedelta(days=days_ago)
            services.update_result(
                result, by=staff, status=status, progress=progress, spent=spent, text=text, on=on
            )
    say(
        f"市民参加: 参加型予算「{BUDGET_TITLE}」（投票 {count.ballots} 票、採択 {sum(r.selected for r in count.projects)} 件）"
    )


WORKSHOP_TITLE = "公園の未来を話し合うワークショップ"
BRIEFING_TITLE = "公園の使い方 説明会（第1回）"
# (question, the city's answer or "" while it waits)
WORKSHOP_QUESTIONS = [
    (
        "小さな子ども連れでも参加できますか。",
        "はい、参加できます。会場の後方にキッズスペースを用意します。オンラインでの参加もご利用ください。",
    ),
    (
        "当日話し合った内容は、公園の整備にどのように生かされますか。",
        "いただいた意見は記録にまとめて公開し、来年度の整備計画の検討に使います。検討の結果は市の回答として公開します。",
    ),
    ("駐車場はありますか。", ""),
]
BRIEFING_QUESTIONS = [
    (
        "アンケートは紙でも回答できますか。",
        "はい。市役所・公民館・図書館に回答用紙を置いています。郵送でも受け付けます。",
    ),
    (
        "説明会の資料は後から見られますか。",
        "このページに資料と録画を掲載します。",
    ),
]
BRIEFING_MINUTES = """1. 開会・趣旨説明（協働コミュニティ課）
2. 市内の公園の利用状況の説明（資料1）
3. 質疑応答
   - ボール遊びのできる時間帯について、子育て世代の参加者から要望が多く出されました。
   - 夜間の照明の明るさについて、帰宅時の安全の観点から意見がありました。
4. 今後の予定: 提案とアンケートの受付、ワークショップ（会場とオンラインの併用）の開催
参加者: 会場3人、オンライン3人"""


def _load_briefings(say) -> None:
    """The coming workshop's materials and questions; a past briefing with its attendance, the
    recording and the minutes. Through the services, as staff and residents would do it."""
    process = Process.objects.filter(title=TITLE, is_demo=True).first()
    staff = _staff()
    if process is None or staff is None or process.workshops.filter(title=BRIEFING_TITLE).exists():
        return
    residents = [
        p
        for p in Person.objects.filter(is_demo=True).order_by("pk")
        if (p.age_on(datetime.date(2026, 4, 1)) or 0) >= 16
    ]
    workshop = process.workshops.filter(title=WORKSHOP_TITLE).first()
    if workshop is not None:
        services.add_material(
            workshop,
            by=staff,
            title="資料1 市内の公園の利用状況",
            upload=_material_pdf("市内の公園の利用状況"),
        )
        services.add_material(
            workshop,
            by=staff,
            title="ワークショップの進め方（市ホームページ）",
            url="https://www.city.kokubunji.tokyo.jp/shisei/",
        )
        askers = [r.person for r in workshop.registrations.filter(status="confirmed").order_by("pk")]
        _questions(workshop, askers, WORKSHOP_QUESTIONS, staff)

    # The past briefing: signed up for while it was ahead, then held 30 days ago, 19:00–20:30 JST.
    held = timezone.localtime(timezone.now() - datetime.timedelta(days=30)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    briefing = Workshop.objects.create(
        process=process,
        title=BRIEFING_TITLE,
        description="公園の使い方についての意見募集の進め方を説明します。会場とオンラインのどちらからでも参加できます。",
        format=Workshop.Format.HYBRID,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        venue="国分寺市役所 第1会議室",
        online_url="https://meet.example.jp/kokubunji-parks-briefing",
        capacity_in_person=5,
        capacity_online=5,
    )
    registrations = [
        services.register_for_workshop(
            briefing, person=person, user=_user(person), mode="in_person" if i % 2 else "online"
        )
        for i, person in enumerate(residents[12:20])
    ]
    services.add_material(
        briefing, by=staff, title="資料1 意見募集の進め方", upload=_material_pdf("意見募集の進め方")
    )
    _questions(briefing, [r.person for r in registrations], BRIEFING_QUESTIONS, staff)
    Workshop.objects.filter(pk=briefing.pk).update(
        starts_at=held, ends_at=held + datetime.timedelta(minutes=90)
    )
    briefing.refresh_from_db()
    in_person = [r for r in registrations if r.mode == "in_person"]
    online = [r for r in registrations if r.mode == "online"]
    for registration in in_person[:3]:  # one of the four did not come
        services.check_in(
            briefing,
            token=services.checkin_token(registration),
            by=staff,
            now=held - datetime.timedelta(minutes=10),
        )
    for registration in online[:3]:
        services.record_join(
            briefing, registration, user=_user(registration.person), now=held - datetime.timedelta(minutes=5)
        )
    services.publish_minutes(
        briefing,
        by=staff,
        minutes=BRIEFING_MINUTES,
        recording_url="https://video.example.jp/kokubunji/parks-briefing-1",
    )
    say(
        f"市民参加: 説明会「{BRIEFING_TITLE}」（出席 会場{len(in_person[:3])}人・オンライン{len(online[:3])}人、"
        "録画と議事録）、ワークショップの資料と事前質問"
    )


def _questions(workshop, askers, questions, staff) -> None:
    for person, (body, answer) in zip(askers, questions, strict=False):
        question = services.ask_question(workshop, person=person, user=_user(person), body=body)
        if answer:
            services.answer_question(question, by=staff, answer=answer)


def _material_pdf(heading: str):
    """A one-page PDF of the demo's materials (WeasyPrint, as the city's reports are made)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    html = (
        f'<html lang="ja"><body style="font-family: \'Noto Sans CJK JP\', sans-serif">'
        f"<h1>{heading}</h1><p>{TITLE}</p><p>国分寺市 協働コミュニティ課（デモ用の資料です）</p></body></html>"
    )
    return SimpleUploadedFile("shiryo.pdf", HTML(string=html).write_pdf(), content_type="application/pdf")


def _user(person):
    return resident_user(person)


def _staff():
    return get_user_model().objects.filter(username="kyodo").first()


def _answers(questions, rng) -> dict:
    answers = {}
    for q in questions:
        if q.kind == Question.Kind.SINGLE:
            answers[q.pk] = rng.choice(q.choices)
        elif q.kind == Question.Kind.MULTIPLE:
            answers[q.pk] = rng.sample(q.choices, k=rng.randint(1, 3))
        elif q.kind == Question.Kind.SCALE:
            answers[q.pk] = rng.randint(1, q.scale_max)
        elif q.kind == Question.Kind.RANKING:
            answers[q.pk] = rng.sample(q.choices, k=len(q.choices))
    return answers


LOADER = DemoLoader("participation", 90, load)
