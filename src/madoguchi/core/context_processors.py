from django.conf import settings
from django.db import DatabaseError

from .models import Municipality


def city(request):
    """The city's name and contact on every page (header, footer, error pages)."""
    try:
        city = Municipality.current()
    except DatabaseError:  # the error page must render even when the database is down
        city = None
    return {
        "city": city,
        "city_phone_fallback": settings.MADOGUCHI_DEMO_PHONE,
        "madoguchi_env": settings.MADOGUCHI_ENV,
    }
