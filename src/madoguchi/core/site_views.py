"""The site's own pages: サイト内検索, and the footer's プライバシーポリシー, 利用規約,
アクセシビリティ方針 and お問い合わせ (written for the city in `Municipality`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import Department
from .search import HEADINGS, MAX_QUERY, Found, Query, SearchHit, SearchSource, ranked, search_sources
from .search import site_search as run_search

PER_GROUP = 5  # hits per kind on the results page; ?kind= shows up to ALL_OF_KIND of one kind
ALL_OF_KIND = 50


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@require_GET
def search(request):
    """GET /search/?q=…[&kind=…]: every kind of result, grouped, with counts; nothing found offers
    the assistant and the catalogs instead."""
    text = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    kind = request.GET.get("kind", "")
    if kind not in search_sources:
        kind = ""
    groups = run_search(text, limit=ALL_OF_KIND if kind else PER_GROUP, only=kind) if text else []
    total = sum(group.count for group in groups)
    more = {}
    for group in groups:
        if group.count > len(group.hits):
            more[group.code] = "?" + urlencode({"q": text, "kind": group.code})
        elif group.source.more_url:
            more[group.code] = group.source.more_url(text)
    assistant = _url("assistant:ask")
    return render(
        request,
        "core/site/search.html",
        {
            "crumbs": _crumbs(_("サイト内検索")),
            "query": text,
            "kind": kind,
            "kind_title": search_sources.get(kind).title if kind else "",
            "groups": [(group, more.get(group.code, "")) for group in groups],
            "total": total,
            "assistant_url": assistant + "?" + urlencode({"q": text}) if assistant and text else assistant,
            "procedures_url": _url("procedures:list"),
            "lifeevents_url": _url("lifeevents:index"),
            "opendata_url": _url("opendata:index"),
        },
    )


def _crumbs(title) -> list[tuple[str, str]]:
    return [(title, "")]


@require_GET
def privacy_policy(request):
    return render(
        request,
        "core/site/privacy.html",
        {
            "crumbs": _crumbs(_("プライバシーポリシー")),
            "my_records_url": _url("privacy:my_records"),
            "register_url": _url("privacy:register"),
        },
    )


@require_GET
def terms(request):
    return render(
        request,
        "core/site/terms.html",
        {"crumbs": _crumbs(_("利用規約")), "privacy_url": reverse("core:privacy_policy")},
    )


VERSIONS = Path(__file__).resolve().parent / "static" / "core" / "vendor" / "VERSIONS"


@functools.cache
def axe_version() -> str:
    """The axe-core the accessibility tests run (scripts/frontend.sh pins it in VERSIONS)."""
    try:
        lines = VERSIONS.read_text(encoding="utf-8").split()
    except OSError:
        return ""
    return next((line.rpartition("@")[2] for line in lines if line.startswith("axe-core@")), "")


@require_GET
def accessibility(request):
    return render(
        request,
        "core/site/accessibility.html",
        {
            "crumbs": _crumbs(_("アクセシビリティ方針")),
            "contact_url": reverse("core:contact"),
            "axe_version": axe_version(),
        },
    )


@dataclass(frozen=True)
class Desk:
    """One department on the contact page: its name (and whether it is shown in Japanese because
    the city holds no name in the reader's language), phone and e-mail."""

    name: str
    japanese: bool
    phone: str
    email: str


def _desk(department: Department) -> Desk:
    name = department.localized_name()
    language = translation.get_language() or "ja"
    return Desk(
        name, not language.startswith("ja") and name == department.name, department.phone, department.email
    )


@require_GET
def contact(request):
    """お問い合わせ: the city hall, then each division under its department, with phone and e-mail."""
    departments = list(Department.objects.select_related("parent").order_by("sort_order", "code"))
    sections: list[tuple[Desk | None, list[Desk]]] = []
    by_parent: dict[int | None, list[Department]] = {}
    for department in departments:
        if department.kind != Department.Kind.BU and (department.phone or department.email):
            by_parent.setdefault(department.parent_id, []).append(department)
    for department in departments:
        if department.pk in by_parent:
            sections.append((_desk(department), [_desk(d) for d in by_parent[department.pk]]))
    if None in by_parent:
        sections.append((None, [_desk(d) for d in by_parent[None]]))
    return render(
        request,
        "core/site/contact.html",
        {
            "crumbs": _crumbs(_("お問い合わせ")),
            "sections": sections,
            "assistant_url": _url("assistant:ask"),
            "reserve_url": _url("counter:reserve"),
            "waits_url": _url("counter:waits"),
            "my_records_url": _url("privacy:my_records"),
        },
    )


# --- these pages in the site search ---------------------------------------------------------------


@dataclass(frozen=True)
class SitePage:
    title: str  # lazy
    url_name: str
    summary: str  # lazy
    keywords: str = ""  # Japanese and English words people search for, not shown


SITE_PAGES = (
    SitePage(
        _("プライバシーポリシー"),
        "core:privacy_policy",
        _("市がこのサイトで集める個人情報、その利用目的、クッキー、安全管理、開示請求の方法。"),
        "個人情報 個人情報保護 クッキー cookie 開示請求 訂正 利用停止 privacy personal data",
    ),
    SitePage(
        _("利用規約"),
        "core:terms",
        _("オンライン申請・予約・参加などのサービスを利用するときの約束ごと。"),
        "規約 免責 利用条件 オンライン申請 terms of use",
    ),
    SitePage(
        _("アクセシビリティ方針"),
        "core:accessibility",
        _("JIS X 8341-3:2016 の適合レベルAAを目標とする方針と、試験の結果。"),
        "アクセシビリティ 障害 読み上げ 文字サイズ jis wcag accessibility",
    ),
    SitePage(
        _("お問い合わせ"),
        "core:contact",
        _("担当課の電話番号とメールアドレス、開庁時間、質問する方法。"),
        "問い合わせ 問合せ 電話番号 連絡先 担当課 開庁時間 窓口 contact phone",
    ),
)


def _page_fields(page: SitePage) -> tuple:
    with translation.override("ja"):
        title, summary = str(page.title), str(page.summary)
    return ((str(page.title), 3), (title, 3), (page.keywords, 2), (str(page.summary), 1), (summary, 1))


def _page_hit(page: SitePage, score: float) -> SearchHit:
    return SearchHit(
        title=str(page.title), url=reverse(page.url_name), summary=str(page.summary), score=score
    )


def find_pages(query: Query, limit: int) -> Found:
    return ranked(SITE_PAGES, lambda page: query.score(*_page_fields(page)), _page_hit, limit)


PAGES_SOURCE = SearchSource(code="pages", title=HEADINGS["pages"], find=find_pages, order=90)
