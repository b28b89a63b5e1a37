"""A URLconf with one view that fails, to test the error page."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken), path("", include("madoguchi.config.urls"))]
handler500 = "madoguchi.core.views.server_error"
