"""Included at the site root: the public /verify/ pages and everything under /delivery/."""

from django.urls import path

from . import views

app_name = "delivery"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>", views.verify, name="verify_number"),
    path("delivery/my/", views.my_documents, name="my_documents"),
    path("delivery/documents/<str:number>/download", views.download, name="download"),
    path("delivery/documents/<str:number>/revoke", views.revoke, name="revoke"),
    path("delivery/payments/<str:reference>/", views.payment_detail, name="payment"),
    path("delivery/payments/<str:reference>/return", views.payment_return, name="payment_return"),
    path("delivery/payments/<str:reference>/refund", views.refund, name="refund"),
    path("delivery/payments/<str:reference>/receipt.pdf", views.receipt, name="receipt"),
    path(
        "delivery/staff/applications/<uuid:public_id>/certificate",
        views.issue_certificate,
        name="issue_certificate",
    ),
    path("delivery/staff/settlement/", views.settlement, name="settlement"),
    path(
        "delivery/applications/<uuid:public_id>/payment",
        views.application_payment,
        name="application_payment",
    ),
    path(
        "delivery/staff/applications/<uuid:public_id>/issue/<str:kind>",
        views.issue_for_application,
        name="issue_for_application",
    ),
    path("delivery/webhooks/<str:provider>/", views.webhook, name="webhook"),
    path(
        "delivery/sandbox-gateway/checkout/<str:session_id>/", views.sandbox_checkout, name="sandbox_checkout"
    ),
    path("delivery/staff/reconciliation/", views.reconciliation, name="reconciliation"),
]
