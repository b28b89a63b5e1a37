from django.urls import path

from . import views

app_name = "lifeevents"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.questions, name="questions"),
    path("<slug:code>/checklist/", views.checklist, name="checklist"),
    path("<slug:code>/checklist/print/", views.checklist_print, name="checklist_print"),
]
