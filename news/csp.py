"""Content-Security-Policy: one policy for readers' pages, a looser one for the Wagtail admin.

The public policy (settings.CONTENT_SECURITY_POLICY) lets pages run only Warta's own script
and style files. Wagtail's admin still writes inline scripts (date pickers, inline panels,
chooser widgets, the modal dialogs' answers), so everything under the admin gets
settings.WARTA_ADMIN_CONTENT_SECURITY_POLICY instead. A response that already carries a policy
(a file from /media/ or /documents/: `default-src 'none'`) keeps its own.

The admin also does without Gravatar and Wagtail's release check (settings), so its policy
names no other site than the video players.
"""

from __future__ import annotations

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

ADMIN_PREFIX = SimpleLazyObject(lambda: reverse("wagtailadmin_home"))


def is_admin_path(path: str) -> bool:
    return path.startswith(str(ADMIN_PREFIX))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy for the admin's addresses.

    frame-ancestors follows X-Frame-Options (set by Django's clickjacking middleware, which
    runs inside this one): no page may be framed, except the admin views Wagtail marks
    SAMEORIGIN (the preview panel's page), which only the admin itself may frame.
    """

    def process_response(self, request, response):
        # Wagtail renders a preview through the middleware with a made-up request for the
        # page's own address: the real (admin) request around it decides the preview's policy.
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None or not is_admin_path(request.path_info):
            return parts
        parts.config = dict(settings.WARTA_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        same_origin = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
        parts.config["frame-ancestors"] = [SELF] if same_origin else [NONE]
        return parts
