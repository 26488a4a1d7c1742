"""The `/berita/` filter form's FastSelect writes exactly what Django's Select writes."""

from django import forms
from django.test import TestCase

from news.forms import FastSelect, NewsFilterForm
from news.models import ServiceArea, WorkUnit
from tests.utils import make_category


def django_select(bound_field) -> str:
    """The field as Django's own Select (its templates) renders it."""
    widget = forms.Select(attrs=bound_field.field.widget.attrs, choices=bound_field.field.widget.choices)
    return bound_field.as_widget(widget=widget)


class FastSelectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional & <Dunia>", "nasional")
        make_category('Jawa "Timur"', "jawa-timur", parent=cls.nasional)
        ServiceArea.objects.create(name="Haji & Umrah <khusus>", slug="haji-khusus")
        WorkUnit.objects.create(name='Kanwil "Uji" & <Co>', slug="kanwil-uji", kind=WorkUnit.Kind.KANWIL)

    def assert_same(self, form: NewsFilterForm) -> None:
        for name in ("kategori", "layanan", "satker", "tahun", "bulan"):
            with self.subTest(field=name, data=form.data):
                bound = form[name]
                self.assertIsInstance(bound.field.widget, FastSelect)
                expected = django_select(bound)
                self.assertIn("<option", expected)
                self.assertEqual(str(bound), expected)

    def test_unbound_form_matches_django(self):
        self.assert_same(NewsFilterForm())

    def test_selected_values_and_escaped_labels_match_django(self):
        form = NewsFilterForm(
            {
                "kategori": "nasional/jawa-timur",
                "layanan": "haji-khusus",
                "satker": "kanwil-uji",
                "tahun": "2020",
            }
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertIn("selected", str(form["satker"]))
        self.assertIn("&amp; &lt;Co&gt;", str(form["satker"]))
        self.assert_same(form)

    def test_invalid_choice_and_errors_match_django(self):
        form = NewsFilterForm({"satker": "tidak-ada", "bulan": "4"})
        self.assertFalse(form.is_valid())
        self.assert_same(form)

    def test_optgroups_match_django(self):
        choices = [("", "Semua"), ("Grup <A>", [("a", "Satu & dua"), ("b", "Tiga")]), ("c", 2026)]
        field = forms.ChoiceField(choices=choices, widget=FastSelect(attrs={"class": "x", "data-on": True}))
        fast = field.widget.render("pilih", "b", attrs={"id": "id_pilih", "disabled": False})
        field.widget.__class__ = forms.Select
        self.assertIn("<optgroup", fast)
        self.assertEqual(fast, field.widget.render("pilih", "b", attrs={"id": "id_pilih", "disabled": False}))
