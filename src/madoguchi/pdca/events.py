"""What happens to the plan's figures and evaluations, as the Event verbs pdca's services write.

The values are the Event records' `verb`: they never change, only labels do.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    VALUE_ENTERED = "value_entered", _("実績値の入力")
    VALUE_APPROVED = "value_approved", _("実績値の承認")
    REVIEW_RECORDED = "review_recorded", _("評価の記録")
