"""What happens to the catalog, as the Event verbs the open data services write.

The values are the Event records' `verb` (the dataset page's history, the PDCA figures and process
mining read them): they never change, only labels do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    DATASET_CREATED = "dataset_created", _("作成")
    DATASET_UPDATED = "dataset_updated", _("情報の更新")
    SUBMITTED_FOR_REVIEW = "submitted_for_review", _("確認依頼")
    PUBLICATION_REFUSED = "publication_refused", _("公開できず（検証エラー）")
    PUBLISHED = "published", _("公開")
    RETURNED_TO_DRAFT = "returned_to_draft", _("下書きに戻す")
    DATASET_DELETED = "dataset_deleted", _("削除")
    RESOURCE_ADDED = "resource_added", _("リソースの追加")
    RESOURCE_UPDATED = "resource_updated", _("リソースの更新")
    RESOURCE_DELETED = "resource_deleted", _("リソースの削除")
    API_TOKEN_ISSUED = "api_token_issued", _("APIトークンの発行")
    CONVERSION_STARTED = "conversion_started", _("変換の開始")
    CONVERSION_PUBLISHED = "conversion_published", _("変換結果の登録")
    DATA_REQUEST_SUBMITTED = "data_request_submitted", _("データ公開の要望の受付")
    DATA_REQUEST_ANSWERED = "data_request_answered", _("データ公開の要望への回答")
    DATA_REQUEST_FORWARDED = "data_request_forwarded", _("データ公開の要望の担当部署の変更")
    COLLABORATION_RECORDED = "collaboration_recorded", _("連携・協働検討の記録")
    SHOWCASE_SUBMITTED = "showcase_submitted", _("活用事例の投稿")
    SHOWCASE_APPROVED = "showcase_approved", _("活用事例の掲載")
    SHOWCASE_REJECTED = "showcase_rejected", _("活用事例を掲載しない判断")


# What the public dataset page shows of a dataset's history
PUBLIC_HISTORY = (
    Verb.DATASET_CREATED,
    Verb.PUBLISHED,
    Verb.DATASET_UPDATED,
    Verb.RESOURCE_ADDED,
    Verb.RESOURCE_UPDATED,
)
