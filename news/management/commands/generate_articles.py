"""Create N realistic published articles in bulk, for benchmarks and load tests.

    python manage.py generate_articles 100000

Articles are spread over the categories and provinces, service areas, work units, tags and
ten years of dates, with hero photos from a small pool. They are built in batches with bulk
inserts, and everything Wagtail keeps beside a page is written too, so generated articles
behave like editor-made ones:

- the page tree: paths, depth and url paths under each category, and `numchild` updated;
- a live revision per article (the content an editor opens), set as latest and live revision;
- the reference index (hero photo, editor, photographer and other relations);
- the search index, through the configured backend's `add_bulk`;
- the reading lists ("<Kategori> Lainnya", "Berita Lainnya") that publishing stores, chosen
  in one pass over the archive (news.related).
"""

import random
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from modelsearch.backends.database.postgres.postgres import ObjectIndexer, PostgresSearchBackend
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import get_content_type_pk
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from news import demo_content as demo
from news.caching import invalidate_all
from news.models import (
    ArticlePage,
    ArticleReporter,
    ArticleTag,
    ArticleWorkUnit,
    CategoryIndexPage,
    Person,
    ServiceArea,
    WorkUnit,
)
from news.related import store_missing_reading_lists_in_bulk
from news.vocabularies import provinces

BATCH = 1000
YEARS = 10
TAG_POOL = [
    "pelayanan publik", "moderasi beragama", "haji", "umrah", "madrasah", "pesantren", "zakat",
    "wakaf", "halal", "kerukunan", "penyuluh agama", "KUA", "nikah", "transformasi digital",
    "reformasi birokrasi", "beasiswa", "guru", "santri", "masjid", "gereja", "pura", "vihara",
]  # fmt: skip
SUBJECTS = [
    "Kemenag", "Kanwil Kemenag {province}", "Kankemenag {city}", "Ditjen Pendidikan Islam",
    "Ditjen PHU", "BPJPH", "Itjen Kemenag", "Balitbang Diklat", "Madrasah di {city}", "KUA {city}",
]  # fmt: skip
ACTIONS = ["gelar", "luncurkan", "perkuat", "sosialisasikan", "evaluasi", "tingkatkan", "resmikan", "bahas"]
TOPICS = [
    "layanan nikah daring", "manasik haji", "bimbingan perkawinan", "sertifikasi halal UMK",
    "moderasi beragama", "bantuan operasional pesantren", "kompetisi sains madrasah",
    "penyuluhan agama", "gerakan zakat dan wakaf", "pelatihan guru madrasah", "pengawasan keuangan",
    "seleksi pegawai", "dialog lintas iman", "rehabilitasi gedung madrasah", "beasiswa santri",
    "layanan umrah", "pemantauan hilal", "penguatan KUA", "literasi digital siswa", "layanan keagamaan",
]  # fmt: skip
PLACES = [(province["name"], province["capital"]) for province in provinces()]


def demo_paragraphs() -> list[str]:
    """The demo stories' sentences, reused as realistic Indonesian body text."""
    paragraphs = [p for story in demo.STORIES for p in story["paragraphs"]]
    paragraphs += [p for story in demo.REGIONAL_STORIES for p in story["paragraphs"]]
    return paragraphs


