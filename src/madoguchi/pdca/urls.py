from django.urls import path

from . import views

app_name = "pdca"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators.csv", views.indicators_csv, name="indicators_csv"),
    path("indicators.json", views.indicators_json, name="indicators_json"),
    path("report/<int:fiscal_year>.pdf", views.report_pdf, name="report_pdf"),
    path("report/<int:fiscal_year>.csv", views.report_csv, name="report_csv"),
    path("staff/", views.staff_index, name="staff_index"),
    path("staff/indicators/<int:pk>/", views.staff_indicator, name="staff_indicator"),
    path("staff/values/<int:pk>/approve/", views.staff_approve, name="staff_approve"),
    path("staff/initiatives/<slug:slug>/review/", views.staff_review, name="staff_review"),
    path("<slug:slug>/", views.initiative_detail, name="initiative"),
]
