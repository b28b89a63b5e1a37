"""The open data catalog: datasets (owned by a core.Department), resources, a datastore for
tabular resources, conversion jobs (PDF/Excel → CSV) and staff API tokens for the CKAN API.

CKAN's vocabulary is kept where a CKAN client sees it: a dataset has a `name` (URL slug) and
`notes`; a resource has a UUID `id`; an organization is a Department (its `code` is the name).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from madoguchi.core.models import Department


class License(models.TextChoices):
    CC_BY_40 = "cc-by-4.0", _("クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0)")
    GOV_STD_20 = "gov-std-2.0", _("公共データ利用規約（第1.0版）／政府標準利用規約（第2.0版）")
    CC0 = "cc-zero", _("CC0 1.0 全世界 パブリック・ドメイン提供")


LICENSE_URLS = {
    License.CC_BY_40: "https://creativecommons.org/licenses/by/4.0/",
    License.GOV_STD_20: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    License.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Frequency(models.TextChoices):
    IRREGULAR = "irregular", _("不定期")
    DAILY = "daily", _("毎日")
    MONTHLY = "monthly", _("毎月")
    QUARTERLY = "quarterly", _("四半期ごと")
    ANNUAL = "annual", _("毎年")


# DCAT accrualPeriodicity (EU frequency vocabulary)
FREQUENCY_URIS = {
    Frequency.IRREGULAR: "http://publications.europa.eu/resource/authority/frequency/IRREG",
    Frequency.DAILY: "http://publications.europa.eu/resource/authority/frequency/DAILY",
    Frequency.MONTHLY: "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    Frequency.QUARTERLY: "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
    Frequency.ANNUAL: "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
}


class Group(models.Model):
    """CKAN group: a theme (防災, 子育て, 観光 …) that cuts across departments."""

    name = models.SlugField(_("識別名"), max_length=60, unique=True)
    title = models.CharField(_("名称"), max_length=100)
    title_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    description = models.TextField(_("説明"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("グループ")
        verbose_name_plural = _("グループ")

    def __str__(self) -> str:
        return self.title

    def localized_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title


class Tag(models.Model):
    name = models.CharField(_("タグ"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("タグ")
        verbose_name_plural = _("タグ")

    def __str__(self) -> str:
        return self.name


class Dataset(models.Model):
    """データセット. Visible to the public (and to the CKAN API) only once published."""

    class State(models.TextChoices):
        DRAFT = "draft", _("下書き")
        REVIEW = "review", _("確認待ち")
        PUBLISHED = "published", _("公開中")
        DELETED = "deleted", _("削除済み")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(_("識別名（URL）"), max_length=100, unique=True)
    title = models.CharField(_("タイトル"), max_length=200)
    title_en = models.CharField(_("タイトル（英語）"), max_length=200, blank=True)
    notes = models.TextField(_("説明"), blank=True)
    notes_en = models.TextField(_("説明（英語）"), blank=True)
    organization = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="datasets"
    )
    groups = models.ManyToManyField(Group, verbose_name=_("グループ"), blank=True, related_name="datasets")
    tags = models.ManyToManyField(Tag, verbose_name=_("タグ"), blank=True, related_name="datasets")
    license_id = models.CharField(
        _("ライセンス"), max_length=20, choices=License.choices, default=License.CC_BY_40
    )
    frequency = models.CharField(
        _("更新頻度"), max_length=20, choices=Frequency.choices, default=Frequency.IRREGULAR
    )
    spatial = models.CharField(_("対象地域"), max_length=100, blank=True, default="東京都国分寺市")
    temporal_start = models.DateField(_("対象期間（開始）"), null=True, blank=True)
    temporal_end = models.DateField(_("対象期間（終了）"), null=True, blank=True)
    contact_name = models.CharField(_("問い合わせ先"), max_length=100, blank=True)
    contact_email = models.EmailField(_("問い合わせ先メールアドレス"), blank=True)
    standard_type = models.CharField(_("自治体標準オープンデータセット"), max_length=4, blank=True)
    state = models.CharField(_("状態"), max_length=12, choices=State.choices, default=State.DRAFT)
    stars = models.PositiveSmallIntegerField(_("5つ星レベル"), default=0)
    downloads = models.PositiveIntegerField(_("ダウンロード数"), default=0)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # The CKAN package dict (site-relative URLs), kept current by services.refresh like CKAN's
    # search index keeps its data_dict, so package_search returns it without rebuilding it.
    search_doc = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "name"]
        indexes = [models.Index(fields=["state", "updated_at", "name"], name="opendata_dataset_listing")]
        verbose_name = _("データセット")
        verbose_name_plural = _("データセット")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def ckan_state(self) -> str:
        return {"published": "active", "deleted": "deleted"}.get(self.state, "draft")

    def localized_title(self) -> str:
        return self.title_en if get_language() == "en" and self.title_en else self.title

    def localized_notes(self) -> str:
        return self.notes_en if get_language() == "en" and self.notes_en else self.notes


class TokensField(models.TextField):
    """Space-separated tokens: a `text[]` column on PostgreSQL (for GIN and `@>`), text elsewhere.
    The Python value is the string either way."""

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" and isinstance(value, str):
            return value.split(" ") if value else []
        return value

    def from_db_value(self, value, expression, connection):
        return " ".join(value) if isinstance(value, list) else value

    def get_placeholder(self, value, compiler, connection):
        # one placeholder per value: keeps Django's bulk insert on PostgreSQL away from UNNEST,
        # which cannot take a column of arrays
        return "%s"


class SearchFacetSet(models.Model):
    """One distinct set of facet keys (絞り込み条件の組): search rows with the same facet values share it.

    PostgreSQL matches facet keys against these few rows instead of each search row's array
    (evaluating `@>` on every row of a large catalog cost more than everything else a search does),
    then takes the search rows by `facet_set_id`, and counts facets per set rather than per row.
    `digest` (SHA-256 of `facets`) makes a set unique however long it is. A set no row refers to any
    more stays until `search.rebuild`; it matches no row, so it changes no result.
    """

    id = models.BigAutoField(primary_key=True)
    digest = models.CharField(max_length=64, unique=True)
    facets = TokensField()

    def __str__(self) -> str:
        return self.facets


class SearchEntry(models.Model):
    """The search row of one published dataset (package_search's index; see `search.py`).

    `terms` holds its Sudachi tokens and `facets` its facet keys (`res_format:CSV`,
    `organization:<department id>` …), each an escaped token. SQLite matches them through an FTS5
    table kept in step by triggers, PostgreSQL through GIN indexes on the `text[]` columns
    (migration 0004). The other columns are the sort keys, so a page of results is ordered and
    cut in SQL. Written only by `search.reindex` (called by the services).
    """

    id = models.BigAutoField(primary_key=True)  # the FTS5 rowid
    dataset = models.OneToOneField(Dataset, on_delete=models.CASCADE, related_name="search_entry")
    name = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    downloads = models.PositiveIntegerField(default=0)
    num_resources = models.PositiveIntegerField(default=0)
    num_tags = models.PositiveIntegerField(default=0)
    facets = TokensField()
    # the row's `facets` as a shared set: what PostgreSQL filters and counts facets by
    facet_set = models.ForeignKey(SearchFacetSet, on_delete=models.PROTECT, related_name="+")
    terms = TokensField()  # last: long, and only the full-text index reads it

    class Meta:
        # one per sort order offered on the search page or common in CKAN clients, in its exact
        # directions, so the database reads a page in order and stops (see search.INDEXED_ORDERS)
        indexes = [
            models.Index(fields=["updated_at", "name"], name="opendata_search_modified"),
            models.Index(fields=["-created_at", "name"], name="opendata_search_created"),
            models.Index(fields=["title", "name"], name="opendata_search_title"),
            models.Index(fields=["-downloads", "name"], name="opendata_search_downloads"),
            models.Index(fields=["created_at", "name"], name="opendata_search_created_asc"),
            models.Index(fields=["-num_resources", "name"], name="opendata_search_resources"),
        ]

    def __str__(self) -> str:
        return self.name


def resource_upload_to(resource: Resource, filename: str) -> str:
    return f"opendata/{resource.dataset_id}/{resource.id}/{filename}"


class Resource(models.Model):
    """リソース: one file (uploaded) or link of a dataset."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("説明"), blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    file = models.FileField(_("ファイル"), upload_to=resource_upload_to, blank=True, max_length=300)
    format = models.CharField(_("形式"), max_length=20, blank=True)
    mimetype = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("サイズ"), null=True, blank=True)
    standard_type = models.CharField(_("準拠するスキーマ"), max_length=4, blank=True)
    position = models.PositiveIntegerField(default=0)
    datastore_active = models.BooleanField(default=False)
    datastore_fields = models.JSONField(default=list, blank=True)
    validation = models.JSONField(default=dict, blank=True)  # {"valid": bool, "errors": [...]}
    downloads = models.PositiveIntegerField(_("ダウンロード数"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["format", "dataset"], name="opendata_resource_format")]
        verbose_name = _("リソース")
        verbose_name_plural = _("リソース")

    def __str__(self) -> str:
        return self.name

    @property
    def is_upload(self) -> bool:
        return bool(self.file)

    @property
    def is_tabular(self) -> bool:
        return self.format.upper() in {"CSV", "XLSX", "TSV"}


