"""Every admin screen a newsroom role can reach speaks Indonesian.

The crawler logs in as each role, starts at the dashboard (plus the editors, choosers and
modals that are opened by script rather than by a link), follows the admin links it finds and
fails on any English word the page shows. Re-run it alone with

    .venv/bin/python -m pytest tests/test_admin_in_indonesian.py -q

Set WARTA_CRAWL_REPORT=/tmp/english.txt to write every finding (role, url, word, text) to a file,
and WARTA_CRAWL_DUMP=/some/folder to keep the HTML of every page with a finding.
WARTA_CRAWL_ROLES=kontributor,redaktur (usernames from ROLES, or logged-out) crawls only those;
WARTA_CRAWL_URLS_PER_VIEW and WARTA_CRAWL_DEPTH widen or narrow the crawl (2 and 4).
A new English word the list misses goes into WORDS; a loanword Indonesian uses stays out.
"""

import json
import os
import re
import time
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Workflow

from news.models import Person, WorkUnit
from news.roles import add_province_office
from tests.utils import make_article, make_category, make_image

# Words that are English and never Indonesian. Loanwords Indonesian editors use as they are
# (admin, editor, dashboard, tag, status, menu, filter, email, link, video, file, snippet, draft,
# username...) are deliberately absent.
WORDS = """
    about above account action actions active activity add added after again ago all already
    also an and another any are as ascending at available back be been before below between
    both but by can cancel cannot change changed changes choose chosen clear click close
    collection collections comment comments compare confirm copy could create created current
    date days delete deleted descending details did disabled do does done down drag edit
    edited editing enter error errors every expired expiry failed field fields find first for
    forgotten from go has have here hide history hours how if image images in insert into is
    it item items its last latest less live locked made make manage many may me minutes
    more most move must my name need never new next no none not nothing now of off on one only
    open or order other our out over owner page pages parent password please preview previous
    private public publish published publishing recent rejected remember remove replace
    request requested required restart results revision revisions save saved schedule
    scheduled search see select selected set settings shared should show sign since site so
    some sort submit submitted such than that the their them then there these they this those
    to today type under unlock unpublish unpublished up update updated upload uploaded usage
    use used user users using version view was we were what when where which while who will
    with without workflow would yes yesterday you your
    access anchor approve approved browse child children decorative differences download
    duplicate entries following full height hour information initial language matches matching
    minute month notifications once privacy region report reviewers root sent snippets sorry started
    subpage subpages successful task tasks title week welcome width year
    """
ENGLISH_WORDS = frozenset(WORDS.split())
# Proper names and loanwords that are spelled like English: never a finding on their own.
ALLOWED_TEXT = re.compile(r"^(Wagtail|Warta|Django|Draftail|JavaScript|WIB|WITA|WIT|UTC)$")
SKIPPED_ELEMENTS = {"script", "style", "svg", "code", "pre", "textarea"}
TEXT_ATTRIBUTES = (
    "title",
    "aria-label",
    "placeholder",
    "alt",
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
)
# English that Wagtail writes into its templates without translation, on screens every role sees
# (wagtailadmin/home.html and shared/header.html: a submit button only screen readers reach) or
# only the superuser sees (the column names of Settings > Sites, the page field of the workflow
# and group permission forms, all labelled from field names).
UNTRANSLATABLE = {"Search", "Site name", "Root page", "Page"}
# Permission names are stored in the database in English when Django creates them ("Can add
# tag", "Wagtail inti | halaman | Publish any page"); only the superuser's group editor shows them.
PERMISSION_NAME = re.compile(r"^(Can (add|change|delete|view|access|choose) .+|[^|]+ \| [^|]+ \| .+)$")
# A stored file's name, as editors uploaded it: Django adds random letters ("siaran_On2Ffbx.pdf")
# when the name is taken, which may spell an English word.
UPLOADED_FILE_NAME = re.compile(
    r"[\w-]+\.(pdf|jpe?g|png|gif|webp|svg|txt|rtf|docx?|xlsx?|pptx?|odt|ods|zip)", re.IGNORECASE
)
# GET views with a side effect, or that serve something that is not an admin screen.
SKIPPED_URL_NAMES = {
    "wagtailadmin_logout",
    "wagtailadmin_pages:view_draft",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:preview_on_add",
    "wagtailadmin_pages:preview_revision",
    "wagtailadmin_pages:revisions_view",
    "wagtaildocs_serve",
    "wagtailimages_serve",
    "wagtailimages:preview",
    "wagtaildocs:document_chooser_upload",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_error_test",
    "wagtailadmin_dismissibles",
}
SKIPPED_PATHS = re.compile(
    r"/(logout|jsi18n|api)/|/preview/|[?&](export|ordering)=|\.(css|js|png|jpg|svg|ico|pdf|json)$"
)
URLS_PER_VIEW = int(os.environ.get("WARTA_CRAWL_URLS_PER_VIEW", 2))  # per resolved URL name
MAX_DEPTH = int(os.environ.get("WARTA_CRAWL_DEPTH", 4))  # links followed from a seed
ROLES = [
    ("superuser", None),
    ("admin-redaksi", "Admin"),
    ("redpel", "Redaktur Pelaksana"),
    ("redaktur", "Redaktur"),
    ("kontributor", "Kontributor"),
    ("kontributor-jatim", "Kontributor Jawa Timur"),
    ("redaktur-jatim", "Redaktur Jawa Timur"),
]


