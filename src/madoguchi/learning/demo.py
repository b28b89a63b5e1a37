"""Demo data (order 92, before pdca's reviews): the question banks for 情報セキュリティ and デジタル基礎
(learning/data/question-banks.json, written for the project, Japanese with English), five courses
with lessons and this 年度's assignments, completions for most demo staff (some have not passed the
security self-check, so the managers' lists and the reminder have someone to show), smartphone
classes across the 年度 at the city's facilities with attendance and survey answers, supporters
with shifts, and My Number card burden-reduction measures. The plan page then shows figures for
every learning indicator."""

from __future__ import annotations

import json
import random
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from madoguchi.core.demo import DemoLoader
from madoguchi.core.japanese.fiscal import fiscal_year, fiscal_year_range, receipt_prefix
from madoguchi.core.japanese.jst import JST
from madoguchi.core.models import Channel, Department, Person

from . import services
from .models import (
    Assignment,
    BurdenMeasure,
    Choice,
    CitizenClass,
    ClassRegistration,
    ClassTopic,
    Completion,
    Course,
    Lesson,
    LessonVersion,
    Question,
    QuestionBank,
    Shift,
    Supporter,
    SurveyAnswer,
    Topic,
)

BANKS = Path(__file__).parent / "data" / "question-banks.json"

# (code, title, topic, department, bank, questions, pass mark, yearly, lessons)
COURSES = [
    (
        "security-self-check",
        "情報セキュリティ セルフチェック",
        Topic.SECURITY,
        "johokanri",
        "security",
        5,
        80,
        True,
        [
            (
                "標的型メールと報告",
                "## 標的型メールに気付く\n\n心当たりのない添付ファイルやリンクは**開かず**、情報管理課に連絡します。\n\n"
                "- 差出人の表示名だけで信用しない\n- 転送しない（被害が広がります）\n\n"
                "[動画：標的型メールの見分け方](https://www.youtube.com/results?search_query=%E6%A8%99%E7%9A%84%E5%9E%8B%E3%83%A1%E3%83%BC%E3%83%AB)",
            ),
            (
                "個人情報とマイナンバー",
                "## 個人情報の持出しと送信\n\n| 場面 | 守ること |\n|---|---|\n| メール送信 | 所属長の承認・暗号化・宛先の複数確認 |\n"
                "| 在宅勤務 | 許可された端末だけ |\n\n特定個人情報（マイナンバー）は利用目的の範囲内でだけ扱います。",
            ),
        ],
    ),
    (
        "security-training",
        "個人情報保護・情報セキュリティ研修",
        Topic.SECURITY,
        "johokanri",
        "security",
        8,
        70,
        False,
        [
            (
                "インシデントへの対応",
                "## 早く報告する\n\n漏えい・紛失に気付いたら、所属長と情報管理課へ**すぐに**報告します。",
            )
        ],
    ),
    (
        "digital-basics-check",
        "デジタル基礎知識チェック",
        Topic.BASIC,
        "digital",
        "digital-basics",
        5,
        80,
        True,
        [
            (
                "行政のデジタル化の基礎",
                "## 行政のデジタル化\n\n- 行政手続のオンライン化\n- マイナンバーカード\n- オープンデータ\n- 書かない窓口\n\n"
                "国の「自治体DX推進計画」も参照してください。",
            )
        ],
    ),
    (
        "dx-training",
        "デジタル化推進研修（業務改革とRPA）",
        Topic.DIGITAL,
        "digital",
        "digital-basics",
        5,
        60,
        False,
        [
            (
                "業務の見える化とRPA",
                "## 業務フローを書き出す\n\n定型的な操作はRPAで自動化できます。判断は職員が行います。",
            )
        ],
    ),
    (
        "ebpm-training",
        "データ利活用・EBPM研修",
        Topic.DATA,
        "digital",
        None,
        0,
        80,
        False,
        [
            (
                "証拠に基づく政策立案",
                "## EBPM\n\n政策の目的を明確にし、データなどの根拠に基づいて企画・評価します。",
            )
        ],
    ),
]

# course code → how many of the demo staff (in username order) completed it this 年度
COMPLETED = {
    "security-self-check": 11,
    "security-training": 7,
    "digital-basics-check": 9,
    "dx-training": 6,
    "ebpm-training": 4,
}
NOT_YET = {"kodomo", "kaigo", "kyodo", "kaikei"}  # have not passed the security self-check

