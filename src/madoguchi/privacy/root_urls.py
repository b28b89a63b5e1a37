from django.urls import path

from . import views

app_name = "privacy_root"

urlpatterns = [path(".well-known/security.txt", views.security_txt, name="security_txt")]