class VisibleText(HTMLParser):
    """The text a person reads on a page: text nodes, tooltips, placeholders and button labels.

    Scripts, styles, icons and code are left out, and so are `hidden` elements (Wagtail's empty
    counters print "None" there) except tab panels, which a click shows. The main menu, which
    a script draws from JSON, gives its labels and links.
    """

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.links: list[str] = []
        self.skipped: list[str] = []  # open elements whose content is not read
        self.in_menu = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        self.in_menu = attributes.get("id") == "wagtail-sidebar-props"
        hidden = "hidden" in attributes and attributes.get("role") != "tabpanel"
        if self.skipped or tag in SKIPPED_ELEMENTS or hidden:
            if tag not in self.VOID:
                self.skipped.append(tag)
            return
        for name in TEXT_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.texts.append(attributes["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.skipped and self.skipped[-1] == tag and tag not in self.VOID:
            self.skipped.pop()

    def handle_endtag(self, tag):
        if tag in self.skipped:
            while self.skipped.pop() != tag:
                pass

    def handle_data(self, data):
        if self.in_menu:
            self.in_menu = False
            self.read_menu(json.loads(data))
        if not self.skipped and data.strip():
            self.texts.append(" ".join(data.split()))

    def read_menu(self, node):
        if isinstance(node, dict):
            if isinstance(node.get("url"), str):
                self.links.append(node["url"])
            if isinstance(node.get("label"), str):
                self.texts.append(node["label"])
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                self.read_menu(child)


def english_in(texts: list[str], allowed: set[str]) -> list[tuple[str, str]]:
    findings = []
    for text in texts:
        if (
            text in allowed
            or text in UNTRANSLATABLE
            or ALLOWED_TEXT.match(text)
            or PERMISSION_NAME.match(text)
            or re.fullmatch(r"[\w+-]+/[\w+/-]+", text)
            or UPLOADED_FILE_NAME.fullmatch(text)
        ):
            continue
        for word in re.findall(r"[A-Za-z]+", text):
            if word.lower() in ENGLISH_WORDS:
                findings.append((word, text[:160]))
                break
    return findings


def page_html(response) -> str:
    """The markup a person sees: the page itself, or the HTML inside a modal's JSON answer."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(response.content)
        except ValueError:
            return ""
        return data.get("html", "") if isinstance(data, dict) else ""
    return response.content.decode() if content_type.startswith("text/html") else ""


class AdminInIndonesianTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        nasional = make_category("Nasional", "nasional")
        daerah = make_category("Daerah", "daerah")
        jatim = make_category("Jawa Timur", "jawa-timur", parent=daerah)
        add_province_office(apps, jatim, "Jawa Timur")
        User = get_user_model()
        cls.users = {"superuser": User.objects.create_superuser("superuser", "su@example.com", "x")}
        for username, group in ROLES[1:]:
            user = User.objects.create_user(username, email=f"{username}@example.com", password="x")  # noqa: S106
            user.groups.add(Group.objects.get(name=group))
            cls.users[username] = user
        person = Person.objects.create(name="Fajar Nugroho", user=cls.users["kontributor"])
        unit = WorkUnit.objects.get(slug="kanwil-jawa-timur")
        image = make_image(title="Foto Haji")
        document = get_document_model()(title="Siaran pers haji")
        document.file.save("siaran.pdf", ContentFile(b"%PDF-1.4 uji"), save=True)
        cls.published = make_article(
            nasional, "Berita terbit", hero_image=image, reporters=[person], work_units=[unit], tags=["haji"]
        )
        cls.published.save_revision(user=cls.users["kontributor"])  # a draft beside the live version
        cls.draft = make_article(nasional, "Berita konsep", publish=False, owner=cls.users["kontributor"])
        cls.draft.go_live_at = timezone.now() - timezone.timedelta(days=1)  # a schedule already past
        cls.draft.save_revision(user=cls.users["kontributor"])
        workflow = Workflow.objects.get(name="Review Redaksi")
        cls.in_review = make_article(
            nasional, "Berita dalam review", publish=False, owner=cls.users["kontributor"]
        )
        cls.in_review.save_revision(user=cls.users["kontributor"])
        workflow.start(cls.in_review, cls.users["kontributor"])
        cls.rejected = make_article(
            nasional, "Berita perlu perbaikan", publish=False, owner=cls.users["kontributor"]
        )
        cls.rejected.save_revision(user=cls.users["kontributor"])
        state = workflow.start(cls.rejected, cls.users["kontributor"])
        state.current_task_state.reject(user=cls.users["redaktur"], comment="Tambahkan kutipan.")
        cls.rejected_state = state
        cls.regional = make_article(
            jatim, "Berita Kanwil Jawa Timur", publish=False, owner=cls.users["kontributor-jatim"]
        )
        cls.regional.save_revision(user=cls.users["kontributor-jatim"])
        workflow.start(cls.regional, cls.users["kontributor-jatim"])
        cls.image, cls.document, cls.person, cls.unit = image, document, person, unit
        cls.nasional = nasional

    def seeds(self) -> list[str]:
        """Screens that scripts open (modals, choosers) or that no link leads to directly."""
        urls = [reverse("wagtailadmin_home")]
        for page in (self.published, self.draft, self.in_review, self.rejected, self.regional):
            urls += [
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                reverse("wagtailadmin_pages:history", args=[page.pk]),
                reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
            ]
        urls += [
            reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.nasional.pk]),
            reverse("wagtailadmin_pages:add_subpage", args=[self.nasional.pk]),
            reverse(
                "wagtailadmin_pages:workflow_history_detail",
                args=[self.rejected.pk, self.rejected_state.pk],
            ),
            reverse("wagtailadmin_pages:revisions_index", args=[self.published.pk]),
            reverse("wagtailadmin_choose_page"),
            reverse("wagtailadmin_choose_page_external_link"),
            reverse("wagtailadmin_choose_page_email_link"),
            reverse("wagtailadmin_choose_page_anchor_link"),
            reverse("wagtailimages_chooser:choose"),
            reverse("wagtailimages_chooser:choose_results") + "?q=tidakada",
            reverse("wagtailimages_chooser:chosen", args=[self.image.pk]),
            reverse("wagtailimages_chooser:select_format", args=[self.image.pk]),
            reverse("wagtaildocs_chooser:choose"),
            reverse("wagtaildocs_chooser:choose_results") + "?q=tidakada",
            reverse("wagtailimages:index") + "?q=tidakada",
            reverse("wagtailimages:add_multiple"),
            reverse("wagtaildocs:add_multiple"),
            reverse("wagtailsnippetchoosers_news_person:choose"),
            reverse("wagtailsnippetchoosers_news_workunit:choose"),
            reverse("wagtailsnippetchoosers_news_servicearea:choose"),
            reverse("wagtailsnippets_news_person:edit", args=[self.person.pk]),
            reverse("wagtailsnippets_news_person:add"),
            reverse("wagtailadmin_tag_autocomplete") + "?term=ha",
            reverse("wagtailadmin_account"),
            reverse("wagtailadmin_pages:search") + "?q=berita",
            reverse("wagtailadmin_pages:search") + "?q=tidakada",
        ]
        if self.in_review.current_workflow_task_state:
            state = self.in_review.current_workflow_task_state
            for action in ("approve", "reject"):
                urls.append(
                    reverse("wagtailadmin_pages:workflow_action", args=[self.in_review.pk, action, state.pk])
                )
        return urls

    def crawl(self, username: str | None) -> tuple[dict, list[str]]:
        """Every admin screen reachable by `username` (None: logged out) within MAX_DEPTH links."""
        if username:
            self.client.force_login(self.users[username])
        seeds = (
            self.seeds()
            if username
            else [reverse("wagtailadmin_login"), reverse("wagtailadmin_password_reset")]
        )
        findings: dict[str, list] = {}
        per_view: dict[str, int] = defaultdict(int)
        seen: set[str] = set()
        queue = deque((url, 0) for url in seeds)
        fetched: list[str] = []
        while queue:
            url, depth = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            path = urlsplit(url).path
            try:
                view_name = resolve(path).view_name
            except Resolver404:
                continue
            if view_name in SKIPPED_URL_NAMES or per_view[view_name] >= URLS_PER_VIEW:
                continue
            if depth and view_name.endswith("results"):  # the fragment its listing already showed
                continue
            per_view[view_name] += 1
            response = self.client.get(url)
            fetched.append(f"{response.status_code} {url}")
            if response.status_code >= 500:
                findings[url] = [("500", "server error")]
                continue
            html = page_html(response)
            if response.status_code != 200 or not html:
                continue
            parser = VisibleText()
            parser.feed(html)
            found = english_in(parser.texts, self.content_texts)
            if found:
                findings[url] = found
                if os.environ.get("WARTA_CRAWL_DUMP"):
                    name = re.sub(r"\W+", "_", f"{username}{url}")[:150]
                    with open(os.path.join(os.environ["WARTA_CRAWL_DUMP"], f"{name}.html"), "w") as out:
                        out.write(html)
            if depth >= MAX_DEPTH:
                continue
            links = sorted(
                {urldefrag(urljoin(url, link)).url for link in parser.links},
                key=lambda link: ("?" in link, link),  # plain views before their sorted/filtered variants
            )
            for link in links:
                if link.startswith("/admin/") and not SKIPPED_PATHS.search(link) and link not in seen:
                    queue.append((link, depth + 1))
        self.client.logout()
        return findings, fetched

    @property
    def content_texts(self) -> set[str]:
        """What editors typed (titles, names, file names): theirs, not the interface's."""
        return {"siaran.pdf", "uji.jpg"}

    def test_no_role_sees_english(self):
        report, summary, visited = [], [], []
        only = os.environ.get("WARTA_CRAWL_ROLES", "").split(",")  # e.g. "kontributor,redaktur"
        for username in [None] + [username for username, _group in ROLES]:
            if only != [""] and (username or "logged-out") not in only:
                continue
            started = time.monotonic()
            findings, fetched = self.crawl(username)
            summary.append(
                f"{username or 'logged out'}: {len(fetched)} pages in {time.monotonic() - started:.1f} s"
            )
            visited += [f"{username}\t{line}" for line in fetched]
            for url, found in findings.items():
                for word, text in found:
                    report.append(f"{username}\t{url}\t{word}\t{text}")
        if os.environ.get("WARTA_CRAWL_REPORT"):
            with open(os.environ["WARTA_CRAWL_REPORT"], "w") as handle:
                handle.write("\n".join(summary + report + ["", "Visited:"] + visited) + "\n")
        where: dict[str, str] = {}
        for line in report:
            username, url, _word, text = line.split("\t")
            where.setdefault(text, f"{username or 'logged out'} {url}")
        self.assertEqual(
            where, {}, "English on admin screens (text: first role and URL showing it)\n" + "\n".join(summary)
        )

    def test_the_sign_in_page_names_warta_and_speaks_indonesian(self):
        response = self.client.get(reverse("wagtailadmin_login"))
        self.assertContains(response, "<h1>Masuk ke Warta</h1>", html=True)
        self.assertContains(response, "<title>Masuk - Warta</title>", html=True)
        for indonesian in ["Kata sandi", "Lupa kata sandi?", "Ingat saya"]:
            self.assertContains(response, indonesian)
        for english in ["Wagtail</h1>", "Password", "Forgotten password?", "Remember me"]:
            self.assertNotContains(response, english)

    def test_page_search_counts_pages_not_none(self):
        self.client.force_login(self.users["kontributor-jatim"])
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Kanwil"})
        self.assertContains(response, "1-1 dari 1 halaman")
        self.assertNotContains(response, "1 None")

    def test_the_editor_of_an_article_sent_back_speaks_indonesian(self):
        self.client.force_login(self.users["kontributor"])
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.rejected.pk]))
        for indonesian in ["Judul halaman", "Daftar tag, dipisahkan dengan koma.", "Lihat rincian"]:
            self.assertContains(response, indonesian)
        # Only Redaktur and above may restart a review (news.workflow); its label is Indonesian.
        self.assertNotContains(response, "Mulai ulang alur kerja")
        with translation.override("id"):
            self.assertEqual(translation.gettext("Restart workflow "), "Mulai ulang alur kerja")
        history = self.client.get(reverse("wagtailadmin_pages:history", args=[self.rejected.pk]))
        self.assertContains(history, "Perubahan diminta pada tahap &#x27;Review Redaktur&#x27;")

    def test_an_office_without_images_is_told_so_in_indonesian(self):
        get_image_model().objects.all().delete()  # the office also sees the centre's photos
        self.client.force_login(self.users["kontributor-jatim"])
        response = self.client.get(reverse("wagtailimages_chooser:choose"))
        self.assertIn("Anda belum mengunggah gambar apa pun.", response.json()["html"])

    def test_an_invalid_schedule_is_named_in_indonesian(self):
        # Shown only after a rejected save, which the crawl (GET only) never makes.
        with translation.override("id"):
            self.assertEqual(translation.gettext("Invalid schedule"), "Jadwal tidak valid")
