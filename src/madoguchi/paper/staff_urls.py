from django.urls import path

from . import staff_views

app_name = "paper_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("templates/draw/", staff_views.template_draw, name="template_draw"),
    path("templates/<int:pk>/", staff_views.template, name="template"),
    path("templates/<int:pk>/form.pdf", staff_views.template_pdf, name="template_pdf"),
    path("templates/<int:pk>/pages/<int:page>.png", staff_views.template_page, name="template_page"),
    path("templates/<int:pk>/retire/", staff_views.template_retire, name="template_retire"),
    path("batches/", staff_views.batches, name="batches"),
    path("batches/<int:pk>/", staff_views.batch, name="batch"),
    path("batches/<int:pk>/progress.json", staff_views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/resume/", staff_views.batch_resume, name="batch_resume"),
    path("pages/<int:pk>.png", staff_views.page_image, name="page_image"),
    path("forms/", staff_views.forms, name="forms"),
    path("forms/<int:pk>/", staff_views.form, name="form"),
    path("forms/<int:pk>/accept/", staff_views.form_accept, name="form_accept"),
    path("fields/<int:pk>/crop.png", staff_views.crop, name="crop"),
]
