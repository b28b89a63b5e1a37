from django.urls import path

from . import site_views, views
from .easy import views as easy_views
from .monitoring import views as monitoring

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", monitoring.healthz, name="healthz"),  # liveness
    path("readyz", monitoring.readyz, name="readyz"),  # readiness: database, migrations, cache, broker
    path("metrics", monitoring.metrics, name="metrics"),  # Prometheus (a token or an allowed network)
    path("text-size/<str:size>/", views.set_text_size, name="text_size"),
    path("search/", site_views.search, name="search"),  # サイト内検索 (the header's box)
    path("privacy-policy/", site_views.privacy_policy, name="privacy_policy"),
    path("terms/", site_views.terms, name="terms"),
    path("accessibility/", site_views.accessibility, name="accessibility"),
    path("contact/", site_views.contact, name="contact"),
    path("language/", easy_views.set_language, name="set_language"),  # Django's, plus やさしい日本語
    path("bosai/", easy_views.disaster, name="disaster"),  # 災害のときの情報
]
