"""news.templatetags.news_tags: the date filters give what Django's date filter gives."""

from datetime import UTC, datetime

from django.template.defaultfilters import date as django_date
from django.test import SimpleTestCase
from django.utils import timezone, translation

from news.templatetags.news_tags import short_date


class ShortDateTests(SimpleTestCase):
    def test_every_month_in_indonesian_and_english_is_djangos_date_filter(self):
        for language in ("id", "en"):
            with translation.override(language):
                for month in range(1, 13):
                    moment = datetime(2026, month, 9, 3, 30, tzinfo=UTC)
                    with self.subTest(language=language, month=month):
                        expected = django_date(timezone.localtime(moment), "j F Y")
                        self.assertEqual(short_date(moment), expected)

    def test_indonesian_month_names_and_jakarta_date(self):
        with translation.override("id"):
            # 18:30 UTC on 31 December is already 1 January in Jakarta (UTC+7).
            self.assertEqual(short_date(datetime(2025, 12, 31, 18, 30, tzinfo=UTC)), "1 Januari 2026")
            self.assertEqual(short_date(datetime(2026, 8, 17, 1, 0, tzinfo=UTC)), "17 Agustus 2026")

    def test_days_without_leading_zero_and_early_years_padded(self):
        moment = datetime(987, 3, 5, 12, tzinfo=UTC)
        with translation.override("en"):
            self.assertEqual(short_date(moment), django_date(timezone.localtime(moment), "j F Y"))

    def test_empty_is_empty(self):
        self.assertEqual(short_date(None), "")
