from django.urls import path

from . import staff_views

app_name = "interop_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("review/", staff_views.review, name="review"),
    path("mapping/", staff_views.mapping, name="mapping"),
    path("registry/", staff_views.registry, name="registry"),
    path("registry/conflicts/", staff_views.conflict, name="conflict"),
    path("registry/export.csv", staff_views.export, name="export"),
]
