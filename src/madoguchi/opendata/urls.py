from django.urls import path

from . import finder_views, showcase_views, staff_views, views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("dataset/<slug:name>/", views.dataset, name="dataset"),
    path("dataset/<slug:name>.<str:fmt>", views.dataset_rdf, name="dataset_rdf"),
    path("dataset/<slug:name>/geo.json", views.geojson, name="geojson"),
    path("dataset/<slug:name>/resource/<uuid:resource_id>/", views.resource, name="resource"),
    path("dataset/<slug:name>/resource/<uuid:resource_id>/download/", views.download, name="download"),
    path("schemas/<str:code>.json", views.schema, name="schema"),
    path("api/", views.api_guide, name="api_guide"),
    path("connect/", finder_views.connect, name="connect"),
    path("connect/geo.json", finder_views.connect_geojson, name="connect_geojson"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/follow/", views.request_follow, name="request_follow"),
    path("showcases/", showcase_views.showcases, name="showcases"),
    path("showcases/new/", showcase_views.showcase_new, name="showcase_new"),
    path("showcases/<uuid:pk>/", showcase_views.showcase, name="showcase"),
    path("usage.csv", showcase_views.usage_csv, name="usage_csv"),
    path("staff/", staff_views.staff_index, name="staff_index"),
    path("staff/new/", staff_views.dataset_new, name="staff_dataset_new"),
    path("staff/dataset/<slug:name>/", staff_views.dataset_edit, name="staff_dataset"),
    path("staff/dataset/<slug:name>/resource/", staff_views.resource_add, name="staff_resource_add"),
    path("staff/dataset/<slug:name>/<str:action>/", staff_views.transition, name="staff_transition"),
    path("staff/convert/", staff_views.conversion_new, name="staff_conversion_new"),
    path("staff/convert/<int:pk>/", staff_views.conversion_job, name="staff_conversion"),
    path(
        "staff/convert/<int:pk>/progress/", staff_views.conversion_progress, name="staff_conversion_progress"
    ),
    path("staff/tokens/", staff_views.tokens, name="staff_tokens"),
    path("staff/requests/", staff_views.staff_requests, name="staff_requests"),
    path("staff/requests/<int:pk>/", staff_views.staff_request, name="staff_request"),
    path("staff/collaborations/", staff_views.staff_collaborations, name="staff_collaborations"),
    path("staff/showcases/", staff_views.staff_showcases, name="staff_showcases"),
    path("staff/showcases/<uuid:pk>/", staff_views.staff_showcase, name="staff_showcase"),
]
