from django.urls import path

from . import staff_views

app_name = "learning_staff"

urlpatterns = [
    path("", staff_views.home, name="home"),
    path("courses/<int:pk>/", staff_views.course, name="course"),
    path("courses/<int:pk>/start/", staff_views.start, name="start"),
    path("attempts/<str:token>/", staff_views.attempt, name="attempt"),
    path("certificates/<str:number>/", staff_views.certificate, name="certificate"),
    path("progress/", staff_views.progress, name="progress"),
    path("manage/", staff_views.manage, name="manage"),
    path("manage/courses/new/", staff_views.course_new, name="course_new"),
    path("manage/courses/<int:pk>/", staff_views.manage_course, name="manage_course"),
    path("manage/lessons/<int:pk>/", staff_views.manage_lesson, name="manage_lesson"),
    path("manage/classes/new/", staff_views.class_new, name="class_new"),
    path("manage/classes/<int:pk>/", staff_views.manage_class, name="manage_class"),
    path("manage/supporters/", staff_views.supporters, name="supporters"),
    path("manage/supporters/<int:pk>/", staff_views.supporter, name="supporter"),
    path("manage/measures/", staff_views.measures, name="measures"),
]
