"""Paths outside /opendata/: the CKAN Action API and the DCAT catalog (included at the root)."""

from django.urls import path, re_path

from . import ckan, views

urlpatterns = [
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action),  # ckanapi's default base path
    path("api/3", views.api_version),
    re_path(r"^catalog\.(?P<fmt>ttl|rdf|jsonld|xml)$", views.catalog_rdf, name="dcat_catalog"),
]
