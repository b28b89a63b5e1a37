from django.urls import path

from . import staff_views

app_name = "assistant_staff"
urlpatterns = [
    # --- conversation: the hand-off inbox and the learning loop
    path("", staff_views.inbox, name="inbox"),
    path("inquiries/<int:pk>/", staff_views.inquiry, name="inquiry"),
    path("inquiries/<int:pk>/close/", staff_views.inquiry_close, name="inquiry_close"),
    path("callbacks/<int:pk>/", staff_views.callback, name="callback"),
    path("learning/", staff_views.learning, name="learning"),
    path("learning/add-variant/", staff_views.add_variant, name="add_variant"),
    path("learning/dismiss/", staff_views.dismiss, name="dismiss"),
    # --- knowledge: FAQ and synonym editor (staff_views_knowledge.py)
]
