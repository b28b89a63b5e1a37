from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3  # 1.800.000 (Django's module leaves amounts ungrouped)
