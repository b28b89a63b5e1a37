"""The plan's open data indicators (3-イ), the public Wi-Fi and terminal figures (1-エ) and the
My Number card issuance rate (1-イ), computed from the catalog.

- 1-エ 公衆無線LANの設置拠点数 / インターネット端末等の設置数: the rows of the city's published
  lists in the standard formats 07 (公衆無線LANアクセスポイント一覧) and L01 (公共インターネット
  端末設置場所一覧): the catalog *is* the register of sites, so the figure cannot drift from it.
  The lists hold today's sites: a past 年度 shows the list as published by that 年度's end.
- 1-エ 公共施設設置インターネット端末等の利用者数 and 1-イ マイナンバーカードの交付率: the monthly
  statistics the city publishes in its own schemas L02 (terminal users per site and month) and L03
  (cards issued and the registered population at each month's end, from the J-LIS figures).
- 3-イ 新規／既存のオープンデータ化: datasets first published in the 年度 in an open,
  machine-readable format (★3 or more), and statistics files converted to CSV (conversion jobs)
  in the 年度.
- 3-ウ 優先的に公開すべき情報の調査に基づく連携、協働検討数: data requests the department took up
  (first answered 公開予定 or 公開済み in the 年度) plus the collaborations it recorded (held in the
  年度).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from madoguchi.core.japanese.fiscal import fiscal_year_bounds_utc, fiscal_year_range
from madoguchi.core.japanese.jst import to_jst_date
from madoguchi.core.models import Event
from madoguchi.pdca.metrics import Record, metric

from .events import Verb
from .models import Collaboration, ConversionJob, DataRequest, Dataset, DatasetUsage, DatastoreRow, Resource
from .services.finder import cell_int as _int  # an unreadable cell counts for nothing

WIFI = "07"
TERMINALS = "L01"
TERMINAL_USERS = "L02"
CARD_ISSUANCE = "L03"


def _published_by(fiscal_year: int):
    _start, end = fiscal_year_bounds_utc(fiscal_year)
    return Dataset.objects.filter(state=Dataset.State.PUBLISHED, published_at__lt=end)


def stars_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    qs = _published_by(fiscal_year)
    return {f"★{n}": qs.filter(stars=n).count() for n in range(1, 6)}


@metric(
    "opendata.datasets",
    name=_("オープンデータのデータセット数"),
    unit="件",
    definition=_("年度末までに公開され、公開中のデータセットの数。5つ星の段階別の内訳付き。"),
    breakdown=stars_breakdown,
)
def dataset_count(fiscal_year: int, scope: dict | None = None) -> int:
    """Datasets published by the end of the fiscal year (and still published)."""
    qs = _published_by(fiscal_year)
    if scope and scope.get("organization"):
        qs = qs.filter(organization__code=scope["organization"])
    return qs.count()


@metric(
    "opendata.machine_readable_share",
    name=_("機械判読可能なデータセットの割合（★3以上）"),
    unit="%",
    definition=_(
        "公開中のデータセットのうち、5つ星オープンデータで★3以上（CSVなどオープンな形式）のものの割合。"
    ),
    breakdown=stars_breakdown,
)
def share_three_stars(fiscal_year: int, scope: dict | None = None) -> float | None:
    qs = _published_by(fiscal_year)
    total = qs.count()
    if not total:
        return None
    return 100 * qs.filter(stars__gte=3).count() / total


def _usage_in(fiscal_year: int):
    start, end = fiscal_year_range(fiscal_year)
    return DatasetUsage.objects.filter(month__gte=start.replace(day=1), month__lte=end.replace(day=1))


def _per_dataset(fiscal_year: int, column: str) -> dict[str, int]:
    rows = (
        _usage_in(fiscal_year)
        .values("dataset__title")
        .annotate(n=Sum(column))
        .filter(n__gt=0)
        .order_by("-n", "dataset__title")[:20]
    )
    return {row["dataset__title"]: row["n"] for row in rows}


def downloads_per_dataset(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    return _per_dataset(fiscal_year, "downloads")


@metric(
    "opendata.downloads",
    name=_("オープンデータのダウンロード数"),
    unit="回",
    definition=_("年度内にオープンデータのリソースがダウンロードされた回数。データセット別の内訳付き。"),
    breakdown=downloads_per_dataset,
)
def downloads(fiscal_year: int, scope: dict | None = None) -> int:
    return _usage_in(fiscal_year).aggregate(n=Sum("downloads"))["n"] or 0


def api_calls_per_dataset(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    return _per_dataset(fiscal_year, "api_calls")


@metric(
    "opendata.api_calls",
    name=_("オープンデータのAPI利用回数"),
    unit="回",
    definition=_(
        "年度内にCKAN API（package_show、resource_show、datastore_search など）が公開中のデータセットを返した回数。"
        "データセット別の内訳付き。"
    ),
    breakdown=api_calls_per_dataset,
)
def api_calls(fiscal_year: int, scope: dict | None = None) -> int:
    return _usage_in(fiscal_year).aggregate(n=Sum("api_calls"))["n"] or 0


# --- 1-エ: public Wi-Fi sites and internet terminals, from the city's own published lists ---------


def _standard_rows(fiscal_year: int, standard: str) -> list[tuple[Dataset, dict]]:
    """The rows of each dataset published by the 年度's end, newest resource in ``standard``."""
    return _rows_of(_published_by(fiscal_year), standard)


