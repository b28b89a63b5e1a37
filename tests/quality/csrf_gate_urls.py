"""A URLconf for test_csrf's self-check: the real routes plus one CSRF-exempt view that changes state."""

from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from madoguchi.config import urls


@csrf_exempt
def exempt_delete(request, pk):
    from madoguchi.core.models import Person

    deleted, _ = Person.objects.filter(pk=pk).delete()
    if not deleted:
        raise Http404
    return HttpResponse(status=204)


urlpatterns = [path("exempt/<int:pk>/", exempt_delete, name="exempt_delete"), *urls.urlpatterns]
