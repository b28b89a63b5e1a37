"""The demo city (`madoguchi demo`): 国分寺市's profile, departments, staff, fictional residents.

Idempotent: running it twice changes nothing the second time. Every other app adds its own
demo data by registering a loader (`demo_loaders.register(DemoLoader(...))` in its AppConfig),
so `madoguchi demo` builds the whole demo city in dependency order.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from .japanese.mynumber import generate_my_number
from .models import Department, Gender, Household, Municipality, Person, StaffRole
from .mynumber import set_my_number
from .registry import Registry

DEMO_PASSWORD = "madoguchi-demo"


@dataclass(frozen=True)
class DemoLoader:
    code: str
    order: int
    load: Callable[[Callable[[str], None]], None]  # receives a `say` function for progress lines


demo_loaders: Registry[DemoLoader] = Registry("demo loader")

# (code, name, name_en, kind, parent code, phone)
DEPARTMENTS = [
    ("seisaku", "政策部", "Policy Department", "bu", None, ""),
    ("digital", "デジタル行政推進室", "Digital Government Office", "shitsu", "seisaku", "042-325-0111"),
    ("somu", "総務部", "General Affairs Department", "bu", None, ""),
    ("johokanri", "情報管理課", "Information Management Division", "ka", "somu", "042-325-0111"),
    ("shokuin", "職員課", "Personnel Division", "ka", "somu", "042-325-0111"),
    ("bosai", "防災安全課", "Disaster Prevention and Safety Division", "ka", "somu", "042-325-0111"),
    ("shimin-seikatsu", "市民生活部", "Civic Affairs Department", "bu", None, ""),
    ("shimin", "市民課", "Residents Division", "ka", "shimin-seikatsu", "042-325-0111"),
    (
        "hoken-nenkin",
        "保険年金課",
        "Health Insurance and Pension Division",
        "ka",
        "shimin-seikatsu",
        "042-325-0111",
    ),
    (
        "kyodo",
        "協働コミュニティ課",
        "Community Partnership Division",
        "ka",
        "shimin-seikatsu",
        "042-325-0111",
    ),
    ("kodomo-katei", "子ども家庭部", "Children and Families Department", "bu", None, ""),
    (
        "kodomo-shien",
        "子ども子育て支援課",
        "Child and Childcare Support Division",
        "ka",
        "kodomo-katei",
        "042-325-0111",
    ),
    ("hoiku", "保育幼稚園課", "Nursery and Kindergarten Division", "ka", "kodomo-katei", "042-325-0111"),
    ("fukushi", "福祉部", "Welfare Department", "bu", None, ""),
    ("korei", "高齢福祉課", "Elderly Welfare Division", "ka", "fukushi", "042-325-0111"),
    ("kaigo", "介護保険課", "Long-term Care Insurance Division", "ka", "fukushi", "042-325-0111"),
    ("kenko-bu", "健康部", "Health Department", "bu", None, ""),
    ("kenko", "健康推進課", "Health Promotion Division", "ka", "kenko-bu", "042-321-1801"),
    ("kaikei", "会計課", "Accounting Division", "ka", None, "042-325-0111"),
]

# Staff: (username, family, given, [(department, role), ...]). Password: DEMO_PASSWORD.
R = StaffRole.Role
STAFF = [
    ("admin", "管理", "太郎", [("johokanri", R.SYSADMIN)]),
    ("digital", "推進", "花子", [("digital", R.SYSADMIN), ("digital", R.REVIEW)]),
    ("shimin", "窓口", "一郎", [("shimin", R.RECEPTION), ("shimin", R.REVIEW)]),
    ("shimin-chief", "証明", "正", [("shimin", R.APPROVAL)]),
    ("shimin-mynumber", "番号", "次郎", [("shimin", R.REVIEW), ("shimin", R.MY_NUMBER)]),
    ("kodomo", "子育", "さくら", [("kodomo-shien", R.RECEPTION), ("kodomo-shien", R.REVIEW)]),
    ("kodomo-chief", "決裁", "誠", [("kodomo-shien", R.APPROVAL)]),
    ("hoiku", "保育", "みどり", [("hoiku", R.RECEPTION), ("hoiku", R.REVIEW), ("hoiku", R.APPROVAL)]),
    ("kaigo", "介護", "健", [("kaigo", R.RECEPTION), ("kaigo", R.REVIEW), ("kaigo", R.APPROVAL)]),
    ("korei", "高齢", "和子", [("korei", R.RECEPTION), ("korei", R.REVIEW)]),
    ("kenko", "健康", "保", [("kenko", R.RECEPTION), ("kenko", R.REVIEW), ("kenko", R.APPROVAL)]),
    ("bosai", "防災", "守", [("bosai", R.RECEPTION), ("bosai", R.REVIEW), ("bosai", R.APPROVAL)]),
    ("kyodo", "協働", "結衣", [("kyodo", R.REVIEW), ("kyodo", R.APPROVAL)]),
    ("hoken", "保険", "年男", [("hoken-nenkin", R.RECEPTION), ("hoken-nenkin", R.REVIEW)]),
    ("shokuin", "職員", "学", [("shokuin", R.REVIEW)]),
    ("kaikei", "会計", "収", [("kaikei", R.ACCOUNTING)]),
]

# 国分寺市's towns and their postal codes (from the national postal code data).
TOWNS = [
    ("185-0001", "北町"),
    ("185-0002", "東戸倉"),
    ("185-0003", "戸倉"),
    ("185-0004", "新町"),
    ("185-0005", "並木町"),
    ("185-0011", "本多"),
    ("185-0012", "本町"),
    ("185-0013", "西恋ケ窪"),
    ("185-0014", "東恋ケ窪"),
    ("185-0021", "南町"),
    ("185-0022", "東元町"),
    ("185-0023", "西元町"),
    ("185-0024", "泉町"),
    ("185-0031", "富士本"),
    ("185-0032", "日吉町"),
    ("185-0033", "内藤"),
    ("185-0034", "光町"),
    ("185-0035", "西町"),
    ("185-0036", "高木町"),
]
KANJI_DIGITS = "〇一二三四五"

FAMILY_NAMES = [
    ("窓口", "マドグチ"),
    ("国分", "コクブ"),
    ("恋ヶ窪", "コイガクボ"),
    ("武蔵", "ムサシ"),
    ("野川", "ノガワ"),
    ("泉", "イズミ"),
    ("本多", "ホンダ"),
    ("日吉", "ヒヨシ"),
    ("西元", "ニシモト"),
    ("並木", "ナミキ"),
    ("光井", "ミツイ"),
    ("高木", "タカギ"),
    ("北原", "キタハラ"),
    ("南野", "ミナミノ"),
    ("戸倉", "トクラ"),
    ("内藤", "ナイトウ"),
    ("富士本", "フジモト"),
    ("新町", "シンマチ"),
]
MALE_NAMES = [
    ("太郎", "タロウ"),
    ("健太", "ケンタ"),
    ("翔", "ショウ"),
    ("大輔", "ダイスケ"),
    ("誠", "マコト"),
    ("蓮", "レン"),
    ("陽翔", "ハルト"),
    ("湊", "ミナト"),
    ("茂", "シゲル"),
    ("勇", "イサム"),
]
FEMALE_NAMES = [
    ("花子", "ハナコ"),
    ("陽菜", "ヒナ"),
    ("美咲", "ミサキ"),
    ("結衣", "ユイ"),
    ("恵子", "ケイコ"),
    ("さくら", "サクラ"),
    ("葵", "アオイ"),
    ("芽依", "メイ"),
    ("和子", "カズコ"),
    ("幸子", "サチコ"),
]

# Household shapes: each member is (relationship, gender, age). About 50 residents in all.
HOUSEHOLD_SHAPES = [
    [
        ("世帯主", Gender.MALE, 38),
        ("妻", Gender.FEMALE, 36),
        ("子", Gender.FEMALE, 7),
        ("子", Gender.MALE, 3),
    ],
    [("世帯主", Gender.FEMALE, 34), ("子", Gender.MALE, 5)],
    [("世帯主", Gender.MALE, 72), ("妻", Gender.FEMALE, 70)],
    [("世帯主", Gender.FEMALE, 81)],
    [("世帯主", Gender.MALE, 27)],
    [
        ("世帯主", Gender.MALE, 41),
        ("妻", Gender.FEMALE, 40),
        ("子", Gender.MALE, 12),
        ("子", Gender.FEMALE, 9),
        ("子", Gender.MALE, 0),
    ],
    [("世帯主", Gender.FEMALE, 23)],
    [
        ("世帯主", Gender.MALE, 45),
        ("妻", Gender.FEMALE, 44),
        ("子", Gender.FEMALE, 16),
        ("母", Gender.FEMALE, 77),
    ],
    [("世帯主", Gender.MALE, 66)],
    [("世帯主", Gender.FEMALE, 31), ("夫", Gender.MALE, 33)],
    [("世帯主", Gender.MALE, 52), ("妻", Gender.FEMALE, 50), ("子", Gender.MALE, 19)],
    [("世帯主", Gender.FEMALE, 68), ("夫", Gender.MALE, 69)],
    [("世帯主", Gender.MALE, 29), ("妻", Gender.FEMALE, 29), ("子", Gender.FEMALE, 1)],
    [("世帯主", Gender.FEMALE, 88)],
    [("世帯主", Gender.MALE, 36), ("子", Gender.MALE, 8), ("子", Gender.FEMALE, 6)],
    [("世帯主", Gender.FEMALE, 58), ("母", Gender.FEMALE, 85)],
    [("世帯主", Gender.MALE, 19)],
    [("世帯主", Gender.MALE, 75), ("妻", Gender.FEMALE, 73)],
    [("世帯主", Gender.FEMALE, 42), ("夫", Gender.MALE, 43), ("子", Gender.MALE, 14)],
    [
        ("世帯主", Gender.MALE, 35),
        ("妻", Gender.FEMALE, 33),
        ("子", Gender.MALE, 4),
        ("子", Gender.FEMALE, 2),
    ],
    [("世帯主", Gender.FEMALE, 79), ("子", Gender.MALE, 50)],
    [("世帯主", Gender.MALE, 24)],
]
REFERENCE_DAY = datetime.date(2026, 4, 1)  # ages above are on this day, so the demo is stable


# 国分寺市's profile (the city hall's address and switchboard).
DEMO_CITY: dict[str, Any] = {  # Municipality fields
    "code": "132144",
    "name": "国分寺市",
    "name_en": "Kokubunji City",
    "prefecture": "東京都",
    "postal_code": "185-8501",
    "address": "東京都国分寺市泉町二丁目2番18号",
    "phone": "042-325-0111",
    "email": "info@city.kokubunji.example.jp",
    "website": "https://www.city.kokubunji.tokyo.jp/",
    "opening_hours": "平日 8:30〜17:00",
    "address_en": "2-2-18 Izumicho, Kokubunji, Tokyo 185-8501",
    "opening_hours_en": "Weekdays 8:30–17:00",
    "is_demo": True,
}


def demo_city() -> Municipality:
    """The demo city's profile, unsaved (for samples and benchmarks without a database)."""
    return Municipality(**DEMO_CITY)


