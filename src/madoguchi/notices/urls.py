from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("webhooks/sms/", views.sms_receipt, name="sms_receipt"),
    path("webhooks/line/", views.line_webhook, name="line_webhook"),
]
