"""/events/: the public calendar of the city's events and briefings (participation workshops),
and the online join of each (which records attendance, then redirects to the meeting)."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("calendar.ics", views.events_calendar, name="calendar"),
    path("<int:pk>/join/", views.event_join, name="join"),
]
