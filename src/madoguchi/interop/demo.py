"""Demo data (order 97): the portal mapping seeded from data/portal_mappings.json, and a sample
ぴったりサービス archive dropped into the demo inbox and taken in — one 現況届 accepted into the
子ども家庭課 inbox with a field no mapping names (on the review list), one application of a portal
procedure the city has not mapped (on the review list too). Idempotent."""

from __future__ import annotations

import datetime

from madoguchi.core.demo import DemoLoader
from madoguchi.core.models import Person

from . import samples, services
from .models import PortalSubmission

ARCHIVE = "demo-pittari-20260601.zip"


def _family():
    for head in Person.objects.filter(is_demo=True, relationship="世帯主").select_related("household"):
        child = (
            head.household.members.filter(relationship="子").order_by("-birth_date").first()
            if head.household
            else None
        )
        if child is not None and head.birth_date and child.birth_date:
            return head, child
    return None, None


def _applications(head: Person, child: Person) -> list[dict]:
    today = datetime.date.today().isoformat()
    return [
        {
            "number": "DEMO-PT-0001",
            "code": "PT-JIDOUTEATE-GENKYO",
            "name": "児童手当 現況届",
            "submitted_at": f"{today}T09:12:00+09:00",
            "fields": {
                "申請者氏名": head.full_name,
                "申請者氏名フリガナ": head.full_name_kana,
                "申請者生年月日": head.birth_date.isoformat(),
                "申請者郵便番号": head.postal_code,
                "申請者住所": head.address,
                "申請者電話番号": head.phone or "042-325-0111",
                "加入している年金": "厚生年金",
                "提出が必要な理由": "その他市から求められた",
                "配偶者の有無": "いいえ",
                "児童1_氏名": child.full_name,
                "児童1_氏名フリガナ": child.full_name_kana,
                "児童1_生年月日": child.birth_date.isoformat(),
                "児童1_続柄": "子",
                "児童1_同居別居": "同居",
                "児童1_区分": "高校生年代まで",
                "公簿等の確認への同意": "はい",
                "記載内容に相違ない": "はい",
                "連絡を希望する時間帯": "平日の午前中",
            },
        },
        {
            "number": "DEMO-PT-0002",
            "code": "PT-HOIKU-SHUROSHOMEI",
            "name": "就労証明書の提出",
            "submitted_at": f"{today}T10:40:00+09:00",
            "fields": {"申請者氏名": head.full_name, "勤務先": "国分寺市役所"},
            "files": [("就労証明書", "添付/DEMO-PT-0002/shuro.pdf", b"%PDF-1.4\n%demo\n")],
        },
    ]


def load(say) -> None:
    added = services.seed_mappings()
    if PortalSubmission.objects.filter(portal_number__startswith="DEMO-PT-").exists():
        say(f"portal intake: mapping rows added {added}; demo archive already taken in")
        return
    head, child = _family()
    if head is None:
        return
    inbox = services.portal_inbox()
    inbox.mkdir(parents=True, exist_ok=True)
    (inbox / ARCHIVE).write_bytes(samples.portal_archive(_applications(head, child)))
    results = services.import_inbox()
    for result in results:
        say(
            f"portal intake: {result.archive.name} — accepted {result.archive.created}, "
            f"to review {result.archive.to_review}"
        )


LOADER = DemoLoader("interop", 97, load)
