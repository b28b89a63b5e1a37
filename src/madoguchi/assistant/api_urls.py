from django.urls import path

from .api import AnswersView

urlpatterns = [
    path("answers/", AnswersView.as_view(), name="assistant-answers"),
]
