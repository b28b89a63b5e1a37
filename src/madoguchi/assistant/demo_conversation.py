"""Demo conversation records: a few weeks of questions residents asked (masked like real ones),
their "did this help?", one inquiry waiting in 市民課's inbox and one callback request, so the
inbox, the learning loop and the figures have something to show. Runs after the FAQ loader."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import Department

from . import services
from .models import CallbackRequest, Inquiry, QuestionLog
from .models.conversation import Via

QUESTIONS = [
    "住民票の写しを取りたい",
    "じゅうみんひょう どこでとれる",
    "引っ越しの手続きは何がいりますか",
    "転入届に必要なもの",
    "マイナンバーカードの受け取り",
    "粗大ごみの出し方",
    "保育園の申し込みはいつまで",
    "児童手当の申請",
    "印鑑登録証をなくした",
    "国保の保険料の払い方",
    "介護保険の認定を受けたい",
    "罹災証明書がほしい",
    # questions no FAQ answers yet (the learning loop groups them)
    "市役所の駐車場は何台とめられますか",
    "市役所に駐車場はありますか",
    "庁舎の駐車場 料金",
    "ペットの火葬はしてもらえますか",
    "犬が死んだ 火葬",
    "私は山田太郎です。090-1234-5678に電話ください",
]


def load(say) -> None:
    if QuestionLog.objects.exists():
        return
    rng = random.Random(18)
    now = timezone.now()
    logs = []
    for i, question in enumerate(QUESTIONS * 2):
        asked = services.ask(question, via=rng.choice([Via.PAGE, Via.WIDGET, Via.WIDGET, Via.LINE]))
        # Spread over the last four weeks (the loader sets the time; services log "now").
        when = now - datetime.timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 8))
        QuestionLog.objects.filter(pk=asked.log.pk).update(asked_at=when)
        logs.append(asked.log)
        if i % 3 == 0:
            services.record_feedback(asked.log, helpful=asked.result.confident and rng.random() > 0.2)
    shimin = Department.objects.filter(code="shimin").first()
    if shimin is not None and not Inquiry.objects.exists():
        log = (
            next(log for log in logs if not log.confident)
            if any(not log.confident for log in logs)
            else logs[0]
        )
        at_desks = services.next_opening(now) + datetime.timedelta(hours=1)
        services.hand_off(log, department=shimin, name="国分 花子", email="hanako@example.jp", now=at_desks)
        services.request_callback(
            log,
            department=shimin,
            name="国分 一郎",
            phone="042-000-0000",
            preferred_time=CallbackRequest.When.MORNING,
        )
    say(f"assistant: {len(logs)} questions logged, 1 inquiry, 1 callback request")


LOADER = DemoLoader("assistant-conversation", 99, load)
