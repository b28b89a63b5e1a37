"""Plain labels (わかりやすい表示名): the words residents see, each renameable by the city.

Code for Japan's Decidim users asked for 「みんなの意見」 rather than 「ディベート」; a city changes
any of these in the back office (participation → 表示名) without touching templates.
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Label

DEFAULTS = {
    "processes": _("市政への参加"),
    "process": _("参加の場"),
    "proposals": _("みんなの提案"),
    "support": _("賛同する"),
    "supports": _("賛同"),
    "comments": _("コメント"),
    "surveys": _("アンケート"),
    "workshops": _("ワークショップ"),
    "opinion_map": _("みんなの意見"),
    "results": _("市の回答"),
    "indicators": _("参加の状況"),
}


def label(key: str) -> str:
    """The city's word for `key` in the current language (its override, else the default)."""
    override = Label.objects.filter(key=key).first()
    if override:
        if get_language() == "en":
            return override.text_en or str(DEFAULTS.get(key, override.text))
        return override.text
    return str(DEFAULTS.get(key, key))
