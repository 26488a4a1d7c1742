from django.urls import path

from . import views

urlpatterns = [
    path("berita/", views.news_index, name="news_index"),
    path("arsip/", views.archive_index, name="archive_index"),
    path("arsip/<int:year>/", views.archive, name="archive_year"),
    path("arsip/<int:year>/<int:month>/", views.archive, name="archive_month"),
    path("layanan/", views.service_area_index, name="service_area_index"),
    path("layanan/<slug:slug>/", views.service_area_detail, name="service_area"),
    path("satker/", views.work_unit_index, name="work_unit_index"),
    path("satker/<slug:slug>/", views.work_unit_detail, name="work_unit"),
    path("tag/<str:slug>/", views.tag_detail, name="tag"),
]
