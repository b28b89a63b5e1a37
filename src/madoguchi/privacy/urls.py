from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/<slug:code>/", views.register_file, name="register_file"),
    path("vulnerability-disclosure/", views.disclosure, name="disclosure"),
    path("my-records/", views.my_records, name="my_records"),
]
