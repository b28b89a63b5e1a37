from django.urls import path  # noqa: F401

app_name = "assistant"
urlpatterns: list = []
