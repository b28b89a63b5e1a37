from django.urls import path

from . import idp, views

app_name = "identity"

urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("login/card/", views.card_login, name="card_login"),
    path("login/callback/", views.callback, name="callback"),
    path("login/email/", views.email_login, name="email_login"),
    path("login/email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("logout/", views.logout, name="logout"),
    path("me/", views.me, name="me"),
    path("staff/", views.staff_home, name="staff_home"),
    # The test identity provider (demo and tests only).
    path("idp/", views.idp_root, name="idp_root"),
    path("idp/.well-known/openid-configuration", idp.discovery, name="idp_discovery"),
    path("idp/jwks", idp.jwks, name="idp_jwks"),
    path("idp/authorize", views.idp_authorize, name="idp_authorize"),
    path("idp/token", idp.token, name="idp_token"),
    path("idp/userinfo", idp.userinfo, name="idp_userinfo"),
    path("idp/sign/", views.idp_sign, name="idp_sign"),
]
