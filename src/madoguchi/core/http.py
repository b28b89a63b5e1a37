"""Small HTTP helpers shared by the apps' views."""

from django.http import HttpResponseNotAllowed


def unless_post(request):
    """None for a POST, else 405. Call it after the view's access check: a GET on someone else's
    object must be refused like a POST (403/404), so only its own people learn the method is wrong."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])
