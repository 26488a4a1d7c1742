from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from news import embargo, health, office_admin, ratelimits, sendfile
from news.api import api_router

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # Wagtail's sign-in and password-reset views with rate limits, before the admin's own.
    path("admin/login/", ratelimits.login_view, name="wagtailadmin_login"),
    path("admin/password_reset/", ratelimits.password_reset_view, name="wagtailadmin_password_reset"),
    # Wagtail's page chooser and page-types report within a regional office's boundaries.
    path("admin/", include(office_admin)),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view, its bytes sent by nginx once it has decided (news.sendfile).
    path("documents/<int:document_id>/<str:document_filename>", sendfile.serve_document, name="document"),
    path("documents/", include(wagtaildocs_urls)),
    # Uploads go through Warta so that files of unpublished articles stay private.
    re_path(r"^media/(?P<path>.+)$", embargo.serve_media, name="media"),
    path("api/v2/", api_router.urls),
    path("", include("news.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

urlpatterns += [
    path("", include(wagtail_urls)),
]

# A database that cannot be reached is a 503 page of its own (cms.errors), other errors the 500.
handler500 = "cms.errors.server_error"
