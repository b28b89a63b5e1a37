from django.urls import path

from . import staff_views

app_name = "procedures_staff"

urlpatterns = [
    path("", staff_views.procedure_list, name="list"),
    path("<slug:code>/", staff_views.procedure_edit, name="edit"),
]