class DatastoreRow(models.Model):
    """One row of a tabular resource, for datastore_search and the paged preview."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField()  # CKAN's _id, from 1
    data = models.JSONField()
    text = models.TextField(blank=True)  # normalised text of every cell, for q=

    class Meta:
        ordering = ["resource", "number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="opendata_unique_row")]

    def __str__(self) -> str:
        return f"{self.resource_id}#{self.number}"


class ConversionJob(models.Model):
    """A statistics PDF or Excel file being turned into a proposed CSV (Celery task)."""

    class State(models.TextChoices):
        PENDING = "pending", _("待機中")
        RUNNING = "running", _("変換中")
        DONE = "done", _("変換完了")
        FAILED = "failed", _("変換失敗")
        PUBLISHED = "published", _("登録済み")

    source = models.FileField(_("元ファイル"), upload_to="opendata/conversions/", max_length=300)
    original_name = models.CharField(max_length=200)
    dataset = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversions"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    tables = models.JSONField(default=list, blank=True)  # [{"header": [...], "rows": [[...]]}]
    notes = models.JSONField(default=list, blank=True)  # footnotes and units found
    csv_text = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("変換ジョブ")
        verbose_name_plural = _("変換ジョブ")

    def __str__(self) -> str:
        return self.original_name


class ApiToken(models.Model):
    """A staff API token for CKAN write actions. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("APIトークン")
        verbose_name_plural = _("APIトークン")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class DatasetUsage(models.Model):
    """利用状況: how often a published dataset was used in one month (JST), as plain counters.

    `downloads` counts its resources' downloads, `api_calls` the CKAN API calls that served it
    (package_show, resource_show, datastore_*). No IP address, account or user agent is kept: a
    row is a dataset, a month and two numbers. Each use is one upsert (`services.record_download`,
    `services.record_api_call`), so concurrent counts never get lost.
    """

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="usage")
    month = models.DateField()  # the month's first day (JST)
    downloads = models.PositiveIntegerField(default=0)
    api_calls = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["dataset", "month"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "month"], name="opendata_unique_usage_month")
        ]
        indexes = [models.Index(fields=["month"], name="opendata_usage_month")]
        verbose_name = _("利用状況")
        verbose_name_plural = _("利用状況")

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.month:%Y-%m}: {self.downloads}/{self.api_calls}"


