from django.urls import path

from . import staff_views

app_name = "privacy_staff"

urlpatterns = [
    path("register/", staff_views.register, name="register"),
    path("register.csv", staff_views.register_csv, name="register_csv"),
    path("review/", staff_views.review, name="review"),
    path("alerts/<int:pk>/", staff_views.alert, name="alert"),
    path("review/quarterly/", staff_views.quarterly, name="quarterly"),
    path("security/", staff_views.security, name="security"),
    path("disclosure-requests/", staff_views.disclosure_request, name="disclosure_request"),
]