def _rows_of(datasets, standard: str) -> list[tuple[Dataset, dict]]:
    """The rows of each of ``datasets``' newest resource in ``standard`` (datastore)."""
    rows = []
    for dataset in datasets.filter(resources__standard_type=standard).distinct().order_by("published_at"):
        resource = (
            Resource.objects.filter(dataset=dataset, standard_type=standard, datastore_active=True)
            .order_by("-last_modified", "-pk")
            .first()
        )
        if resource is not None:
            data = (
                DatastoreRow.objects.filter(resource=resource)
                .order_by("number")
                .values_list("data", flat=True)
            )
            rows += [(dataset, row) for row in data]
    return rows


def _sites(fiscal_year: int, standard: str) -> dict[str, int]:
    """名称 → rows (sites listed twice, in two datasets, count once)."""
    sites: dict[str, int] = {}
    for _dataset, row in _standard_rows(fiscal_year, standard):
        name = str(row.get("名称") or "").strip()
        if name:
            sites[name] = sites.get(name, 0) + 1
    return sites


def _site_records(standard: str):
    def records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
        return [
            Record(
                label=f"{dataset.title}: {row.get('名称', '')}",
                month=to_jst_date(dataset.published_at).strftime("%Y-%m"),
                department=dataset.organization.name if dataset.organization_id else "",
            )
            for dataset, row in _standard_rows(fiscal_year, standard)
            if dataset.published_at is not None  # always: the query keeps published datasets
        ]

    return records


@metric(
    "public-wifi-sites",
    unit="か所",
    definition=_(
        "市が公開している「公衆無線LANアクセスポイント一覧」（自治体標準オープンデータセット07）の"
        "年度末時点の掲載拠点数（名称で数え、同じ拠点は1か所）。"
    ),
    plan_wording="公衆無線LANの設置拠点数",
    drill=_site_records(WIFI),
)
def wifi_sites(fiscal_year: int, scope: dict | None = None) -> int | None:
    sites = _sites(fiscal_year, WIFI)
    return len(sites) if sites else None


