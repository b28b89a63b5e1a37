from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("classes/", views.calendar, name="calendar"),
    path("classes/calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("registrations/<str:reference>/", views.registration, name="registration"),
]