def load_city(say: Callable[[str], None]) -> None:
    municipality = Municipality.objects.first() or Municipality(code=DEMO_CITY["code"])
    municipality.__dict__.update(DEMO_CITY)
    municipality.save()
    by_code: dict[str, Department] = {}
    for order, (code, name, name_en, kind, parent, phone) in enumerate(DEPARTMENTS):
        by_code[code], _ = Department.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "parent": by_code.get(parent) if parent else None,
                "phone": phone,
                "sort_order": order * 10,
            },
        )
    say(f"自治体: {municipality.name} ({municipality.code}), 部署 {len(by_code)}")


def load_staff(say: Callable[[str], None]) -> None:
    User = get_user_model()
    for username, family, given, roles in STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "last_name": family,
                "first_name": given,
                "email": f"{username}@city.kokubunji.example.jp",
                "is_staff": True,
                "is_superuser": username == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        for department, role in roles:
            StaffRole.objects.get_or_create(
                user=user, department=Department.objects.get(code=department), role=role
            )
    say(f"職員アカウント {len(STAFF)} 件（パスワード: {DEMO_PASSWORD}）: " + ", ".join(s[0] for s in STAFF))


def load_residents(say: Callable[[str], None]) -> None:
    rng = random.Random(132144)  # fixed seed: the same city every time
    count = 0
    for index, shape in enumerate(HOUSEHOLD_SHAPES, start=1):
        postal_code, town = TOWNS[index % len(TOWNS)]
        family, family_kana = FAMILY_NAMES[index % len(FAMILY_NAMES)]
        address = f"東京都国分寺市{town}{KANJI_DIGITS[1 + index % 5]}丁目{index}番{rng.randint(1, 30)}号"
        household, _ = Household.objects.update_or_create(
            number=f"DEMO-{index:04d}",
            defaults={"postal_code": postal_code, "address": address, "district": town},
        )
        for member, (relationship, gender, age) in enumerate(shape):
            names = MALE_NAMES if gender == Gender.MALE else FEMALE_NAMES
            given, given_kana = names[(index * 3 + member) % len(names)]
            birth = REFERENCE_DAY - datetime.timedelta(days=int(age * 365.25) + rng.randint(1, 300))
            person, created = Person.objects.update_or_create(
                household=household,
                relationship=relationship,
                given_name=given,
                defaults={
                    "family_name": family,
                    "family_name_kana": family_kana,
                    "given_name_kana": given_kana,
                    "birth_date": birth,
                    "gender": gender,
                    "postal_code": postal_code,
                    "address": address,
                    "phone": f"042-{300 + index:03d}-{1000 + member:04d}" if age >= 18 else "",
                    "email": f"resident{index:02d}{member}@example.jp" if age >= 18 else "",
                    "is_demo": True,
                },
            )
            number = generate_my_number(rng)  # drawn every time so reruns keep the sequence
            if created or not person.has_my_number:
                set_my_number(person, number, by=None)
            count += 1
    say(f"住民 {count} 人（{len(HOUSEHOLD_SHAPES)} 世帯、すべて架空）")


demo_loaders.register(DemoLoader("city", 0, load_city))
demo_loaders.register(DemoLoader("staff", 10, load_staff))
demo_loaders.register(DemoLoader("residents", 20, load_residents))


def load_demo(say: Callable[[str], None] = print) -> None:
    for loader in sorted(demo_loaders, key=lambda item: (item.order, item.code)):
        with transaction.atomic():
            loader.load(say)
