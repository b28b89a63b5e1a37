from django.urls import path

from . import views
from .monitoring import views as monitoring

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", monitoring.healthz, name="healthz"),  # liveness
    path("readyz", monitoring.readyz, name="readyz"),  # readiness: database, migrations, cache, broker
    path("metrics", monitoring.metrics, name="metrics"),  # Prometheus (a token or an allowed network)
    path("text-size/<str:size>/", views.set_text_size, name="text_size"),
]