class DataRequest(models.Model):
    """データ公開の要望: a resident or business asks for data the city does not publish yet.

    The request is public (what, why, format, the department's answer); who asked is not: only
    the optional 団体名 the requester chose to give is shown.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("回答待ち")
        PLANNED = "planned", _("公開予定")
        PUBLISHED = "published", _("公開済み")
        REFUSED = "refused", _("公開できない")

    class RequesterKind(models.TextChoices):
        RESIDENT = "resident", _("市民")
        BUSINESS = "business", _("事業者")
        CIVIC_TECH = "civic_tech", _("シビックテック・市民団体")
        RESEARCH = "research", _("大学・研究機関")
        OTHER = "other", _("その他")

    class Format(models.TextChoices):
        ANY = "any", _("指定なし")
        CSV = "CSV", "CSV"
        EXCEL = "XLSX", "Excel"
        JSON = "JSON", "JSON"
        GEOJSON = "GeoJSON", "GeoJSON"
        API = "API", "API"

    title = models.CharField(_("ほしいデータ"), max_length=200)
    description = models.TextField(_("データの内容"))
    purpose = models.TextField(_("使いたい目的"))
    preferred_format = models.CharField(
        _("希望する形式"), max_length=10, choices=Format.choices, default=Format.ANY
    )
    requester_kind = models.CharField(
        _("要望した人の区分"), max_length=12, choices=RequesterKind.choices, default=RequesterKind.RESIDENT
    )
    organisation_name = models.CharField(_("団体・事業者名"), max_length=100, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="data_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状況"), max_length=12, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("担当部署の回答"), blank=True)
    planned_for = models.CharField(_("公開予定時期"), max_length=50, blank=True)
    dataset = models.ForeignKey(
        Dataset,
        verbose_name=_("データセット"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    # when the department first answered 公開予定 or 公開済み: the 年度 the request counts in
    # (metrics.priority_data_collaborations); kept if the answer later changes
    taken_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("データ公開の要望")
        verbose_name_plural = _("データ公開の要望")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("opendata:request", args=[self.pk])


class DataRequestFollow(models.Model):
    """Someone who wants to hear when the department answers a data request."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="opendata_follow_request_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.request_id}"


