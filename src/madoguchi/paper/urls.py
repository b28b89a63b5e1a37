from django.urls import path

from . import views

app_name = "paper"

urlpatterns = [
    path("forms/<slug:code>.pdf", views.printable_form, name="printable_form"),
]
