from django.urls import path

from .api import CounterWaitsView

urlpatterns = [
    path("counter/waits/", CounterWaitsView.as_view(), name="counter-waits"),
]