FALLBACK_PLACES = [("", "本多公民館", ""), ("", "恋ヶ窪公民館", ""), ("", "光公民館", "")]
CLASS_TITLES = {
    ClassTopic.SMARTPHONE: "はじめてのスマホ講習会",
    ClassTopic.MYNUMBER: "マイナンバーカード申請サポート講習会",
    ClassTopic.MYNAPORTAL: "マイナポータル活用講習会",
    ClassTopic.ONLINE: "オンライン申請体験講習会",
}
PHONE_NAMES = ["小林 和子", "加藤 正", "吉田 節子", "山口 勇", "松本 幸子", "井上 実"]


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=JST)


def _load_banks() -> dict[str, QuestionBank]:
    data = json.loads(BANKS.read_text(encoding="utf-8"))
    banks = {}
    for bank in data["banks"]:
        department = Department.objects.filter(code=bank["department"]).first() or Department.objects.first()
        record, created = QuestionBank.objects.get_or_create(
            code=bank["code"], defaults={"title": bank["title"], "department": department}
        )
        banks[bank["code"]] = record
        if not created:
            continue
        for item in bank["questions"]:
            question = Question.objects.create(
                bank=record,
                text=item["text"],
                text_en=item.get("text_en", ""),
                explanation=item.get("explanation", ""),
                explanation_en=item.get("explanation_en", ""),
            )
            for choice in item["choices"]:
                Choice.objects.create(
                    question=question, text=choice[0], text_en=choice[1], is_correct=len(choice) > 2
                )
    return banks


def _courses(banks, start, admin) -> list[Course]:
    courses = []
    for code, title, topic, department, bank, count, mark, yearly, lessons in COURSES:
        course = Course.objects.create(
            code=code,
            title=title,
            topic=topic,
            department=Department.objects.filter(code=department).first() or Department.objects.first(),
            bank=banks.get(bank) if bank else None,
            questions_per_attempt=count,
            pass_mark=mark,
            yearly=yearly,
        )
        for order, (lesson_title, body) in enumerate(lessons, start=1):
            lesson = Lesson.objects.create(course=course, order=order, title=lesson_title)
            LessonVersion.objects.create(lesson=lesson, number=1, body=body, created_by=admin)
        Assignment.objects.create(
            course=course,
            target=Assignment.Target.ALL,
            opens_on=start,
            due_on=start + timedelta(days=90),
            fiscal_year=fiscal_year(start),
            created_by=admin,
        )
        courses.append(course)
    return courses


def _completions(courses, year, start, today) -> int:
    staff = list(services.staff_accounts())
    made = 0
    for course in courses:
        eligible = [u for u in staff if not (course.code == "security-self-check" and u.username in NOT_YET)]
        for n, user in enumerate(eligible[: COMPLETED[course.code]]):
            day = min(start + timedelta(days=3 + 4 * n), today)
            Completion.objects.create(
                course=course,
                user=user,
                fiscal_year=year,
                score=100 if course.has_check else None,
                completed_at=_at(day, 10),
                number=f"{receipt_prefix(year)}-{course.pk:04d}-{user.pk:06d}",
            )
            made += 1
    return made


