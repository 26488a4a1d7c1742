from django.urls import path, re_path

from . import embargo, feeds, sitemaps, views

rss, atom = feeds.ArticleFeed(), feeds.ArticleAtom()

urlpatterns = [
    path("rss/", rss, name="feed_rss"),
    path("atom/", atom, name="feed_atom"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-pages.xml", sitemaps.pages_sitemap, name="sitemap_pages"),
    path("sitemap-articles-<int:year>-<int:month>.xml", sitemaps.month_sitemap, name="sitemap_month"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap_news"),
    re_path(r"^pratinjau/(?P<token>[A-Za-z0-9_-]{1,64})/$", embargo.preview, name="preview_link"),
    path("api/baca/<int:page_id>/", views.read_beacon, name="read_beacon"),
    path("terpopuler/", views.most_read, name="most_read"),
    path("cari/", views.search, name="search"),
    path("cari/saran/", views.search_suggestions, name="search_suggestions"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("berita/", views.news_index, name="news_index"),
    path("arsip/", views.archive_index, name="archive_index"),
    path("arsip/<int:year>/", views.archive, name="archive_year"),
    path("arsip/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("layanan/", views.service_area_index, name="service_area_index"),
    path("layanan/<slug:slug>/", views.service_area_detail, name="service_area"),
    path("layanan/<slug:slug>/rss/", rss, {"scope": "service_area"}, name="service_area_rss"),
    path("layanan/<slug:slug>/atom/", atom, {"scope": "service_area"}, name="service_area_atom"),
    path("satker/", views.work_unit_index, name="work_unit_index"),
    path("satker/<slug:slug>/", views.work_unit_detail, name="work_unit"),
    path("satker/<slug:slug>/rss/", rss, {"scope": "work_unit"}, name="work_unit_rss"),
    path("satker/<slug:slug>/atom/", atom, {"scope": "work_unit"}, name="work_unit_atom"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
    path("tag/<str:slug>/rss/", rss, {"scope": "tag"}, name="tag_rss"),
    path("tag/<str:slug>/atom/", atom, {"scope": "tag"}, name="tag_atom"),
    # A category's feeds sit below its own URL: /nasional/rss/, /daerah/jawa-timur/atom/.
    re_path(r"^(?P<category_path>(?:[-\w]+/)+)rss/$", rss, {"scope": "category"}, name="category_rss"),
    re_path(r"^(?P<category_path>(?:[-\w]+/)+)atom/$", atom, {"scope": "category"}, name="category_atom"),
]
