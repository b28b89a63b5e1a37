from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("address-lookup/", views.address_lookup, name="address_lookup"),
    path("<slug:code>/", views.procedure_detail, name="detail"),
    path("<slug:code>/form/", views.procedure_form, name="form"),
]
