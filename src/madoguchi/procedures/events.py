"""What happens to a procedure in the catalog, as the Event verbs procedures.services writes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    UPDATED = "procedure_updated", _("手続の情報を更新")
    VERSION_CREATED = "version_created", _("様式の版を作成")
    VERSION_SAVED = "version_saved", _("様式の版を保存")
    VERSION_PUBLISHED = "version_published", _("様式の版を公開")
