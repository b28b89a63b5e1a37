"""Load a plan from its JSON file (`madoguchi plan load [FILE]`, and the demo). Idempotent.

The JSON holds the plan as published; what the plan does not say is decided here:

- ``OWNER_DEPARTMENTS``: the department codes (core.demo) owning each initiative. The 2022 plan
  names no owners; these follow what each initiative's text implies. Unknown codes are skipped, so
  a city with other department codes loads the plan and assigns owners in the back office.

Which indicators are computed is not decided here: an app that can compute one registers
``@metric("<indicator key>")`` in its metrics.py (see `pdca.metrics`), and the indicator follows.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from madoguchi.core.models import Department

from .models import Indicator, Initiative, Plan, Policy, ScheduleEntry, Target

DEFAULT_PLAN_FILE = Path(__file__).resolve().parent / "data" / "kokubunji-plan-2022.json"

OWNER_DEPARTMENTS: dict[str, list[str]] = {
    "BPR": ["digital"],  # 全庁の業務改革: デジタル行政推進室 が取りまとめ
    "1-ア": ["digital"],  # 行政手続のオンライン化
    "1-イ": ["shimin"],  # マイナンバーカードの交付は市民課
    "1-ウ": ["shimin"],  # 新庁舎の窓口サービス
    "1-エ": ["digital", "kyodo"],  # 講習会・地域での支援
    "2-ア": ["johokanri"],  # 基幹系システムの標準化・共通化
    "2-イ": ["digital"],  # AI・RPA
    "2-ウ": ["digital", "shokuin"],  # オンライン会議・テレワーク（勤務制度は職員課）
    "3-ア": ["kyodo"],  # 市民参加
    "3-イ": ["digital"],  # オープンデータ
    "3-ウ": ["digital", "seisaku"],  # データ活用・EBPM
    "4-ア": ["johokanri"],  # 情報セキュリティ
    "4-イ": ["johokanri", "shokuin"],  # 職員研修
    "5": ["digital", "shokuin"],  # 推進体制・研修
}

KANA_SLUGS = {"ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka"}


def initiative_slug(code: str) -> str:
    """1-ア → 1-a, BPR → bpr: ASCII for URLs."""
    return "".join(KANA_SLUGS.get(ch, ch) for ch in code).lower()


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _upsert(model, existing: dict, key, lookup: dict, defaults: dict):
    """Create, or update only the fields that differ (a rerun writes nothing)."""
    obj = existing.get(key)
    if obj is None:
        obj = model.objects.create(**lookup, **defaults)
        existing[key] = obj
        return obj
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save(update_fields=changed)
    return obj


def read_plan_file(path: str | Path | None = None) -> dict:
    with open(path or DEFAULT_PLAN_FILE, encoding="utf-8") as f:
        return json.load(f)


@transaction.atomic
def load_plan(data: dict | None = None, *, say: Callable[[str], None] = lambda line: None) -> Plan:
    """Create or update the plan, its policies, initiatives, schedules, indicators and targets.

    Values and reviews entered by staff are never touched."""
    data = data if data is not None else read_plan_file()
    info = data["plan"]
    code = info.get("code") or f"{info.get('municipality_code', 'plan')}-{info['period_start_fy']}"
    published = info.get("published")
    plan, _ = Plan.objects.update_or_create(
        code=code,
        defaults={
            "name": info["name"],
            "name_en": info.get("name_en", ""),
            "municipality_code": info.get("municipality_code", ""),
            "period_start_fy": info["period_start_fy"],
            "period_end_fy": info["period_end_fy"],
            "published": datetime.date.fromisoformat(published) if published else None,
            "summary": info.get("summary", ""),
            "summary_en": info.get("summary_en", ""),
        },
    )
    Plan.objects.exclude(pk=plan.pk).filter(is_current=True).update(is_current=False)
    if not plan.is_current:
        plan.is_current = True
        plan.save(update_fields=["is_current"])

    policies = {}
    for item in data["policies"]:
        policies[item["number"]], _ = Policy.objects.update_or_create(
            plan=plan,
            number=item["number"],
            defaults={
                "title": item["title"],
                "title_en": item.get("title_en", ""),
                "description": item.get("description", ""),
                "description_en": item.get("description_en", ""),
            },
        )

    departments = {d.code: d for d in Department.objects.all()}
    initiatives = {i.code: i for i in plan.initiatives.all()}
    schedule = {
        (e.initiative_id, e.fiscal_year): e for e in ScheduleEntry.objects.filter(initiative__plan=plan)
    }
    indicators = {(i.initiative_id, i.key): i for i in Indicator.objects.filter(initiative__plan=plan)}
    targets = {
        (t.indicator_id, t.fiscal_year): t for t in Target.objects.filter(indicator__initiative__plan=plan)
    }
    indicator_count = 0
    for order, item in enumerate(data["initiatives"]):
        initiative = _upsert(
            Initiative,
            initiatives,
            item["code"],
            {"plan": plan, "code": item["code"]},
            {
                "policy": policies.get(item.get("policy")),
                "slug": initiative_slug(item["code"]),
                "title": item["title"],
                "title_en": item.get("title_en", ""),
                "direction": item.get("direction", ""),
                "direction_en": item.get("direction_en", ""),
                "goal_period": item.get("goal_period", ""),
                "goal_future": item.get("goal_future", ""),
                "current_state": item.get("current_state", ""),
                "issues": item.get("issues", ""),
                "actions": item.get("actions", []),
                "references": item.get("references", []),
                "process": item.get("process", []),
                "sort_order": order * 10,
            },
        )
        owners = item.get("owner_departments") or OWNER_DEPARTMENTS.get(item["code"], [])
        initiative.owner_departments.set([departments[c] for c in owners if c in departments])
        for row in item.get("schedule", []):
            note = row.get("note", "")
            _upsert(
                ScheduleEntry,
                schedule,
                (initiative.pk, row["fiscal_year"]),
                {"initiative": initiative, "fiscal_year": row["fiscal_year"]},
                {
                    "phase": row.get("phase", ""),
                    "tracks": row.get("tracks", []),
                    "note": note,
                    "onward": "以降" in note or "～」" in note,
                },
            )
        for position, ind in enumerate(item.get("indicators", [])):
            indicator = _upsert(
                Indicator,
                indicators,
                (initiative.pk, ind["key"]),
                {"initiative": initiative, "key": ind["key"]},
                {
                    "kind": ind["kind"],
                    "name": ind["name"],
                    "name_en": ind.get("name_en", ""),
                    "unit": ind.get("unit", ""),
                    "direction": ind.get("direction", "higher"),
                    "baseline": _decimal(ind.get("baseline")),
                    "note": ind.get("note", ""),
                    # the plan file may point an indicator at a metric of another code
                    "metric_code": ind.get("metric", ""),
                    "metric_scope": ind.get("metric_scope", {}),
                    "sort_order": position * 10,
                },
            )
            for target in ind.get("targets", []):
                _upsert(
                    Target,
                    targets,
                    (indicator.pk, target["fiscal_year"]),
                    {"indicator": indicator, "fiscal_year": target["fiscal_year"]},
                    {"value": _decimal(target.get("value")), "text": target.get("text", "")},
                )
            indicator_count += 1
    say(
        f"計画: {plan.name}（推進方針 {len(policies)}、取組 {len(data['initiatives'])}、指標 {indicator_count}）"
    )
    return plan
