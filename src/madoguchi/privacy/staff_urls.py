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
    path("security/audits/new/", staff_views.audit_plan, name="audit_plan"),
    path("security/audits/<int:pk>/", staff_views.audit, name="audit"),
    path("security/audits/<int:pk>/performed/", staff_views.audit_performed, name="audit_performed"),
    path("security/audits/<int:pk>/findings/new/", staff_views.finding_add, name="finding_add"),
    path("security/findings/<int:pk>/done/", staff_views.finding_done, name="finding_done"),
    path("security/incidents/new/", staff_views.incident_new, name="incident_new"),
    path("security/incidents/<int:pk>/", staff_views.incident, name="incident"),
    path("security/incidents/<int:pk>/severity/", staff_views.incident_update, name="incident_update"),
    path("security/incidents/<int:pk>/reports/", staff_views.incident_report, name="incident_report"),
    path("security/incidents/<int:pk>/close/", staff_views.incident_close, name="incident_close"),
    path("holds/", staff_views.holds, name="holds"),
    path("holds/new/person/", staff_views.hold_person, name="hold_person"),
    path("holds/new/application/", staff_views.hold_application, name="hold_application"),
    path("holds/<int:pk>/release/", staff_views.hold_release, name="hold_release"),
    path("purges/", staff_views.purges, name="purges"),
    path("disclosure-requests/", staff_views.disclosure_request, name="disclosure_request"),
]
