from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.my_applications, name="mine"),
    path("start/<slug:code>/", views.start, name="start"),
    path("<uuid:public_id>/", views.application_detail, name="detail"),
    path("<uuid:public_id>/step/<int:step>/", views.fill_step, name="step"),
    path("<uuid:public_id>/check/", views.check_answers, name="check"),
    path("<uuid:public_id>/submit/", views.submit, name="submit"),
    path("<uuid:public_id>/signed/", views.signed, name="signed"),
    path("<uuid:public_id>/done/", views.done, name="done"),
    path("<uuid:public_id>/copy.pdf", views.copy_pdf, name="copy_pdf"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:public_id>/correct/", views.correct, name="correct"),
    path("<uuid:public_id>/attachments/", views.attachments, name="attachments"),
    path("attachments/<int:pk>/", views.download_attachment, name="attachment"),
]