def _classes(department, start, now, rng) -> tuple[int, int]:
    places = [(p.id, p.name, p.address) for p in services.places()[:6]] or FALLBACK_PLACES
    residents = list(Person.objects.filter(is_demo=True).order_by("pk")[:40])
    topics = list(ClassTopic)
    classes = attended = 0
    end = (now + timedelta(days=75)).date()
    day, n = start + timedelta(days=9), 0
    while day <= end:
        for offset, hour in ((0, 10), (10, 14)):
            date = day + timedelta(days=offset)
            topic = ClassTopic.SMARTPHONE if offset == 0 else topics[(n % 3) + 1]
            facility_id, place_name, address = places[n % len(places)]
            capacity = 12 if topic == ClassTopic.SMARTPHONE else 8
            citizen_class = CitizenClass.objects.create(
                department=department,
                title=CLASS_TITLES[topic],
                topic=topic,
                description="スマートフォンをお持ちの方はご持参ください。貸出用の端末もあります。",
                starts_at=_at(date, hour),
                ends_at=_at(date, hour + 2),
                facility_id=facility_id,
                place_name=place_name,
                place_address=address,
                capacity=capacity,
                uid=f"{uuid.uuid4()}@madoguchi",
            )
            classes += 1
            past = citizen_class.starts_at < now
            signups = capacity + 2 if n % 4 == 0 else rng.randint(capacity // 2, capacity)
            for i in range(signups):
                person = residents[(n * 7 + i) % len(residents)] if residents and i % 3 else None
                status = (
                    ClassRegistration.Status.CONFIRMED if i < capacity else ClassRegistration.Status.WAITING
                )
                registration = ClassRegistration.objects.create(
                    citizen_class=citizen_class,
                    person=person,
                    name=person.full_name if person else PHONE_NAMES[(n + i) % len(PHONE_NAMES)],
                    phone="042-300-0000" if person is None else person.phone,
                    channel=Channel.ONLINE if person else rng.choice([Channel.PHONE, Channel.COUNTER]),
                    status=status,
                    reference=f"D{citizen_class.pk:04d}{i:02d}{rng.randint(0, 99):02d}",
                    created_at=citizen_class.starts_at - timedelta(days=14 - i % 10),
                )
                if past and status == ClassRegistration.Status.CONFIRMED:
                    registration.attended = rng.random() < 0.9
                    registration.save(update_fields=["attended"])
                    if registration.attended:
                        attended += 1
                        if rng.random() < 0.8:
                            SurveyAnswer.objects.create(
                                registration=registration,
                                understanding=rng.choices([5, 4, 3, 2, 1], weights=[40, 35, 15, 7, 3])[0],
                                satisfaction=rng.choices([5, 4, 3, 2, 1], weights=[45, 35, 12, 5, 3])[0],
                                answered_at=citizen_class.ends_at,
                            )
            n += 1
        day += timedelta(days=21)
    return classes, attended


def _support(department, start, now) -> None:
    supporters = [
        Supporter.objects.create(
            department=department, name=name, national_promoter=promoter, registered_on=start
        )
        for name, promoter in (
            ("西町 ゆかり", True),
            ("日吉 大輔", False),
            ("内藤 久美子", True),
            ("高木 翔", False),
        )
    ]
    upcoming = CitizenClass.objects.filter(starts_at__gte=now).order_by("starts_at")[:6]
    for n, citizen_class in enumerate(upcoming):
        for supporter in (supporters[n % 4], supporters[(n + 1) % 4]):
            Shift.objects.create(
                supporter=supporter,
                citizen_class=citizen_class,
                starts_at=citizen_class.starts_at,
                ends_at=citizen_class.ends_at,
                place_name=citizen_class.place_name,
            )
    places = [(p.id, p.name) for p in services.places()[:4]] or [("", "市役所本庁舎")]
    measures = [
        (BurdenMeasure.Kind.POPUP, "出張申請受付（駅前商業施設）", 20, "", "国分寺駅前商業施設", 42),
        (BurdenMeasure.Kind.SUPPORT, "申請サポート（写真撮影無料）", 35, *places[0], 28),
        (BurdenMeasure.Kind.EXTENDED, "休日交付窓口", 50, *places[0], 61),
        (BurdenMeasure.Kind.POPUP, "出張申請受付（公民館）", 80, *places[-1], 17),
        (BurdenMeasure.Kind.SUPPORT, "高齢者施設での申請サポート", 110, "", "市内高齢者施設", 23),
        (BurdenMeasure.Kind.POPUP, "出張申請受付（市民まつり）", 200, "", "市民まつり会場", 55),
    ]
    for kind, title, days, facility_id, place_name, applications in measures:
        held_on = start + timedelta(days=days)
        if held_on <= now.date():
            BurdenMeasure.objects.create(
                kind=kind,
                title=title,
                department=department,
                held_on=held_on,
                facility_id=facility_id,
                place_name=place_name,
                applications=applications,
            )


def load(say) -> None:
    if Course.objects.exists():
        return
    admin = get_user_model().objects.filter(username="admin").first()
    department = Department.objects.filter(code="digital").first() or Department.objects.first()
    if department is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    year = fiscal_year(today)
    start, _end = fiscal_year_range(year)
    rng = random.Random(21)  # the same demo every time
    banks = _load_banks()
    courses = _courses(banks, start, admin)
    completions = _completions(courses, year, start, today)
    classes, attended = _classes(department, start, now, rng)
    _support(department, start, now)
    say(
        f"learning: {len(courses)} courses, {completions} completions, {classes} classes ({attended} attended)"
    )


LOADER = DemoLoader("learning", 92, load)
