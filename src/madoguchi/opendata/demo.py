"""The demo catalog: 26 datasets of the fictional-but-plausible 国分寺市 (132144), across the
standard types, including public Wi-Fi spots and public internet terminals (plan 1-エ) on a map.
Values are invented; coordinates sit inside the city. Idempotent: existing datasets are kept.

The catalog is data, not code: `data/demo/catalog.json` lists the groups and the datasets with
their resources, each resource a file under `data/demo/resources/` (published as `file`; read
from `source` when two resources share one file; built as Excel from the JSON `table`), or a link
(`url` and `format`).
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

from django.utils import timezone

from madoguchi.core.models import Department

from . import services
from .models import Dataset, Group

DATA = Path(__file__).resolve().parent / "data" / "demo"
RESOURCES = DATA / "resources"


def catalog() -> dict:
    with (DATA / "catalog.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def _xlsx(header: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook  # heavy: only when the demo is loaded, as in tables and conversion

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def resource_content(item: dict) -> bytes:
    """The bytes of a file resource of the catalog."""
    if "table" in item:
        table = json.loads((RESOURCES / item["table"]).read_text(encoding="utf-8"))
        return _xlsx(table["header"], table["rows"])
    return (RESOURCES / item.get("source", item["file"])).read_bytes()


def _add_resource(dataset: Dataset, item: dict) -> None:
    if "file" in item:
        services.add_resource(
            dataset,
            by=None,
            name=item["name"],
            content=resource_content(item),
            filename=item["file"],
            standard_type=item.get("standard_type", ""),
        )
    else:
        services.add_resource(
            dataset, by=None, name=item["name"], url=item["url"], format=item["format"], standard_type=""
        )


def load(say) -> None:
    data = catalog()
    for group in data["groups"]:
        Group.objects.update_or_create(
            name=group["name"], defaults={"title": group["title"], "title_en": group["title_en"]}
        )
    temporal_start = datetime.date.fromisoformat(data["temporal_start"])
    created = 0
    for item in data["datasets"]:
        if Dataset.objects.filter(name=item["name"]).exists():
            continue
        organization = (
            Department.objects.filter(code=item["organization"]).first() or Department.objects.first()
        )
        if organization is None:
            say("オープンデータ: 部署がありません（core の読み込みが先です）")
            return
        fields = {k: v for k, v in item.items() if k not in {"organization", "resources", "name", "title"}}
        dataset = services.create_dataset(
            by=None,
            organization=organization,
            name=item["name"],
            title=item["title"],
            is_demo=True,
            contact_name=organization.name,
            contact_email=data["contact_email"],
            temporal_start=temporal_start,
            **fields,
        )
        for resource in item["resources"]:
            _add_resource(dataset, resource)
        services.publish(dataset, by=None)
        created += 1
    Dataset.objects.filter(is_demo=True, published_at__isnull=True).update(published_at=timezone.now())
    say(
        f"オープンデータ: データセット {Dataset.objects.filter(is_demo=True).count()} 件（今回追加 {created} 件）"
    )
    load_requests(say)
    load_showcases(say)


# Data requests and collaborations (plan 3-ウ): what residents and businesses asked for, the
# departments' answers, and the studies held with partners. Invented; keyed by title.
REQUESTS = [
    {
        "title": "AED設置場所の一覧（位置情報付き）",
        "description": "市内の公共施設・民間施設のAED設置場所と、利用できる時間帯。緯度・経度があると助かります。",
        "purpose": "救命講習で使う地図アプリに表示したい。",
        "preferred_format": "CSV",
        "requester_kind": "civic_tech",
        "organisation_name": "Code for 国分寺（架空）",
        "department": "bosai",
        "answer": (
            "published",
            "132144-aed-location",
            "標準データセット「AED設置箇所一覧」として公開しました。",
        ),
    },
    {
        "title": "町丁別・年齢5歳階級別の人口（毎月）",
        "description": "町丁ごとの年齢5歳階級別人口を毎月。過去5年分。",
        "purpose": "店舗の出店計画と、地域の子育て支援団体の活動計画に使いたい。",
        "preferred_format": "CSV",
        "requester_kind": "business",
        "organisation_name": "国分寺まちづくり商会（架空）",
        "department": "shimin",
        "answer": (
            "planned",
            "令和7年度中",
            "住民記録システムの標準化に合わせて、毎月の公開を準備しています。",
        ),
    },
    {
        "title": "保育所の空き状況",
        "description": "保育所・認定こども園ごと、年齢クラスごとの空き人数。",
        "purpose": "転入を考えている家族向けの情報サイトで紹介したい。",
        "preferred_format": "JSON",
        "requester_kind": "resident",
        "department": "hoiku",
        "answer": None,
    },
    {
        "title": "個人ごとの市税の納付状況",
        "description": "納税者ごとの納付状況。",
        "purpose": "研究に使いたい。",
        "preferred_format": "any",
        "requester_kind": "research",
        "department": "kaikei",
        "answer": (
            "refused",
            "",
            "個人が特定される情報のため公開できません。市税の収納率などの統計は「市の予算・決算」で公開しています。",
        ),
    },
]
COLLABORATIONS = [
    {
        "title": "AEDマップの共同作成に向けた検討会",
        "partner": "Code for 国分寺（架空）",
        "partner_kind": "civic_tech",
        "department": "bosai",
        "days_ago": 40,
        "summary": "要望のあったAED設置場所のデータ項目と更新方法を確認し、標準データセットで公開することとした。",
        "requests": ["AED設置場所の一覧（位置情報付き）"],
    },
    {
        "title": "地域の人口データ活用についての意見交換",
        "partner": "国分寺まちづくり商会（架空）",
        "partner_kind": "business",
        "department": "kyodo",
        "days_ago": 20,
        "summary": "町丁別人口の公開形式（CSV、毎月更新）と、商店会での活用方法を意見交換した。",
        "requests": ["町丁別・年齢5歳階級別の人口（毎月）"],
    },
]


def load_requests(say) -> None:
    from .models import Collaboration, DataRequest

    departments = {d.code: d for d in Department.objects.all()}
    fallback = Department.objects.order_by("code").first()
    if fallback is None:
        return
    added = 0
    for item in REQUESTS:
        if DataRequest.objects.filter(title=item["title"], is_demo=True).exists():
            continue
        fields = {k: v for k, v in item.items() if k not in {"department", "answer"}}
        data_request = services.submit_data_request(
            by=None, department=departments.get(item["department"], fallback), is_demo=True, **fields
        )
        if item["answer"]:
            status, detail, answer = item["answer"]
            dataset = Dataset.objects.filter(name=detail).first() if status == "published" else None
            if status == "published" and dataset is None:
                continue  # the dataset is not in this catalog: leave the request open
            services.answer_data_request(
                data_request,
                by=None,
                status=status,
                answer=answer,
                dataset=dataset,
                planned_for=detail if status == "planned" else "",
            )
        added += 1
    for item in COLLABORATIONS:
        if Collaboration.objects.filter(title=item["title"], is_demo=True).exists():
            continue
        services.record_collaboration(
            by=None,
            department=departments.get(item["department"], fallback),
            title=item["title"],
            partner=item["partner"],
            partner_kind=item["partner_kind"],
            held_on=timezone.localdate() - datetime.timedelta(days=item["days_ago"]),
            summary=item["summary"],
            data_requests=DataRequest.objects.filter(title__in=item["requests"], is_demo=True),
            is_demo=True,
        )
        added += 1
    say(f"オープンデータ: データ公開の要望・連携の記録 {added} 件を追加")


# 活用事例: what re-users built with the data (fictional, on example.jp), approved by the system
SHOWCASES = [
    {
        "title": "国分寺 AED・避難場所マップ（架空）",
        "url": "https://example.jp/kokubunji-aed-map",
        "kind": "app",
        "description": "AEDの設置箇所と指定緊急避難場所を地図に重ねて表示するスマートフォン向けアプリです。",
        "author": "Code for 国分寺（架空）",
        "datasets": ["132144-aed-location", "132144-evacuation-space"],
    },
    {
        "title": "町丁別人口の推移を見える化（架空）",
        "url": "https://example.jp/kokubunji-population-viz",
        "kind": "visualization",
        "description": "地域・年齢別人口のCSVから、町丁ごとの年齢構成をグラフで比べられるページです。",
        "author": "国分寺まちづくり商会（架空）",
        "datasets": ["132144-population"],
    },
]


def load_showcases(say) -> None:
    from .models import Showcase

    published = set(Dataset.objects.filter(state=Dataset.State.PUBLISHED).values_list("name", flat=True))
    added = 0
    for item in SHOWCASES:
        if Showcase.objects.filter(url=item["url"]).exists() or not set(item["datasets"]) <= published:
            continue
        showcase = services.submit_showcase(by=None, submitter_email="demo@example.jp", is_demo=True, **item)
        services.approve_showcase(showcase, by=None)
        added += 1
    say(f"オープンデータ: 活用事例 {added} 件を追加")
