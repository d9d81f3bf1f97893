"""The URL root: the only module that names every app."""
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from innocore import audit_views, views
from innocore.accounts import admin_login
from selection.api.stats import StatsView

handler500 = "innocore.error_views.server_error"

admin.site.site_header = _("InnoCORE Portal administration")
admin.site.site_title = _("InnoCORE Portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("profile/", views.profile, name="profile"),
    path("profile/api-token/", views.api_token, name="api_token"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("", include("applications.urls")),
    path("offers/", include("selection.offer_urls")),
    path("staff/audit/", audit_views.audit_trail, name="audit_trail"),
    path("staff/", include("applications.staff_urls")),
    path("", include("selection.urls")),
    # Before admin.site.urls: the admin's own password-only login form is never served.
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/stats/", StatsView.as_view(), name="api-stats"),
    # Logged-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the docs page sends others to log in.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    # The REST API (README "API"); the dashboard's figures (api/v1/stats/) are mounted first.
    path("api/v1/", include("innocore.api.urls")),
    path("api/v1/", include("applications.api.urls")),
    path("api/v1/", include("selection.api.urls")),
]
