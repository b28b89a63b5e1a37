from django.urls import path  # noqa: F401  (routes added as the app grows)

app_name = "notices_staff"

urlpatterns: list = []
