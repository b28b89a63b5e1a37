from django.urls import path  # noqa: F401

app_name = "workstyle_staff"

urlpatterns: list = []
