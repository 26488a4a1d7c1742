"""Credits and units: a new article starts with its writer's credit and unit; no credit twice."""

import io
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset

from news.models import ArticlePage, Person, WorkUnit
from news.roles import add_province_office
from tests.utils import article_form_data, make_article, make_category

PASSWORD = "x-test-password"  # noqa: S105


def make_user(username: str, group: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def form_data(title: str, reporters=(), units=(), action: str | None = None) -> dict:
    """The new article's form crediting these reporters and units, in this order."""
    return article_form_data(
        title,
        action,
        reporters=inline_formset([{"person": person.pk} for person in reporters]),
        work_unit_links=inline_formset([{"unit": unit.pk} for unit in units]),
    )


class CreditPrefillTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        add_province_office(apps, cls.jatim, "Jawa Timur")
        cls.humas = WorkUnit.objects.get(slug="biro-humas")
        cls.kanwil = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        cls.kontributor = make_user("kontributor", "Kontributor")
        cls.fajar = Person.objects.create(name="Fajar Nugroho", user=cls.kontributor, work_unit=cls.humas)
        cls.kontributor_jatim = make_user("kontributor-jatim", "Kontributor Jawa Timur")
        cls.dewi = Person.objects.create(
            name="Dewi Kartika", user=cls.kontributor_jatim, work_unit=cls.kanwil
        )

    def add_url(self, parent) -> str:
        return reverse("wagtailadmin_pages:add", args=["news", "articlepage", parent.pk])

    def test_a_new_article_starts_with_the_writer_as_reporter_and_their_unit(self):
        self.client.force_login(self.kontributor)
        response = self.client.get(self.add_url(self.nasional))
        html = response.content.decode()
        self.assertRegex(html, rf'name="reporters-0-person"[^>]*value="{self.fajar.pk}"')
        self.assertRegex(html, rf'name="work_unit_links-0-unit"[^>]*value="{self.humas.pk}"')
        self.assertRegex(html, r'name="reporters-TOTAL_FORMS"[^>]*value="1"')

    def test_the_regional_writer_gets_their_own_credit_and_unit(self):
        self.client.force_login(self.kontributor_jatim)
        html = self.client.get(self.add_url(self.jatim)).content.decode()
        self.assertRegex(html, rf'name="reporters-0-person"[^>]*value="{self.dewi.pk}"')
        self.assertRegex(html, rf'name="work_unit_links-0-unit"[^>]*value="{self.kanwil.pk}"')

    def test_saving_the_prefilled_form_keeps_the_credit(self):
        self.client.force_login(self.kontributor)
        response = self.client.post(
            self.add_url(self.nasional), form_data("Berita baru", [self.fajar], [self.humas])
        )
        self.assertEqual(response.status_code, 302)
        page = ArticlePage.objects.get(slug="berita-baru")
        self.assertEqual([link.person for link in page.reporters.all()], [self.fajar])
        self.assertEqual(page.originating_unit, self.humas)

    def test_a_user_without_a_person_gets_an_empty_credit(self):
        other = make_user("tanpa-profil", "Kontributor")
        self.client.force_login(other)
        html = self.client.get(self.add_url(self.nasional)).content.decode()
        self.assertRegex(html, r'name="reporters-TOTAL_FORMS"[^>]*value="0"')

    def test_editing_an_article_keeps_its_own_credits(self):
        page = make_article(self.nasional, "Berita lama", reporters=[self.dewi])
        editor = get_user_model().objects.create_superuser("redpel", password=PASSWORD)
        Person.objects.create(name="Rina Marlina", user=editor, work_unit=self.humas)
        self.client.force_login(editor)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        persons = re.findall(r'name="reporters-\d+-person"[^>]*value="(\d+)"', html)
        self.assertEqual(persons, [str(self.dewi.pk)])


class DuplicateCreditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.admin = get_user_model().objects.create_superuser("admin", password=PASSWORD)
        cls.dewi = Person.objects.create(name="Dewi Kartika")
        cls.budi = Person.objects.create(name="Budi Santoso")
        cls.humas = WorkUnit.objects.get(slug="biro-humas")

    def setUp(self):
        self.client.force_login(self.admin)
        self.url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.nasional.pk])

    def test_the_same_reporter_twice_is_refused_with_a_clear_error(self):
        response = self.client.post(self.url, form_data("Dua kali", [self.dewi, self.dewi]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dewi Kartika sudah tercantum sebagai penulis.")
        self.assertFalse(ArticlePage.objects.filter(slug="dua-kali").exists())

    def test_the_same_unit_twice_is_refused(self):
        response = self.client.post(self.url, form_data("Unit ganda", units=[self.humas, self.humas]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"{self.humas.name} sudah menjadi salah satu satuan kerja.")
        self.assertFalse(ArticlePage.objects.filter(slug="unit-ganda").exists())

    def test_a_duplicate_is_refused_on_a_draft_too_and_on_edit(self):
        page = make_article(self.nasional, "Sudah ada", reporters=[self.dewi], publish=False)
        data = form_data("Sudah ada", [self.dewi, self.dewi])
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dewi Kartika sudah tercantum sebagai penulis.")
        self.assertEqual(page.get_latest_revision_as_object().reporters.count(), 1)

    def test_an_article_saved_with_a_duplicate_credits_each_reporter_once(self):
        page = make_article(self.nasional, "Lama ganda", reporters=[self.dewi, self.budi, self.dewi])
        response = self.client.get(page.url)
        self.assertContains(response, "<dd>Dewi Kartika, Budi Santoso</dd>", html=False)

    def test_different_reporters_are_saved(self):
        response = self.client.post(self.url, form_data("Dua penulis", [self.dewi, self.budi]))
        self.assertEqual(response.status_code, 302)
        page = ArticlePage.objects.get(slug="dua-penulis")
        self.assertEqual(page.reporters.count(), 2)


@override_settings(DEBUG=True)
class DemoUserCreditTests(TestCase):
    def test_every_demo_newsroom_user_has_a_person_and_a_unit(self):
        call_command("load_demo_content", dev_admin=True, stdout=io.StringIO(), verbosity=0)
        users = ("kontributor", "redaktur", "redaktur-pelaksana", "kontributor-jatim", "redaktur-jatim")
        for username in users:
            person = Person.objects.select_related("work_unit").get(user__username=username)
            self.assertIsNotNone(person.work_unit, username)
        hasan = Person.objects.get(user__username="redaktur-jatim")
        self.assertEqual(hasan.work_unit.slug, "kanwil-jawa-timur")


class UnitChooserTests(TestCase):
    """A regional office chooses from its own units first; a search still finds every unit."""

    @classmethod
    def setUpTestData(cls):
        daerah = make_category("Daerah", "daerah")
        jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        add_province_office(apps, jatim, "Jawa Timur")
        cls.kanwil = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        cls.own = set(
            WorkUnit.objects.filter(tree_path__startswith=cls.kanwil.tree_path, is_active=True).values_list(
                "name", flat=True
            )
        )
        cls.kontributor_jatim = make_user("kontributor-jatim", "Kontributor Jawa Timur")
        cls.url = reverse("wagtailsnippetchoosers_news_workunit:choose")

    def listed_units(self, response) -> list[str]:
        html = response.json()["html"] if response["Content-Type"] == "application/json" else response.content
        names = re.findall(
            r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*</a>",
            str(html, "utf-8") if isinstance(html, bytes) else html,
        )
        self.assertTrue(names)
        return names

    def test_the_regional_office_sees_its_kanwil_and_kankemenag_first(self):
        self.assertGreater(len(self.own), 1)
        self.client.force_login(self.kontributor_jatim)
        names = self.listed_units(self.client.get(self.url))
        self.assertEqual(names[0], self.kanwil.name)
        self.assertEqual(set(names[: len(self.own)]), self.own)

    def test_a_reporter_of_a_kankemenag_gets_the_whole_office_first(self):
        kankemenag = WorkUnit.objects.filter(parent=self.kanwil).first()
        user = make_user("reporter-surabaya", "Kontributor")
        Person.objects.create(name="Reporter Surabaya", user=user, work_unit=kankemenag)
        self.client.force_login(user)
        names = self.listed_units(self.client.get(self.url))
        self.assertEqual(set(names[: len(self.own)]), self.own)

    def test_a_search_looks_through_every_unit(self):
        self.client.force_login(self.kontributor_jatim)
        response = self.client.get(
            reverse("wagtailsnippetchoosers_news_workunit:choose_results"), {"q": "Bali"}
        )
        self.assertIn("Kanwil Kemenag Provinsi Bali", self.listed_units(response))

    def test_retired_units_are_not_offered(self):
        WorkUnit.objects.filter(pk=self.kanwil.pk).update(is_active=False)
        self.client.force_login(self.kontributor_jatim)
        self.assertNotIn(self.kanwil.name, self.listed_units(self.client.get(self.url)))
