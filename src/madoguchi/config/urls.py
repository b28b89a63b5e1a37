"""URLs. Each app brings its own `urls.py` (pages) and, where it has one, `api.py` routes."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from madoguchi.core import views as core_views
from madoguchi.identity.staff import admin_login

admin.site.site_header = "窓口 Madoguchi 業務管理"
admin.site.site_title = "Madoguchi"
admin.site.index_title = "業務管理"

api_v1 = [
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-v1:schema"), name="docs"),
    path("", include("madoguchi.procedures.api_urls")),
    path("", include("madoguchi.applications.api_urls")),
    path("", include("madoguchi.pdca.api_urls")),
    path("participation/", include(("madoguchi.participation.api", "participation"))),
    path("", include("madoguchi.counter.api_urls")),
    path("", include("madoguchi.automation.api_urls")),
    path("assistant/", include("madoguchi.assistant.api_urls")),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", admin_login, name="admin_login"),  # before admin.site.urls: no MFA-less door
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api-v1"))),
    path("procedures/", include("madoguchi.procedures.urls")),
    path("applications/", include("madoguchi.applications.urls")),
    path("staff/cases/", include("madoguchi.applications.staff_urls")),
    path("staff/procedures/", include("madoguchi.procedures.staff_urls")),
    path("life-events/", include("madoguchi.lifeevents.urls")),
    path("counter/", include("madoguchi.counter.urls")),
    path("plan/", include("madoguchi.pdca.urls")),
    path("participation/", include("madoguchi.participation.urls")),
    path("events/", include("madoguchi.participation.event_urls")),  # /events/calendar.ics
    path("opendata/", include("madoguchi.opendata.urls")),
    path("privacy/", include("madoguchi.privacy.urls")),
    path("staff/privacy/", include("madoguchi.privacy.staff_urls")),
    path("learning/", include("madoguchi.learning.urls")),
    path("staff/learning/", include("madoguchi.learning.staff_urls")),
    path("automation/", include("madoguchi.automation.urls")),
    path("staff/automation/", include("madoguchi.automation.staff_urls")),
    path("staff/workstyle/", include("madoguchi.workstyle.staff_urls")),
    path("paper/", include("madoguchi.paper.urls")),
    path("staff/paper/", include("madoguchi.paper.staff_urls")),
    path("notices/", include("madoguchi.notices.urls")),
    path("staff/notices/", include("madoguchi.notices.staff_urls")),
    path("interop/", include("madoguchi.interop.urls")),
    path("staff/interop/", include("madoguchi.interop.staff_urls")),
    path("assistant/", include("madoguchi.assistant.urls")),
    path("staff/assistant/", include("madoguchi.assistant.staff_urls")),
    path("", include("madoguchi.privacy.root_urls")),  # /.well-known/security.txt
    path("", include("madoguchi.opendata.root_urls")),  # /api/3/action/…, /catalog.ttl|rdf|jsonld
    path("", include("madoguchi.delivery.urls")),  # /verify/… and /delivery/…
    path("staff/accounts/", include("allauth.urls")),  # staff login and MFA (identity)
    path("", include("madoguchi.identity.urls")),  # /login/, /me/, /staff/, /idp/
    path("", include("madoguchi.core.urls")),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.not_found
handler500 = core_views.server_error
