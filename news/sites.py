"""The request's site, its root paths and its home page, from one query of every site.

Wagtail finds a request's site with one query (`Site.find_for_request`), the root paths that
page URLs are made from with another (`Site.get_site_root_paths`, kept in the cache), and the
home page that routing starts from with a third (`root_page.specific`), and the site settings
with a fourth. `prime_site` reads every site with its home page and settings once and gives
Wagtail the first three on the request, chosen exactly as Wagtail chooses them;
SiteSettings.for_site takes the settings from the site. The same query brings the stored
“Terpopuler” ranking that the home page and articles show (news.popular), so that they need
no query to rank. Nothing is cached beyond the request.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port
from wagtail.models import Site, SiteRootPath
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT

from .queries import compiled


def match(site: Site, hostname: str, port: int) -> int | None:
    """How well `site` answers `hostname:port`, as wagtail.models.sites.get_site_for_hostname ranks it."""
    if site.hostname == hostname and site.port == port:
        return MATCH_HOSTNAME_PORT
    if site.hostname == hostname and site.is_default_site:
        return MATCH_HOSTNAME_DEFAULT
    if site.is_default_site:
        return MATCH_DEFAULT
    if site.hostname == hostname:
        return MATCH_HOSTNAME
    return None


def site_for(sites: list[Site], hostname: str, port: int) -> Site | None:
    """The site Wagtail's get_site_for_hostname picks among `sites`, or None."""
    ranked = sorted(
        ((rank, site) for site in sites if (rank := match(site, hostname, port)) is not None),
        key=lambda pair: pair[0],
    )
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == MATCH_DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None


def prime_site(request) -> None:
    """Set the request's site, root paths and home page for Wagtail, in one query."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False) or hasattr(request, "_wagtail_site"):
        return
    from news.popular import SIDEBAR_PERIOD, ranking_subquery

    home_model = apps.get_model("home", "HomePage")
    sites = list(
        compiled(
            "sites",
            (),
            lambda: (
                Site.objects.select_related(
                    "root_page",
                    "root_page__locale",
                    "root_page__homepage",
                    "sitesettings",
                    "sitesettings__logo",
                )
                .annotate(most_read_ids=ranking_subquery(SIDEBAR_PERIOD))
                .order_by("-root_page__url_path", "-is_default_site", "hostname")
            ),
        )
    )
    if sites:
        # The same for every site: the ranking is of all articles (news.popular.stored_ids).
        request.most_read_ids = {SIDEBAR_PERIOD: sites[0].most_read_ids or []}
    home_type = ContentType.objects.get_for_model(home_model).pk
    for site in sites:
        root = site.root_page
        if root.content_type_id == home_type:
            root.__dict__["specific"] = root.homepage
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = [
            SiteRootPath(site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code)
            for site in sites
        ]
    hostname = split_domain_port(request._get_raw_host())[0]
    request._wagtail_site = site_for(sites, hostname, request.get_port())