def _terminals(fiscal_year: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _dataset, row in _standard_rows(fiscal_year, TERMINALS):
        name = str(row.get("名称") or "").strip()
        try:
            number = int(row.get("設置台数") or 0)
        except (TypeError, ValueError):
            number = 0  # validation reports the cell; an unreadable count adds nothing
        if name:
            counts[name] = counts.get(name, 0) + number
    return counts


def terminals_per_site(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    return _terminals(fiscal_year)


@metric(
    "public-terminal-count",
    unit="台",
    definition=_(
        "市が公開している「公共インターネット端末設置場所一覧」（L01）の年度末時点の設置台数の合計。設置場所別の内訳付き。"
    ),
    plan_wording="公共施設におけるインターネット端末等の設置数",
    breakdown=terminals_per_site,
    drill=_site_records(TERMINALS),
)
def terminal_count(fiscal_year: int, scope: dict | None = None) -> int | None:
    counts = _terminals(fiscal_year)
    return sum(counts.values()) if counts else None


# --- 1-エ / 1-イ: monthly statistics the city publishes (L02, L03) ---------------------------------


def _monthly(fiscal_year: int, standard: str, key: tuple[str, ...]) -> dict[tuple, tuple[Dataset, dict]]:
    """Rows of the 年度's months (年月 YYYY-MM, April–March) from every published dataset in
    ``standard`` — published at any time, since March's figures come out after the year ends. A row
    repeated in a later dataset (same ``key`` columns) replaces the earlier one."""
    months = {
        f"{y:04d}-{m:02d}"
        for y, m in [(fiscal_year, m) for m in range(4, 13)] + [(fiscal_year + 1, m) for m in range(1, 4)]
    }
    found: dict[tuple, tuple[Dataset, dict]] = {}
    published = Dataset.objects.filter(state=Dataset.State.PUBLISHED)
    for dataset, row in _rows_of(published, standard):
        if str(row.get("年月") or "") in months:
            found[tuple(str(row.get(k) or "").strip() for k in key)] = (dataset, row)
    return found


def _terminal_uses(fiscal_year: int) -> dict[tuple, tuple[Dataset, dict]]:
    return _monthly(fiscal_year, TERMINAL_USERS, ("名称", "年月"))


def terminal_users_per_site(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    per_site: dict[str, int] = {}
    for (name, _month), (_dataset, row) in sorted(_terminal_uses(fiscal_year).items()):
        per_site[name] = per_site.get(name, 0) + (_int(row.get("利用者数")) or 0)
    return per_site


def terminal_user_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{name}: {_int(row.get('利用者数')) or 0:,}",
            month=month,
            department=dataset.organization.name if dataset.organization_id else "",
        )
        for (name, month), (dataset, row) in sorted(
            _terminal_uses(fiscal_year).items(), key=lambda i: i[0][::-1]
        )
    ]


@metric(
    "public-terminal-users",
    unit="人",
    definition=_(
        "市が公開している「公共インターネット端末 月別利用者数」（L02）の、年度の各月（4月〜翌年3月）の"
        "利用者数の合計（施設別の内訳付き）。同じ施設・同じ月の行が複数のデータセットにあれば、後に公開した"
        "ものを使います。年度の月の行がなければ値なし。"
    ),
    plan_wording="公共施設設置インターネット端末等の利用者数",
    breakdown=terminal_users_per_site,
    drill=terminal_user_records,
    statistics=True,
)
def terminal_users(fiscal_year: int, scope: dict | None = None) -> int | None:
    per_site = terminal_users_per_site(fiscal_year)
    return sum(per_site.values()) if per_site else None


def _issuance(fiscal_year: int) -> list[tuple[str, Dataset, int, int]]:
    """(年月, dataset, 交付枚数, 住民基本台帳人口) per month of the 年度, readable rows only."""
    months = []
    for (month,), (dataset, row) in sorted(_monthly(fiscal_year, CARD_ISSUANCE, ("年月",)).items()):
        issued, population = _int(row.get("交付枚数")), _int(row.get("住民基本台帳人口"))
        if issued is not None and population:
            months.append((month, dataset, issued, population))
    return months


def _rate(issued: int, population: int) -> float:
    return round(100 * issued / population, 1)


def issuance_by_month(fiscal_year: int, scope: dict | None = None) -> dict[str, float]:
    return {month: _rate(issued, population) for month, _d, issued, population in _issuance(fiscal_year)}


def issuance_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=f"{month}: {issued:,} / {population:,}（{_rate(issued, population)}%）",
            month=month,
            department=dataset.organization.name if dataset.organization_id else "",
        )
        for month, dataset, issued, population in _issuance(fiscal_year)
    ]


