"""A video shows a poster and a link; the player is framed only on request (static/js/main.js)."""

from unittest import mock

from django.test import TestCase
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.models import Embed

from news.management.commands.load_demo_content import VIDEO_URL
from tests.utils import make_article, make_category


class VideoBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        Embed.objects.create(
            hash=get_embed_hash(VIDEO_URL, None, None),
            url=VIDEO_URL,
            type="video",
            title="Video contoh",
            provider_name="YouTube",
            html='<iframe src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?feature=oembed&amp;x=1"></iframe>',
        )

    def page(self, url: str):
        article = make_article(
            self.nasional, f"Video {url[-4:]}", body=[("video", {"video": url, "caption": "Cap"})]
        )
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_known_video_is_a_poster_and_a_link_with_its_player_for_later(self):
        response = self.page(VIDEO_URL)
        html = response.content.decode()
        self.assertNotIn("<iframe", html)
        self.assertIn(f'<a class="video__poster" href="{VIDEO_URL}"', html)
        self.assertIn(
            'data-video-src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?feature=oembed&amp;x=1"', html
        )
        self.assertIn('src="/static/img/video-poster.svg"', html)
        self.assertContains(response, "Tonton video di YouTube: Video contoh")

    def test_a_video_whose_player_cannot_be_found_is_still_a_link(self):
        url = "https://www.youtube.com/watch?v=xxxxxxxxxxx"
        with mock.patch("wagtail.embeds.embeds.get_embed", side_effect=EmbedNotFoundException):
            response = self.page(url)
        html = response.content.decode()
        self.assertNotIn("<iframe", html)
        self.assertNotIn("data-video-src", html)
        self.assertIn(f'<a class="video__poster" href="{url}"', html)
        self.assertContains(response, "Tonton video di YouTube")

    def test_the_demo_video_is_not_an_invented_id(self):
        self.assertNotIn("kemenagRI01", VIDEO_URL)
