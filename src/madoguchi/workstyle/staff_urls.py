from django.urls import path

from . import staff_views

app_name = "workstyle_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("meetings/new/", staff_views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", staff_views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", staff_views.meeting_edit, name="meeting_edit"),
    path("documents/versions/<int:pk>/", staff_views.open_version, name="open_version"),
    path("telework/", staff_views.telework, name="telework"),
    path("telework/mine/", staff_views.telework_mine, name="telework_mine"),
    path("telework/<int:pk>/", staff_views.pilot, name="pilot"),
]
