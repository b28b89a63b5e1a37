"""/events/: the public calendar of the city's events and briefings (participation workshops)."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("calendar.ics", views.events_calendar, name="calendar"),
]
