from django.urls import path  # noqa: F401

app_name = "automation_staff"

urlpatterns: list = []
