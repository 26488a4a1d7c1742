"""The filter form of the all-news listing (`/berita/`) and its feeds."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .models import ArticlePage, ServiceArea, WorkUnit, listed_below, live_categories, with_term

FIRST_YEAR = 1990


def month_range(year: int, month: int | None = None) -> tuple[datetime, datetime]:
    """The start and end of a calendar month (or year) in Jakarta time."""
    zone = timezone.get_default_timezone()
    if month is None:
        return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    end = datetime(year + 1, 1, 1, tzinfo=zone) if month == 12 else datetime(year, month + 1, 1, tzinfo=zone)
    return datetime(year, month, 1, tzinfo=zone), end


def _text(value) -> str:
    """A value as `{{ value }}` writes it in a template (localized, escaped)."""
    return conditional_escape(localize(value))


def _attributes(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """Django's `Select` with the same markup (django/forms/widgets/select.html and
    select_option.html, whose file ends in a newline), written here instead of one template
    include per option.

    The `/berita/` filter form offers about 170 options (categories, work units, years,
    months): rendering them through the templates was most of a filtered page's time with
    every cache empty (tests/news/test_listings.py compares the two widgets).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


class NewsFilterForm(forms.Form):
    kategori = forms.ChoiceField(label=_("Category"), required=False, widget=FastSelect)
    layanan = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All service areas"),
        widget=FastSelect,
    )
    satker = forms.ModelChoiceField(
        label=_("Work unit"),
        queryset=WorkUnit.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All work units"),
        widget=FastSelect,
    )
    tahun = forms.TypedChoiceField(
        label=_("Year"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )
    bulan = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("All months")), *MONTHS.items()],
        widget=FastSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = live_categories()
        self.categories = {self.category_key(page): page for page in categories}
        self.fields["kategori"].choices = [("", _("All categories"))] + [
            (key, ("— " * (page.depth - 3)) + page.title) for key, page in self.categories.items()
        ]
        this_year = timezone.localdate().year
        self.fields["tahun"].choices = [("", _("All years"))] + [
            (year, year) for year in range(this_year, FIRST_YEAR - 1, -1)
        ]
        self.fields["satker"].label_from_instance = lambda unit: unit.name

    @staticmethod
    def category_key(page: Page) -> str:
        """A category's slug path below the home page: "nasional", "daerah/jawa-timur"."""
        return "/".join(page.url_path.strip("/").split("/")[1:])

    def clean(self):
        data = super().clean()
        if data.get("bulan") and not data.get("tahun"):
            self.add_error("bulan", _("Choose a year for the month."))
        return data

    def filter(self, queryset, listing: bool = False):
        """`queryset` narrowed by the valid filters; `listing`: for a newest-first listing of
        the database, not a search backend (news.models.with_term)."""
        data = self.cleaned_data
        if data.get("kategori"):
            category = self.categories[data["kategori"]]
            queryset = listed_below(queryset, category) if listing else queryset.descendant_of(category)
        if data.get("layanan"):
            # A subquery rather than a join, so that search backends can apply it too.
            tagged = ArticlePage.service_areas.through.objects.filter(servicearea=data["layanan"])
            if listing:
                queryset = with_term(queryset, tagged, "articlepage")
            else:
                queryset = queryset.filter(pk__in=tagged.values("articlepage"))
        if data.get("satker"):
            if listing:
                # A provincial office with its district offices is a large term (with_term).
                queryset = with_term(queryset, data["satker"].tree_links(), "page")
            else:
                queryset = queryset.filter(pk__in=data["satker"].article_ids())
        if data.get("tahun"):
            start, end = month_range(data["tahun"], data.get("bulan"))
            queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
        return queryset

    def active_filters(self) -> list[tuple[str, str]]:
        """(label, value) of each filter in use, for the page heading."""
        data = self.cleaned_data
        labels = []
        if data.get("kategori"):
            labels.append((self.fields["kategori"].label, self.categories[data["kategori"]].title))
        if data.get("layanan"):
            labels.append((self.fields["layanan"].label, data["layanan"].name))
        if data.get("satker"):
            labels.append((self.fields["satker"].label, data["satker"].name))
        if data.get("tahun"):
            period = str(data["tahun"])
            if data.get("bulan"):
                period = f"{MONTHS[data['bulan']]} {period}"
            labels.append((_("Period"), period))
        return labels
