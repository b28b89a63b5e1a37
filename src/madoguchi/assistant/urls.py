from django.urls import path

from . import views

app_name = "assistant"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("feedback/", views.feedback, name="feedback"),
    path("handoff/", views.handoff, name="handoff"),
    path("webhooks/line/", views.line_webhook, name="line_webhook"),
]
