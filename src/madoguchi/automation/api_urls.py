from django.urls import path

from .api import MiningView

urlpatterns = [
    path("automation/mining/<slug:code>/", MiningView.as_view(), name="automation-mining"),
]
