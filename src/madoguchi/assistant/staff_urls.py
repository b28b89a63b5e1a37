from django.urls import path

from . import staff_views, staff_views_knowledge

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
    path("faqs/", staff_views_knowledge.faqs, name="faqs"),
    path("faqs/new/", staff_views_knowledge.faq_new, name="faq_new"),
    path("faqs/<int:pk>/", staff_views_knowledge.faq, name="faq"),
    path("faqs/<int:pk>/publish/", staff_views_knowledge.faq_publish, name="faq_publish"),
    path("faqs/<int:pk>/review/", staff_views_knowledge.faq_review, name="faq_review"),
    path("synonyms/", staff_views_knowledge.synonyms, name="synonyms"),
    path("synonyms/<int:pk>/", staff_views_knowledge.synonym, name="synonym"),
]