class Command(BaseCommand):
    help = "Create N published articles in bulk (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, count: int, seed: int, **options):
        if count < 1:
            raise CommandError("Give a positive number of articles.")
        categories = list(
            CategoryIndexPage.objects.live().filter(numchild__gte=0).exclude(slug="daerah").order_by("path")
        )
        if not categories:
            raise CommandError("No categories: run `manage.py load_demo_content` first.")
        self.rng = random.Random(seed)  # noqa: S311 - test data, not secrets
        self.paragraphs = demo_paragraphs()
        self.prepare(categories)
        started = time.monotonic()
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            with transaction.atomic():
                self.create_batch(size, made)
            made += size
            rate = made / (time.monotonic() - started)
            self.stdout.write(f"{made}/{count} articles ({rate:.0f}/s)")
        # "<Kategori> Lainnya" and "Berita Lainnya", which publishing stores (news.related).
        stored = store_missing_reading_lists_in_bulk()
        self.stdout.write(f"Reading lists stored for {stored} articles.")
        with connection.cursor() as cursor:
            # Fresh table statistics, so the query planner knows articles from categories.
            cursor.execute("ANALYZE")
        invalidate_all()
        self.stdout.write(
            self.style.SUCCESS(f"Created {count} articles in {time.monotonic() - started:.0f} s.")
        )

    def prepare(self, categories):
        self.categories = categories
        self.images = list(get_image_model().objects.all()[:12])
        self.areas = list(ServiceArea.objects.all())
        self.units = {unit.slug: unit for unit in WorkUnit.objects.filter(is_active=True)}
        self.people = list(Person.objects.all()) or [Person.objects.create(name="Redaksi")]
        self.tags = [
            Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in TAG_POOL
        ]
        filled = {"tagged_items", "reporters", "work_unit_links"}
        self.empty_relations = [
            rel.get_accessor_name()
            for rel in get_all_child_relations(ArticlePage)
            if rel.get_accessor_name() not in filled
        ]
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.locale = Locale.get_default()
        self.now = timezone.now()
        province_units = {slug: unit for slug, _name, unit, _subs in demo.REGIONAL_PROVINCES}
        self.unit_for_category = {
            category.pk: self.units.get(province_units.get(category.slug, ""))
            or self.units.get(f"kanwil-{category.slug}")
            for category in categories
        }
        central = [unit for unit in self.units.values() if unit.kind in ("eselon1", "biro")]
        self.central_units = central or list(self.units.values())

    def place(self) -> dict:
        province, city = self.rng.choice(PLACES)
        return {"province": province, "city": city}

    def title(self) -> str:
        rng = self.rng
        subject = rng.choice(SUBJECTS).format(**self.place())
        title = f"{subject} {rng.choice(ACTIONS).capitalize()} {rng.choice(TOPICS).title()}"
        return title if rng.random() < 0.5 else f"{title} {rng.randint(2016, 2026)}"

    def paragraph(self) -> str:
        return self.rng.choice(self.paragraphs).format(**self.place())

    def create_batch(self, size: int, offset: int):
        rng = self.rng
        # Fresh state of the categories: the tree may have changed since the last batch.
        parents = {
            page.pk: page for page in CategoryIndexPage.objects.filter(pk__in=[c.pk for c in self.categories])
        }
        next_child = {}
        for parent in parents.values():
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .first()
            )
            next_child[parent.pk] = (int(last.path[-Page.steplen :], 36) if last else 0) + 1

        articles = []
        for number in range(size):
            parent = parents[rng.choice(self.categories).pk]
            position = next_child[parent.pk]
            next_child[parent.pk] += 1
            published = self.now - timedelta(seconds=rng.randrange(YEARS * 365 * 86400))
            title = self.title()
            slug = f"{slugify(title)[:60]}-{offset + number + 1}"
            image = rng.choice(self.images) if self.images and rng.random() < 0.9 else None
            area_choice = rng.sample(self.areas, k=rng.randint(1, 2))
            unit = self.unit_for_category.get(parent.pk) or rng.choice(self.central_units)
            path = Page._get_path(parent.path, parent.depth + 1, position)
            article = ArticlePage(
                title=title,
                draft_title=title,
                slug=slug,
                path=path,
                listed_path=path,  # live, not withdrawn (news.listing)
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                content_type=self.content_type,
                locale=self.locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                latest_revision_created_at=published,
                published_at=published,
                lead=self.paragraph(),
                dateline=unit.dateline_city if unit else "Jakarta",
                hero_image=image,
                body=[("paragraph", f"<p>{escape(self.paragraph())}</p>") for _ in range(rng.randint(3, 6))],
                editor=rng.choice(self.people),
                photographer=rng.choice(self.people) if image else None,
            )
            article.service_areas = area_choice
            article.work_unit_links = [ArticleWorkUnit(unit=unit, sort_order=0)] if unit else []
            article.reporters = [ArticleReporter(person=rng.choice(self.people), sort_order=0)]
            article.tagged_items = [ArticleTag(tag=tag) for tag in rng.sample(self.tags, k=rng.randint(1, 3))]
            # Every other child relation is empty in memory, so that serialising the revision,
            # extracting references and indexing read no rows for it.
            for name in self.empty_relations:
                setattr(article, name, [])
            articles.append(article)
        for parent_pk, child in next_child.items():
            parent = parents[parent_pk]
            Page.objects.filter(pk=parent_pk).update(numchild=child - 1)
            parent.numchild = child - 1

        self.insert(articles)

    def insert(self, articles):
        page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        base_rows = [Page(**{f.attname: getattr(a, f.attname) for f in page_fields}) for a in articles]
        Page.objects.bulk_create(base_rows)
        for article, base in zip(articles, base_rows, strict=True):
            article.pk = article.id = article.page_ptr_id = base.pk

        # The article's own table, written with the page row's id (multi-table inheritance).
        # Django's bulk_create refuses multi-table inheritance, so this table is written directly.
        local_fields = list(ArticlePage._meta.local_concrete_fields)
        table = ArticlePage._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f.column) for f in local_fields)
        placeholders = ", ".join(["%s"] * len(local_fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from our model
                [
                    [f.get_db_prep_save(getattr(a, f.attname), connection) for f in local_fields]
                    for a in articles
                ],
            )

        through = ArticlePage.service_areas.through
        through.objects.bulk_create(
            [
                through(articlepage_id=a.pk, servicearea_id=area.pk)
                for a in articles
                for area in a.service_areas.all()
            ]
        )
        ArticleWorkUnit.objects.bulk_create(
            [
                ArticleWorkUnit(page_id=a.pk, unit_id=link.unit_id, sort_order=0)
                for a in articles
                for link in a.work_unit_links.all()
            ]
        )
        ArticleReporter.objects.bulk_create(
            [
                ArticleReporter(page_id=a.pk, person_id=link.person_id, sort_order=0)
                for a in articles
                for link in a.reporters.all()
            ]
        )
        tagged = [
            ArticleTag(content_object_id=a.pk, tag_id=item.tag_id)
            for a in articles
            for item in a.tagged_items.all()
        ]
        ArticleTag.objects.bulk_create(tagged)

        self.insert_revisions(articles)
        self.insert_references(articles)
        self.index(articles)

    def insert_revisions(self, articles):
        """One live revision per article, then the pages point at it in one statement."""
        Revision.objects.bulk_create(
            [
                Revision(
                    content_type=self.content_type,
                    base_content_type=self.page_type,
                    object_id=str(a.pk),
                    object_str=a.title,
                    content=a.serializable_data(),
                    created_at=a.first_published_at,
                    approved_go_live_at=None,
                )
                for a in articles
            ]
        )
        # A revision's object_id is the page id as text; ids come from this batch only.
        first, last = articles[0].pk, articles[-1].pk
        page_table = Page._meta.db_table
        revision_table = Revision._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {page_table} SET latest_revision_id = (
                        SELECT MAX(r.id) FROM {revision_table} r
                        WHERE r.base_content_type_id = %s AND r.object_id = CAST({page_table}.id AS TEXT)
                    )
                    WHERE id BETWEEN %s AND %s AND content_type_id = %s""",  # noqa: S608 - our tables
                [self.page_type.pk, first, last, self.content_type.pk],
            )
            cursor.execute(
                f"UPDATE {page_table} SET live_revision_id = latest_revision_id "  # noqa: S608 - our table
                "WHERE id BETWEEN %s AND %s AND content_type_id = %s",
                [first, last, self.content_type.pk],
            )

    def insert_references(self, articles):
        references = []
        article_type, page_type = self.content_type, self.page_type
        for article in articles:
            for to_type, to_id, model_path, content_path in ReferenceIndex._extract_references_from_object(
                article
            ):
                references.append(
                    ReferenceIndex(
                        content_type=article_type,
                        base_content_type=page_type,
                        object_id=str(article.pk),
                        to_content_type_id=to_type,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                )
        ReferenceIndex.objects.bulk_create(references, ignore_conflicts=True)

    def index(self, articles):
        """Add the articles to every search backend; the in-memory articles carry what it reads."""
        for backend in get_search_backends():
            if isinstance(backend, PostgresSearchBackend):
                postgres_add_bulk(backend, articles)
            else:
                backend.add_bulk(ArticlePage, articles)


def postgres_add_bulk(backend, articles) -> None:
    """`add_bulk` of Wagtail's PostgreSQL backend, with the same index entries, in one statement.

    The backend builds a Django expression per text and compiles it for every object, which is
    most of the time spent on a batch; here each search field is read once and the vectors are
    written as plain SQL: `setweight(to_tsvector(config, text), weight)` joined by `||`, exactly
    what its `SearchVector`s compile to.
    """
    index = backend.get_index_for_model(ArticlePage)
    content_type_id = get_content_type_pk(ArticlePage)
    rows, params = [], []
    for article in articles:
        indexer = ObjectIndexer(article, backend)
        prepared = [item for field in indexer.search_fields for item in indexer.prepare_field(article, field)]
        title = [(value, weight) for field, weight, value in prepared if is_title(field)]
        body = [
            (value, weight)
            for field, weight, value in prepared
            if isinstance(field, SearchField) and not is_title(field)
        ]
        autocomplete = [
            (value, weight) for field, weight, value in prepared if isinstance(field, AutocompleteField)
        ]
        parts = []
        row_params = [content_type_id, str(article.pk)]
        for texts, config in (
            (title, backend.config),
            (autocomplete, backend.autocomplete_config),
            (body, backend.config),
        ):
            sql, vector_params = tsvector_sql(texts, config)
            parts.append(sql)
            row_params += vector_params
        row_params += [
            " ".join(t for t, _w in strip_texts(title)),
            " ".join(t for t, _w in strip_texts(body)),
        ]
        rows.append(f"(%s, %s, {parts[0]}, {parts[1]}, {parts[2]}, 1.0, %s, %s)")
        params += row_params
    table = index.entries.model._meta.db_table
    with index.write_connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table}
                (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                VALUES {", ".join(rows)}
                ON CONFLICT (content_type_id, object_id) DO UPDATE SET
                    title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                    body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text""",  # noqa: S608
            params,
        )
    index._refresh_title_norms()


def is_title(field) -> bool:
    return isinstance(field, SearchField) and field.field_name == "title"


def strip_texts(texts):
    return [(text.strip(), weight) for text, weight in texts if text.strip()]


def tsvector_sql(texts, config) -> tuple[str, list]:
    texts = strip_texts(texts)
    if not texts:
        return "''::tsvector", []
    if config:
        sql = " || ".join(["setweight(to_tsvector(%s::regconfig, %s), %s)"] * len(texts))
        return f"({sql})", [value for text, weight in texts for value in (config, text, weight)]
    sql = " || ".join(["setweight(to_tsvector(%s), %s)"] * len(texts))
    return f"({sql})", [value for text, weight in texts for value in (text, weight)]