class Collaboration(models.Model):
    """連携・協働検討: a meeting or study with businesses, civic tech, universities … on using or
    publishing the city's data, recorded by the department that held it."""

    class PartnerKind(models.TextChoices):
        BUSINESS = "business", _("事業者")
        CIVIC_TECH = "civic_tech", _("シビックテック・市民団体")
        RESEARCH = "research", _("大学・研究機関")
        NPO = "npo", _("NPO・地域団体")
        GOVERNMENT = "government", _("他の自治体・行政機関")

    title = models.CharField(_("件名"), max_length=200)
    partner = models.CharField(_("連携先"), max_length=200)
    partner_kind = models.CharField(_("連携先の区分"), max_length=12, choices=PartnerKind.choices)
    department = models.ForeignKey(
        Department, verbose_name=_("担当部署"), on_delete=models.PROTECT, related_name="data_collaborations"
    )
    held_on = models.DateField(_("検討した日"))
    summary = models.TextField(_("検討の内容"))
    data_requests = models.ManyToManyField(
        DataRequest, verbose_name=_("関連する要望"), blank=True, related_name="collaborations"
    )
    datasets = models.ManyToManyField(
        Dataset, verbose_name=_("関連するデータセット"), blank=True, related_name="collaborations"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("連携・協働検討")
        verbose_name_plural = _("連携・協働検討")

    def __str__(self) -> str:
        return self.title


class Showcase(models.Model):
    """活用事例 (like ckanext-showcase): an app, article or visualisation that uses the city's data,
    linked to the datasets it uses.

    Anyone may submit one, without an account; it is shown (on its page, the list, each linked
    dataset's page and the CKAN API) only once the staff of a department owning one of its datasets
    approved it. The submitter's name and e-mail address are for the moderators' questions and
    the decision's notice: never shown or served by the API.
    """

    class Kind(models.TextChoices):
        APP = "app", _("アプリ・サービス")
        VISUALIZATION = "visualization", _("可視化・地図")
        ARTICLE = "article", _("記事・報告・研究")
        OTHER = "other", _("その他")

    class Status(models.TextChoices):
        PENDING = "pending", _("審査待ち")
        APPROVED = "approved", _("掲載中")
        REJECTED = "rejected", _("掲載しない")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("名称"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    description = models.TextField(_("説明"))
    kind = models.CharField(_("種類"), max_length=16, choices=Kind.choices, default=Kind.APP)
    author = models.CharField(_("制作者"), max_length=100, blank=True)  # public, as the submitter chose
    datasets = models.ManyToManyField(Dataset, verbose_name=_("使ったデータセット"), related_name="showcases")
    submitter_name = models.CharField(_("投稿者のお名前"), max_length=100, blank=True)
    submitter_email = models.EmailField(_("投稿者のメールアドレス"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状況"), max_length=12, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("掲載しない理由"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="opendata_showcase_listing")]
        verbose_name = _("活用事例")
        verbose_name_plural = _("活用事例")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("opendata:showcase", args=[self.pk])
