"""The demo catalog: 24 datasets of the fictional-but-plausible 国分寺市 (132144), across the
standard types, including public Wi-Fi spots and public internet terminals (plan 1-エ) on a map.
Values are invented; coordinates sit inside the city. Idempotent: existing datasets are kept."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from django.utils import timezone

from madoguchi.core.models import Department

from . import standards, tables
from .models import Dataset, Frequency, Group, License

LG, CITY, PREF = "132144", "国分寺市", "東京都"

GROUPS = [
    ("bosai", "防災・安全", "Disaster prevention and safety"),
    ("kosodate", "子育て・教育", "Childcare and education"),
    ("kenko", "健康・福祉", "Health and welfare"),
    ("kurashi", "くらし・環境", "Daily life and environment"),
    ("digital", "デジタル・情報化", "Digital and information access"),
    ("kanko", "観光・文化", "Tourism and culture"),
    ("tokei", "統計", "Statistics"),
]

TOWNS = {
    "北町": (35.7160, 139.4630),
    "東戸倉": (35.7130, 139.4700),
    "戸倉": (35.7100, 139.4620),
    "新町": (35.7080, 139.4520),
    "並木町": (35.7060, 139.4430),
    "本多": (35.7070, 139.4800),
    "本町": (35.7020, 139.4810),
    "西恋ケ窪": (35.7030, 139.4600),
    "東恋ケ窪": (35.7010, 139.4700),
    "南町": (35.6980, 139.4830),
    "東元町": (35.6950, 139.4880),
    "西元町": (35.6940, 139.4760),
    "泉町": (35.6970, 139.4720),
    "富士本": (35.6960, 139.4620),
    "日吉町": (35.6990, 139.4540),
    "内藤": (35.6950, 139.4560),
    "光町": (35.6990, 139.4440),
    "西町": (35.6960, 139.4400),
    "高木町": (35.7050, 139.4500),
}
TOWN_NAMES = list(TOWNS)


def _place(rng, town: str, number: int) -> dict:
    lat, lon = TOWNS[town]
    chome = "一二三四五"[number % 3]
    return {
        "所在地_連結表記": f"{PREF}{CITY}{town}{chome}丁目{number}番{rng.randint(1, 30)}号",
        "所在地_都道府県": PREF,
        "所在地_市区町村": CITY,
        "所在地_町字": f"{town}{chome}丁目",
        "所在地_番地以下": f"{number}-{rng.randint(1, 30)}",
        "緯度": f"{lat + rng.uniform(-0.0025, 0.0025):.6f}",
        "経度": f"{lon + rng.uniform(-0.0025, 0.0025):.6f}",
    }


def _rows(code: str, items: list[dict]) -> tuple[list[str], list[list[str]]]:
    header = standards.get(code).field_names()
    rows = []
    for index, item in enumerate(items, start=1):
        values = {
            "全国地方公共団体コード": LG,
            "ID": f"{LG}{code}{index:04d}"[:20],
            "地方公共団体名": CITY,
            **item,
        }
        rows.append([str(values.get(name, "")) for name in header])
    return header, rows


def _csv(header, rows) -> bytes:
    return tables.write_csv(header, rows).encode("utf-8")


SCHOOLS = [
    ("第一小学校", "ダイイチショウガッコウ", "本町"),
    ("第二小学校", "ダイニショウガッコウ", "南町"),
    ("第三小学校", "ダイサンショウガッコウ", "新町"),
    ("第四小学校", "ダイヨンショウガッコウ", "並木町"),
    ("第五小学校", "ダイゴショウガッコウ", "東恋ケ窪"),
    ("第六小学校", "ダイロクショウガッコウ", "西恋ケ窪"),
    ("第七小学校", "ダイナナショウガッコウ", "東戸倉"),
    ("第八小学校", "ダイハチショウガッコウ", "日吉町"),
    ("第九小学校", "ダイキュウショウガッコウ", "北町"),
    ("第十小学校", "ダイジュウショウガッコウ", "光町"),
    ("第一中学校", "ダイイチチュウガッコウ", "本多"),
    ("第二中学校", "ダイニチュウガッコウ", "西元町"),
    ("第三中学校", "ダイサンチュウガッコウ", "戸倉"),
    ("第四中学校", "ダイヨンチュウガッコウ", "内藤"),
    ("第五中学校", "ダイゴチュウガッコウ", "高木町"),
]
FACILITIES = [
    ("市役所本庁舎", "シヤクショホンチョウシャ", "泉町"),
    ("本多公民館", "ホンダコウミンカン", "本多"),
    ("恋ヶ窪公民館", "コイガクボコウミンカン", "東恋ケ窪"),
    ("光公民館", "ヒカリコウミンカン", "光町"),
    ("並木公民館", "ナミキコウミンカン", "並木町"),
    ("もとまち公民館", "モトマチコウミンカン", "東元町"),
    ("本多図書館", "ホンダトショカン", "本多"),
    ("恋ヶ窪図書館", "コイガクボトショカン", "東恋ケ窪"),
    ("市民スポーツセンター", "シミンスポーツセンター", "西元町"),
    ("いずみホール", "イズミホール", "泉町"),
    ("ひかりプラザ", "ヒカリプラザ", "光町"),
    ("国分寺駅前サービスコーナー", "コクブンジエキマエサービスコーナー", "本町"),
]
PARKS = [
    ("武蔵国分寺公園", "ムサシコクブンジコウエン", "泉町"),
    ("殿ヶ谷戸庭園周辺広場", "トノガヤトテイエンシュウヘンヒロバ", "南町"),
    ("都立武蔵国分寺公園こもれびの丘", "コモレビノオカ", "西元町"),
    ("黒鐘公園", "クロガネコウエン", "西元町"),
]


def _evacuation(rng):
    items = []
    for index, (name, kana, town) in enumerate(SCHOOLS + PARKS, start=1):
        park = (name, kana, town) in PARKS
        items.append(
            {
                "名称": name if park else f"{CITY}立{name}",
                "名称_カナ": kana,
                "名称_英字": "",
                **_place(rng, town, index),
                "標高": f"{rng.randint(60, 85)}",
                "電話番号": "042-325-0111",
                "災害種別_洪水": "" if park else "1",
                "災害種別_崖崩れ、土石流及び地滑り": "1",
                "災害種別_地震": "1",
                "災害種別_大規模な火事": "1" if park else "",
                "災害種別_内水氾濫": "" if park else "1",
                "指定避難所との住所同一": "" if park else "1",
                "想定収容人数": str(rng.randint(8, 30) * 100),
                "対象となる町会・自治会": f"{town}町会",
            }
        )
    return _rows("03", items)


WIFI = [
    ("市役所本庁舎", "泉町", "1階ロビー・2階市民相談室"),
    ("国分寺駅前サービスコーナー", "本町", "窓口周辺"),
    ("本多公民館", "本多", "ロビー・講座室"),
    ("恋ヶ窪公民館", "東恋ケ窪", "ロビー"),
    ("光公民館", "光町", "ロビー"),
    ("並木公民館", "並木町", "ロビー"),
    ("もとまち公民館", "東元町", "ロビー"),
    ("本多図書館", "本多", "閲覧室"),
    ("恋ヶ窪図書館", "東恋ケ窪", "閲覧室"),
    ("市民スポーツセンター", "西元町", "エントランス"),
    ("いずみホール", "泉町", "ホワイエ"),
    ("武蔵国分寺公園 サービスセンター", "泉町", "サービスセンター周辺"),
    ("ひかりプラザ", "光町", "1階交流スペース"),
]


def _wifi(rng):
    items = []
    for index, (name, town, area) in enumerate(WIFI, start=1):
        items.append(
            {
                "名称": name,
                "名称_カナ": "",
                **_place(rng, town, index),
                "設置者": CITY,
                "電話番号": "042-325-0111",
                "SSID": "Kokubunji_Free_Wi-Fi",
                "提供エリア": area,
                "利用開始時間": "08:30",
                "利用終了時間": "22:00" if "公民館" in name else "17:00",
                "備考": "1回60分・1日4回まで。メールアドレスまたはSNSアカウントで利用登録",
            }
        )
    return _rows("07", items)


TERMINALS = [
    ("市役所本庁舎 市民ラウンジ", "泉町", 4, "有", "有"),
    ("本多図書館", "本多", 6, "有", "無"),
    ("恋ヶ窪図書館", "東恋ケ窪", 4, "有", "無"),
    ("光公民館", "光町", 2, "無", "無"),
    ("並木公民館", "並木町", 2, "無", "無"),
    ("もとまち公民館", "東元町", 2, "無", "無"),
    ("国分寺駅前サービスコーナー", "本町", 2, "有", "有"),
    ("ひかりプラザ デジタル相談コーナー", "光町", 3, "有", "有"),
]


def _terminals(rng):
    items = []
    for index, (name, town, count, printer, helper) in enumerate(TERMINALS, start=1):
        items.append(
            {
                "名称": name,
                **_place(rng, town, index),
                "設置台数": str(count),
                "プリンターの有無": printer,
                "支援員の配置": helper,
                "電話番号": "042-325-0111",
                "利用可能曜日": "月火水木金土日",
                "開始時間": "09:00",
                "終了時間": "20:00" if "図書館" in name else "17:00",
                "利用可能日時特記事項": "年末年始・休館日を除く"
                + ("。支援員は火・木の午後" if helper == "有" else ""),
                "備考": "マイナポータル・オンライン申請に利用できます",
            }
        )
    return _rows("L01", items)


def _aed(rng):
    items = []
    places = [(f"{CITY}立{n}", t) for n, _k, t in SCHOOLS] + [(n, t) for n, _k, t in FACILITIES]
    for index, (name, town) in enumerate(places, start=1):
        items.append(
            {
                "名称": name,
                **_place(rng, town, index),
                "設置位置": rng.choice(["正面玄関", "1階事務室前", "体育館入口", "受付カウンター横"]),
                "電話番号": "042-325-0111",
                "利用可能曜日": "月火水木金",
                "開始時間": "08:30",
                "終了時間": "17:00",
                "小児対応設備の有無": rng.choice(["有", "無"]),
            }
        )
    return _rows("08", items)


def _facilities(rng):
    items = []
    for index, (name, kana, town) in enumerate(FACILITIES, start=1):
        items.append(
            {
                "名称": name,
                "名称_カナ": kana,
                **_place(rng, town, index),
                "電話番号": "042-325-0111",
                "利用可能曜日": "月火水木金土日",
                "開始時間": "09:00",
                "終了時間": "21:00" if "公民館" in name else "17:00",
                "バリアフリー情報": "車いす対応トイレ、エレベーター",
            }
        )
    return _rows("01", items)


AGE_BANDS = ["0-4歳", "5-9歳", "10-14歳", "15-64歳", "65-74歳", "75歳以上"]


def _population(rng):
    items = []
    for town in TOWN_NAMES:
        for band in AGE_BANDS:
            weight = {"15-64歳": 40, "65-74歳": 8, "75歳以上": 9}.get(band, 3)
            men, women = rng.randint(weight * 25, weight * 32), rng.randint(weight * 25, weight * 34)
            items.append(
                {
                    "調査年月日": "2026-01-01",
                    "地域名": town,
                    "年齢": band,
                    "総数": str(men + women),
                    "男": str(men),
                    "女": str(women),
                }
            )
    return _rows("04", items)


def _preschool(rng):
    kinds = ["認可保育所", "認可保育所", "小規模保育事業", "認定こども園", "幼稚園", "子育てひろば", "児童館"]
    items = []
    for index, town in enumerate(TOWN_NAMES[:16], start=1):
        kind = kinds[index % len(kinds)]
        suffix = {
            "認可保育所": "保育園",
            "小規模保育事業": "ちいさな保育室",
            "認定こども園": "こども園",
            "幼稚園": "幼稚園",
            "子育てひろば": "子育てひろば",
            "児童館": "児童館",
        }[kind]
        items.append(
            {
                "名称": f"{town}{suffix}",
                "種別": kind,
                **_place(rng, town, index),
                "電話番号": f"042-3{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                "定員": str(rng.randint(12, 120)) if kind not in {"子育てひろば", "児童館"} else "",
                "受入年齢": "0歳〜5歳" if kind != "幼稚園" else "3歳〜5歳",
                "開始時間": "07:00" if "保育" in kind else "09:00",
                "終了時間": "19:00" if "保育" in kind else "17:00",
                "一時預かりの有無": rng.choice(["有", "無"]),
            }
        )
    return _rows("05", items)


def _events(rng):
    names = [
        ("スマートフォン教室（初級）", "ひかりプラザ", "光町"),
        ("マイナンバーカード出張申請サポート", "本多公民館", "本多"),
        ("国分寺まつり", "武蔵国分寺公園", "泉町"),
        ("防災フェア", "市民スポーツセンター", "西元町"),
        ("子育て講座「はじめての離乳食」", "もとまち公民館", "東元町"),
        ("オープンデータ活用ワークショップ", "いずみホール", "泉町"),
        ("史跡武蔵国分寺跡 ガイドツアー", "史跡の駅おたかの道湧水園", "東元町"),
        ("市民健康講座", "恋ヶ窪公民館", "東恋ケ窪"),
    ]
    items = []
    start = datetime.date(2026, 5, 10)
    for index, (name, place, town) in enumerate(names, start=1):
        day = start + datetime.timedelta(days=19 * index)
        items.append(
            {
                "イベント名": name,
                "開始日": day.isoformat(),
                "終了日": day.isoformat(),
                "開始時間": "10:00",
                "終了時間": "12:00",
                "開催場所名称": place,
                **_place(rng, town, index),
                "料金（基本）": "無料",
                "対象者": "市内在住・在勤・在学の方",
                "申込方法": "市ホームページまたは電話",
                "電話番号": "042-325-0111",
            }
        )
    return _rows("12", items)


def _toilets(rng):
    items = []
    for index, town in enumerate(TOWN_NAMES[::2], start=1):
        items.append(
            {
                "名称": f"{town}公衆トイレ",
                **_place(rng, town, index),
                "設置位置": rng.choice(["公園内", "駅前広場", "緑地入口"]),
                "男性トイレ総数": str(rng.randint(1, 3)),
                "女性トイレ総数": str(rng.randint(1, 3)),
                "バリアフリートイレ数": "1",
                "オストメイト設置数": rng.choice(["0", "1"]),
                "おむつ替えシート数": rng.choice(["0", "1"]),
                "利用可能曜日": "月火水木金土日",
                "開始時間": "00:00",
                "終了時間": "23:59",
            }
        )
    return _rows("13", items)


def _schools(rng):
    items = []
    for index, (name, kana, town) in enumerate(SCHOOLS, start=1):
        items.append(
            {
                "名称": f"{CITY}立{name}",
                "名称_カナ": f"コクブンジシリツ{kana}",
                "学校種別": "中学校" if "中学校" in name else "小学校",
                "設置主体": "公立",
                **_place(rng, town, index),
                "電話番号": f"042-32{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
            }
        )
    return _rows("24", items)


def _simple(header: list[str], rows: list[list]) -> bytes:
    return _csv(header, rows)


def _xlsx(header: list[str], rows: list[list]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SAMPLE_PDF = Path(__file__).resolve().parent / "tests" / "data" / "sample_population.pdf"


def catalog(rng) -> list[dict]:
    """Each entry: dataset fields, its resources (name, filename, bytes, standard type)."""
    std = {code: f"{LG}_{standards.get(code).slug}" for code in standards.TYPES}

    def entry(
        name,
        title,
        title_en,
        org,
        groups,
        tags,
        notes,
        resources,
        standard_type="",
        frequency=Frequency.ANNUAL,
        license_id=License.CC_BY_40,
    ):
        return {
            "name": name,
            "title": title,
            "title_en": title_en,
            "organization": org,
            "groups": groups,
            "tags": tags,
            "notes": notes,
            "standard_type": standard_type,
            "frequency": frequency,
            "license_id": license_id,
            "resources": resources,
        }

    polling = [
        [LG, f"{LG}27{i:04d}", CITY, f"第{i}投票区", f"{n}投票所", f"{PREF}{CITY}{t}"]
        for i, (n, _k, t) in enumerate(SCHOOLS[:10], start=1)
    ]
    bikes = [
        [
            LG,
            f"{LG}26{i:04d}",
            CITY,
            f"{t}駅前自転車駐車場",
            str(rng.randint(150, 900)),
            "1日100円",
            *_place(rng, t, i).values(),
        ]
        for i, t in enumerate(["本町", "南町", "東恋ケ窪", "西恋ケ窪", "光町"], start=1)
    ]
    baby = [
        [LG, f"{LG}29{i:04d}", CITY, n, *list(_place(rng, t, i).values())[5:], "授乳・おむつ替え"]
        for i, (n, _k, t) in enumerate(FACILITIES[:9], start=1)
    ]
    waste = [
        ["燃やすごみ", "生ごみ、紙くず、汚れた紙", "週2回"],
        ["燃やさないごみ", "金属、ガラス、陶器", "月2回"],
        ["プラスチック", "容器包装プラスチック", "週1回"],
        ["古紙・古布", "新聞、雑誌、段ボール、衣類", "週1回"],
        ["びん・かん", "飲料用のびん・かん", "週1回"],
        ["有害ごみ", "乾電池、蛍光管、体温計", "月1回"],
    ]
    care = [
        [
            LG,
            f"{LG}09{i:04d}",
            CITY,
            f"{t}{kind}",
            kind,
            f"{PREF}{CITY}{t}",
            f"042-3{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        ]
        for i, (t, kind) in enumerate(
            zip(
                TOWN_NAMES,
                [
                    "訪問介護",
                    "通所介護",
                    "居宅介護支援",
                    "訪問看護",
                    "短期入所生活介護",
                    "認知症対応型共同生活介護",
                ]
                * 3,
                strict=False,
            ),
            start=1,
        )
    ]
    clinics = [
        [
            LG,
            f"{LG}10{i:04d}",
            CITY,
            f"{t}{kind}",
            kind,
            f"{PREF}{CITY}{t}",
            f"042-3{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        ]
        for i, (t, kind) in enumerate(
            zip(
                TOWN_NAMES, ["内科クリニック", "小児科医院", "歯科医院", "眼科", "整形外科"] * 4, strict=False
            ),
            start=1,
        )
    ]
    heritage = [
        [LG, f"{LG}02{i:04d}", CITY, n, kind, "東元町" if i < 3 else "西元町"]
        for i, (n, kind) in enumerate(
            [
                ("史跡武蔵国分寺跡", "国指定史跡"),
                ("武蔵国分寺跡出土品", "都指定有形文化財"),
                ("東山道武蔵路跡", "国指定史跡"),
                ("お鷹の道・真姿の池湧水群", "都選定名湧水"),
            ],
            start=1,
        )
    ]
    radio = [
        [LG, f"{LG}23{i:04d}", CITY, f"{t}子局", *list(_place(rng, t, i).values())[5:]]
        for i, t in enumerate(TOWN_NAMES, start=1)
    ]
    budget = [
        ["款", "令和7年度予算額（千円）", "令和6年度予算額（千円）", "増減（千円）"],
        ["市税", 23456789, 23012345, 444444],
        ["地方交付税", 1234567, 1301234, -66667],
        ["国庫支出金", 9876543, 9543210, 333333],
        ["都支出金", 5432109, 5398765, 33344],
        ["市債", 2109876, 2456789, -346913],
    ]
    survey = [
        ["設問", "満足", "やや満足", "やや不満", "不満"],
        ["窓口の待ち時間", 21, 38, 27, 14],
        ["オンライン申請のわかりやすさ", 18, 35, 30, 17],
        ["市ホームページの探しやすさ", 15, 33, 34, 18],
        ["公共施設のWi-Fi", 24, 36, 25, 15],
    ]

    return [
        entry(
            "132144-evacuation-space",
            "指定緊急避難場所一覧",
            "Designated emergency evacuation sites",
            "bosai",
            ["bosai"],
            ["避難場所", "防災", "災害"],
            "災害対策基本法に基づき市が指定した指定緊急避難場所の一覧です。災害種別ごとの適否と想定収容人数を含みます。",
            [("指定緊急避難場所一覧（CSV）", std["03"] + ".csv", _csv(*_evacuation(rng)), "03")],
            "03",
        ),
        entry(
            "132144-public-wireless-lan",
            "公衆無線LANアクセスポイント一覧",
            "Public Wi-Fi access points",
            "digital",
            ["digital"],
            ["Wi-Fi", "無線LAN", "デジタルデバイド"],
            "市の公共施設で利用できる無料公衆無線LAN（Kokubunji Free Wi-Fi）のアクセスポイントです。",
            [("公衆無線LANアクセスポイント一覧（CSV）", std["07"] + ".csv", _csv(*_wifi(rng)), "07")],
            "07",
        ),
        entry(
            "132144-public-internet-terminal",
            "公共インターネット端末設置場所一覧",
            "Public internet terminals",
            "digital",
            ["digital"],
            ["パソコン", "インターネット", "デジタルデバイド", "マイナポータル"],
            "誰でも無料で使えるインターネット端末の設置場所です。支援員のいる場所ではオンライン申請の操作を手伝います。",
            [
                (
                    "公共インターネット端末設置場所一覧（CSV）",
                    std["L01"] + ".csv",
                    _csv(*_terminals(rng)),
                    "L01",
                )
            ],
            "L01",
        ),
        entry(
            "132144-aed-location",
            "AED設置箇所一覧",
            "AED locations",
            "bosai",
            ["bosai", "kenko"],
            ["AED", "救命"],
            "市の施設に設置している自動体外式除細動器（AED）の設置場所です。",
            [("AED設置箇所一覧（CSV）", std["08"] + ".csv", _csv(*_aed(rng)), "08")],
            "08",
        ),
        entry(
            "132144-public-facility",
            "公共施設一覧",
            "Public facilities",
            "johokanri",
            ["kurashi"],
            ["公共施設", "公民館", "図書館"],
            "市役所、公民館、図書館など市の公共施設の一覧です。",
            [("公共施設一覧（CSV）", std["01"] + ".csv", _csv(*_facilities(rng)), "01")],
            "01",
        ),
        entry(
            "132144-population",
            "地域・年齢別人口",
            "Population by area and age",
            "shimin",
            ["tokei"],
            ["人口", "統計", "住民基本台帳"],
            "住民基本台帳に基づく町丁別・年齢階級別の人口です（令和8年1月1日現在）。",
            [("地域・年齢別人口（CSV）", std["04"] + ".csv", _csv(*_population(rng)), "04")],
            "04",
            Frequency.MONTHLY,
        ),
        entry(
            "132144-preschool",
            "子育て施設一覧",
            "Childcare facilities",
            "hoiku",
            ["kosodate"],
            ["保育園", "幼稚園", "子育て"],
            "保育園、認定こども園、幼稚園、子育てひろば、児童館の一覧です。",
            [("子育て施設一覧（CSV）", std["05"] + ".csv", _csv(*_preschool(rng)), "05")],
            "05",
        ),
        entry(
            "132144-event",
            "イベント一覧",
            "Events",
            "kyodo",
            ["kanko"],
            ["イベント", "講座"],
            "市が主催・共催するイベントと講座の予定です。",
            [("イベント一覧（CSV）", std["12"] + ".csv", _csv(*_events(rng)), "12")],
            "12",
            Frequency.MONTHLY,
        ),
        entry(
            "132144-public-toilet",
            "公衆トイレ一覧",
            "Public toilets",
            "johokanri",
            ["kurashi"],
            ["トイレ", "バリアフリー"],
            "公園や駅前の公衆トイレとバリアフリー設備の一覧です。",
            [("公衆トイレ一覧（CSV）", std["13"] + ".csv", _csv(*_toilets(rng)), "13")],
            "13",
        ),
        entry(
            "132144-school",
            "教育機関一覧",
            "Schools",
            "kodomo-shien",
            ["kosodate"],
            ["学校", "小学校", "中学校"],
            "市立小学校・中学校の一覧です。",
            [("教育機関一覧（CSV）", std["24"] + ".csv", _csv(*_schools(rng)), "24")],
            "24",
        ),
        entry(
            "132144-polling-place",
            "投票所一覧",
            "Polling places",
            "somu",
            ["kurashi"],
            ["選挙", "投票所"],
            "選挙の投票区と投票所の一覧です。",
            [
                (
                    "投票所一覧（CSV）",
                    f"{LG}_polling_place.csv",
                    _simple(
                        [
                            "全国地方公共団体コード",
                            "ID",
                            "地方公共団体名",
                            "投票区",
                            "名称",
                            "所在地_連結表記",
                        ],
                        polling,
                    ),
                    "",
                )
            ],
            "27",
        ),
        entry(
            "132144-bicycle-parking",
            "公営駐輪場一覧",
            "Public bicycle parking",
            "johokanri",
            ["kurashi"],
            ["駐輪場", "自転車"],
            "市営の自転車駐車場の収容台数と料金です。",
            [
                (
                    "公営駐輪場一覧（CSV）",
                    f"{LG}_bicycle_parking.csv",
                    _simple(
                        [
                            "全国地方公共団体コード",
                            "ID",
                            "地方公共団体名",
                            "名称",
                            "収容台数",
                            "料金",
                            "所在地_連結表記",
                            "所在地_都道府県",
                            "所在地_市区町村",
                            "所在地_町字",
                            "所在地_番地以下",
                            "緯度",
                            "経度",
                        ],
                        bikes,
                    ),
                    "",
                )
            ],
            "26",
        ),
        entry(
            "132144-baby-station",
            "赤ちゃんの駅一覧",
            "Baby care stations",
            "kodomo-shien",
            ["kosodate"],
            ["赤ちゃんの駅", "授乳", "子育て"],
            "授乳やおむつ替えができる「赤ちゃんの駅」の一覧です。",
            [
                (
                    "赤ちゃんの駅一覧（CSV）",
                    f"{LG}_baby_station.csv",
                    _simple(
                        ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "緯度", "経度", "設備"],
                        baby,
                    ),
                    "",
                )
            ],
            "29",
        ),
        entry(
            "132144-garbage-separation",
            "ゴミの分別方法一覧",
            "Waste separation",
            "shimin-seikatsu",
            ["kurashi"],
            ["ごみ", "分別", "環境"],
            "家庭ごみの分別区分と収集頻度です。",
            [
                (
                    "ゴミの分別方法（CSV）",
                    f"{LG}_garbage_separation.csv",
                    _simple(["分別区分", "主なもの", "収集頻度"], waste),
                    "",
                )
            ],
            "28",
        ),
        entry(
            "132144-care-service",
            "介護サービス事業所一覧",
            "Long-term care service providers",
            "kaigo",
            ["kenko"],
            ["介護", "高齢者"],
            "市内の介護サービス事業所の一覧です。",
            [
                (
                    "介護サービス事業所一覧（CSV）",
                    f"{LG}_care_service.csv",
                    _simple(
                        [
                            "全国地方公共団体コード",
                            "ID",
                            "地方公共団体名",
                            "名称",
                            "サービス種別",
                            "所在地_連結表記",
                            "電話番号",
                        ],
                        care,
                    ),
                    "",
                )
            ],
            "09",
        ),
        entry(
            "132144-medical-institution",
            "医療機関一覧",
            "Medical institutions",
            "kenko",
            ["kenko"],
            ["医療機関", "病院", "診療所"],
            "市内の病院・診療所・歯科診療所の一覧です。",
            [
                (
                    "医療機関一覧（CSV）",
                    f"{LG}_medical_institution.csv",
                    _simple(
                        [
                            "全国地方公共団体コード",
                            "ID",
                            "地方公共団体名",
                            "名称",
                            "診療科目",
                            "所在地_連結表記",
                            "電話番号",
                        ],
                        clinics,
                    ),
                    "",
                )
            ],
            "10",
        ),
        entry(
            "132144-cultural-property",
            "文化財一覧",
            "Cultural properties",
            "kyodo",
            ["kanko"],
            ["文化財", "史跡", "武蔵国分寺"],
            "国・都・市が指定・登録した市内の文化財です。",
            [
                (
                    "文化財一覧（CSV）",
                    f"{LG}_cultural_property.csv",
                    _simple(
                        ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "種別", "所在地"], heritage
                    ),
                    "",
                )
            ],
            "02",
        ),
        entry(
            "132144-disaster-radio",
            "防災行政無線設置一覧",
            "Disaster radio loudspeakers",
            "bosai",
            ["bosai"],
            ["防災行政無線", "防災"],
            "防災行政無線の屋外拡声子局の設置場所です。",
            [
                (
                    "防災行政無線設置一覧（CSV）",
                    f"{LG}_disaster_radio.csv",
                    _simple(
                        ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "緯度", "経度"], radio
                    ),
                    "",
                )
            ],
            "23",
        ),
        entry(
            "132144-population-by-town-pdf",
            "町丁別人口と世帯数（統計こくぶんじ）",
            "Population and households by town (statistics)",
            "shimin",
            ["tokei"],
            ["人口", "世帯", "統計"],
            "「統計こくぶんじ」掲載の町丁別人口と世帯数です。PDFから変換したCSVを併せて掲載しています。",
            [
                (
                    "町丁別人口と世帯数（PDF）",
                    "population_by_town.pdf",
                    SAMPLE_PDF.read_bytes() if SAMPLE_PDF.exists() else b"%PDF-1.4\n",
                    "",
                ),
                ("町丁別人口と世帯数（CSV・PDFから変換）", "population_by_town.csv", _population_csv(), ""),
            ],
        ),
        entry(
            "132144-budget",
            "一般会計予算（歳入）",
            "General account budget (revenue)",
            "seisaku",
            ["tokei"],
            ["予算", "財政"],
            "一般会計予算の歳入を款別にまとめたものです（Excel形式）。",
            [("一般会計予算 歳入（Excel）", "budget_revenue.xlsx", _xlsx(budget[0], budget[1:]), "")],
            "",
            Frequency.ANNUAL,
            License.GOV_STD_20,
        ),
        entry(
            "132144-citizen-survey",
            "市民意識調査 結果（窓口・デジタル）",
            "Citizen survey results (counters and digital)",
            "digital",
            ["digital", "tokei"],
            ["市民意識調査", "アンケート", "デジタル"],
            "市民意識調査のうち窓口サービスとデジタル化に関する設問の集計結果です（回答割合%）。",
            [("市民意識調査 集計（Excel）", "citizen_survey.xlsx", _xlsx(survey[0], survey[1:]), "")],
        ),
        entry(
            "132144-digital-plan",
            "国分寺市行政デジタル化推進計画",
            "Kokubunji digital administration plan",
            "digital",
            ["digital"],
            ["計画", "DX", "デジタル化"],
            "令和4年6月に策定した行政デジタル化推進計画の本文です（PDF）。",
            [
                (
                    "行政デジタル化推進計画（PDF）",
                    "digital_plan.pdf",
                    SAMPLE_PDF.read_bytes() if SAMPLE_PDF.exists() else b"%PDF-1.4\n",
                    "",
                )
            ],
            "",
            Frequency.IRREGULAR,
        ),
        entry(
            "132144-wifi-usage",
            "公衆無線LAN 月別利用回数",
            "Public Wi-Fi monthly sessions",
            "digital",
            ["digital", "tokei"],
            ["Wi-Fi", "利用状況", "統計"],
            "市の公衆無線LANの施設別・月別の接続回数です。",
            [
                (
                    "月別利用回数（CSV）",
                    "wifi_usage.csv",
                    _simple(
                        ["年月", "施設", "接続回数"],
                        [
                            [f"2025-{m:02d}", n, str(rng.randint(300, 4000))]
                            for m in range(4, 13)
                            for n, _t, _a in WIFI[:5]
                        ],
                    ),
                    "",
                )
            ],
            "",
            Frequency.MONTHLY,
        ),
        entry(
            "132144-opendata-list",
            "オープンデータ一覧",
            "Open data list",
            "digital",
            ["digital"],
            ["オープンデータ", "カタログ"],
            "市が公開しているオープンデータの一覧です（このカタログのDCAT・CKAN APIからも取得できます）。",
            [("オープンデータ一覧（DCAT Turtle）", "", b"", "")],
            "06",
            Frequency.MONTHLY,
        ),
    ]


def _population_csv() -> bytes:
    """The CSV converted from the sample statistics PDF (its table is defined beside it)."""
    try:
        from .tests.data.make_sample_pdf import EXPECTED_HEADER, EXPECTED_ROWS
    except ImportError:  # an install without the tests: the converted table is not available
        return tables.write_csv(["町名"], []).encode("utf-8")
    return tables.write_csv(EXPECTED_HEADER, EXPECTED_ROWS).encode("utf-8")


def load(say) -> None:
    from . import services

    for code, title, title_en in GROUPS:
        Group.objects.update_or_create(name=code, defaults={"title": title, "title_en": title_en})
    rng = random.Random(132144)
    entries = catalog(rng)
    created = 0
    for item in entries:
        if Dataset.objects.filter(name=item["name"]).exists():
            continue
        organization = (
            Department.objects.filter(code=item.pop("organization")).first() or Department.objects.first()
        )
        if organization is None:
            say("オープンデータ: 部署がありません（core の読み込みが先です）")
            return
        resources = item.pop("resources")
        dataset = services.create_dataset(
            by=None,
            organization=organization,
            name=item.pop("name"),
            title=item.pop("title"),
            tags=item.pop("tags"),
            groups=item.pop("groups"),
            is_demo=True,
            contact_name=organization.name,
            contact_email="opendata@city.kokubunji.example.jp",
            temporal_start=datetime.date(2025, 4, 1),
            **item,
        )
        for name, filename, content, standard_type in resources:
            if filename:
                services.add_resource(
                    dataset,
                    by=None,
                    name=name,
                    content=content,
                    filename=filename,
                    standard_type=standard_type,
                )
            else:
                services.add_resource(
                    dataset,
                    by=None,
                    name=name,
                    url="https://city.kokubunji.example.jp/catalog.ttl",
                    format="TTL",
                    standard_type="",
                )
        services.publish(dataset, by=None)
        created += 1
    Dataset.objects.filter(is_demo=True, published_at__isnull=True).update(published_at=timezone.now())
    say(
        f"オープンデータ: データセット {Dataset.objects.filter(is_demo=True).count()} 件（今回追加 {created} 件）"
    )
