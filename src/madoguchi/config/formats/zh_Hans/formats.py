from django.conf.locale.zh_Hans.formats import *  # noqa: F403

# 1,800,000: amounts on the mainland's public sites group by three with a comma (Django's module
# leaves them ungrouped).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