@metric(
    "opendata.mynumber-issuance-published",
    unit="%",
    name=_("マイナンバーカードの交付率（市の公開データ）"),
    definition=_(
        "市が公開している「マイナンバーカード交付状況」（L03）の、年度の最後の月（3月。進行中の年度は"
        "公開済みの最新の月）の交付枚数（有効なカードの累計）÷ 住民基本台帳人口。月別の交付率の内訳付き。"
        "年度の月の行がなければ値なし。計画の指標「マイナンバーカードの交付率」は、住民記録の連携の年度は"
        "住民記録から、それ以外の年度はこの値です。"
    ),
    breakdown=issuance_by_month,
    drill=issuance_records,
    statistics=True,
)
def issuance_rate(fiscal_year: int, scope: dict | None = None) -> float | None:
    months = _issuance(fiscal_year)
    if not months:
        return None
    _month, _dataset, issued, population = months[-1]
    return _rate(issued, population)


# --- 3-イ: new open data, and existing statistics made machine-readable ----------------------------


def _new_datasets(fiscal_year: int):
    """Published in the 年度 for the first time, in an open machine-readable format (★3+), and not
    created from a converted statistics file (those are 既存データのオープンデータ化)."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    converted = ConversionJob.objects.filter(state=ConversionJob.State.PUBLISHED).values("dataset")
    return Dataset.objects.filter(
        state=Dataset.State.PUBLISHED, published_at__gte=start, published_at__lt=end, stars__gte=3
    ).exclude(pk__in=converted)


def new_dataset_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    return [
        Record(
            label=d.title,
            month=to_jst_date(d.published_at).strftime("%Y-%m"),
            department=d.organization.name if d.organization_id else "",
        )
        for d in _new_datasets(fiscal_year).select_related("organization").order_by("published_at")
    ]


@metric(
    "opendata-new-datasets",
    unit="件",
    definition=_(
        "年度内に初めて公開したデータセットのうち、二次利用が可能なオープンな形式（5つ星の★3以上：CSVなど）のものの件数。"
        "既存の統計ファイルを変換したものは「既に公開しているデータのオープンデータ化」に数えます。"
    ),
    plan_wording="新規に二次利用が可能なファイル形式でオープンデータ化した情報の件数",
    breakdown=lambda fiscal_year, scope: {
        f"★{n}": _new_datasets(fiscal_year).filter(stars=n).count() for n in range(3, 6)
    },
    drill=new_dataset_records,
)
def new_datasets(fiscal_year: int, scope: dict | None = None) -> int:
    return _new_datasets(fiscal_year).count()


def _conversions(fiscal_year: int):
    """conversion_published Events of the 年度 (the job has no date of its own for it)."""
    start, end = fiscal_year_bounds_utc(fiscal_year)
    return Event.objects.filter(
        subject_type=ConversionJob._meta.label_lower,
        verb=Verb.CONVERSION_PUBLISHED,
        time__gte=start,
        time__lt=end,
    )


def conversion_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    first: dict[str, datetime] = {}
    for subject_id, time in _conversions(fiscal_year).order_by("time").values_list("subject_id", "time"):
        first.setdefault(subject_id, time)
    jobs = ConversionJob.objects.filter(pk__in=list(first)).select_related("dataset__organization")
    return [
        Record(
            label=f"{job.original_name} → {job.dataset.title if job.dataset else '—'}",
            month=to_jst_date(first[str(job.pk)]).strftime("%Y-%m"),
            department=job.dataset.organization.name if job.dataset and job.dataset.organization_id else "",
        )
        for job in jobs
    ]


@metric(
    "opendata-converted-existing",
    unit="件",
    definition=_(
        "年度内に、既に公開している統計などのファイル（PDF・Excel）をCSVに変換して登録した件数（変換した元ファイルの数）。"
    ),
    plan_wording="既に公開しているデータのうち、二次利用が可能なファイル形式でオープンデータ化した件数",
    drill=conversion_records,
)
def converted_existing(fiscal_year: int, scope: dict | None = None) -> int:
    return _conversions(fiscal_year).values("subject_id").distinct().count()


# --- 3-ウ: collaborations and studies based on what residents and businesses ask for -------------


def _taken_up_requests(fiscal_year: int, scope: dict | None = None):
    start, end = fiscal_year_bounds_utc(fiscal_year)
    qs = DataRequest.objects.filter(taken_up_at__gte=start, taken_up_at__lt=end)
    if scope and scope.get("organization"):
        qs = qs.filter(department__code=scope["organization"])
    return qs


def _collaborations(fiscal_year: int, scope: dict | None = None):
    start, end = fiscal_year_range(fiscal_year)
    qs = Collaboration.objects.filter(held_on__gte=start, held_on__lte=end)
    if scope and scope.get("organization"):
        qs = qs.filter(department__code=scope["organization"])
    return qs


def collaboration_breakdown(fiscal_year: int, scope: dict | None = None) -> dict[str, int]:
    result = {
        str(_("データ公開の要望（公開予定・公開済み）")): _taken_up_requests(fiscal_year, scope).count()
    }
    kinds = dict(Collaboration.PartnerKind.choices)
    for kind, label in kinds.items():
        result[str(_("連携・協働検討（%(kind)s）") % {"kind": label})] = (
            _collaborations(fiscal_year, scope).filter(partner_kind=kind).count()
        )
    return result


def collaboration_records(fiscal_year: int, scope: dict | None = None) -> list[Record]:
    requests = [
        Record(
            label=f"{_('要望')}: {r.title}（{r.get_status_display()}）",
            month=to_jst_date(r.taken_up_at).strftime("%Y-%m"),
            department=r.department.name,
        )
        for r in _taken_up_requests(fiscal_year, scope).select_related("department").order_by("taken_up_at")
        if r.taken_up_at is not None  # always: the query keeps taken-up requests
    ]
    studies = [
        Record(
            label=f"{_('連携・協働検討')}: {c.title}（{c.partner}）",
            month=c.held_on.strftime("%Y-%m"),
            department=c.department.name,
        )
        for c in _collaborations(fiscal_year, scope).select_related("department").order_by("held_on", "pk")
    ]
    return requests + studies


@metric(
    "priority-data-collaborations",
    unit="件",
    definition=_(
        "年度内（4月～翌3月、日本時間）の次の件数の合計。"
        "(1) 市民・事業者等から受け付けたデータ公開の要望のうち、担当部署が初めて「公開予定」または「公開済み」と"
        "回答した日が年度内のもの（要望1件を1件と数え、後で回答を変えても数え直さない。「公開できない」とだけ"
        "回答した要望と、回答待ちの要望は数えない）。"
        "(2) 担当部署が記録した事業者・シビックテック・大学等との連携・協働検討のうち、検討した日が年度内のもの"
        "（記録1件を1件と数える。要望に関連づけた検討も、要望とは別に1件）。"
    ),
    plan_wording="優先的に公開すべき情報の調査に基づく連携、協働検討数",
    breakdown=collaboration_breakdown,
    drill=collaboration_records,
)
def priority_data_collaborations(fiscal_year: int, scope: dict | None = None) -> int:
    return _taken_up_requests(fiscal_year, scope).count() + _collaborations(fiscal_year, scope).count()
