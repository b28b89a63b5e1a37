"""A URLconf with one view that fails, to test the error page."""

from django.http import Http404
from django.urls import include, path


def broken(request):
    raise RuntimeError("boom")


def missing(request):
    raise Http404("no such thing")


urlpatterns = [path("broken/", broken), path("missing/", missing), path("", include("madoguchi.config.urls"))]
handler500 = "madoguchi.core.views.server_error"
