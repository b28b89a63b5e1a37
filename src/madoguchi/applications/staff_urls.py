from django.urls import path

from . import staff_views

app_name = "cases"

urlpatterns = [
    path("", staff_views.inbox, name="inbox"),
    path("export.csv", staff_views.export_csv, name="export"),
    path("bulk/", staff_views.bulk, name="bulk"),
    path("register/", staff_views.register, name="register"),
    path("<uuid:public_id>/", staff_views.case, name="case"),
    path("<uuid:public_id>/action/<slug:name>/", staff_views.action, name="action"),
    path("<uuid:public_id>/note/", staff_views.note, name="note"),
    path("<uuid:public_id>/assign/", staff_views.assign, name="assign"),
    path("<uuid:public_id>/reveal/", staff_views.reveal, name="reveal"),
]
