from django.urls import path

from . import staff_views

app_name = "notices_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("letters/build/", staff_views.build, name="build"),
    path("letters/<int:pk>/pdf/", staff_views.batch_pdf, name="batch_pdf"),
    path("letters/<int:pk>/manifest/", staff_views.batch_manifest, name="batch_manifest"),
]
