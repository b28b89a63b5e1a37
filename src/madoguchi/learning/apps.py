from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "madoguchi.learning"
    label = "learning"
    verbose_name = _("研修・講習会")
