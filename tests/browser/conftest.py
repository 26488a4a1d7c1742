"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Each test gets a fresh newsroom (the demo roles' users, linked to their Person and work unit,
the categories and the Jawa Timur office) in a database restored from the migrated state, a
new browser context per role, and screenshots under var/browser-artifacts/<test>/.
"""

import os
import re
import shutil
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

CHROMIUM = os.environ.get("WARTA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "browser-artifacts"
PASSWORD = "warta-redaksi-2026"  # noqa: S105 - test logins only
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

# username, person name, group, work unit slug
ROLES = {
    "kontributor": ("Fajar Nugroho", "Kontributor", "biro-humas"),
    "redaktur": ("Indah Lestari", "Redaktur", "biro-humas"),
    "redaktur-pelaksana": ("Rina Marlina", "Redaktur Pelaksana", "biro-humas"),
    "admin-redaksi": ("Ahmad Syauqi", "Admin", "biro-humas"),
    "kontributor-jatim": ("Dewi Kartika", "Kontributor Jawa Timur", "kanwil-jawa-timur"),
    "redaktur-jatim": ("Hasan Basri", "Redaktur Jawa Timur", "kanwil-jawa-timur"),
}


def keep_snapshot_for_every_connection() -> None:
    """The migrated database's snapshot, restored after each browser test, on the connection class.

    Django keeps it on the connection object that set the test database up; after some tests (the
    demo content's) the tests reach the same database through another object, which has none, and
    a database flushed after a journey would then stay empty.
    """
    from django.db.backends.base.creation import BaseDatabaseCreation

    serialize = BaseDatabaseCreation.serialize_db_to_string

    def serialize_and_keep(self):
        contents = serialize(self)
        type(self.connection)._test_serialized_contents = contents
        return contents

    BaseDatabaseCreation.serialize_db_to_string = serialize_and_keep


keep_snapshot_for_every_connection()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time():
    """The live server answers one request at a time: with SQLite in memory all its threads share
    the test's one connection, and two requests at once (an autosave beside a chooser) break it."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        # Requests run in the server's thread, which already uses the test's connections.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = SerialWSGIServer
    yield
    LiveServerThread.server_class = threaded


@pytest.fixture(autouse=True)
def real_clock(clock):
    """The browser runs on the machine's clock, so the server must too: a picker's "today", a
    schedule one minute ahead and "5 minutes ago" all mean the same moment on both sides."""
    clock.stop()
    yield
    clock.start()


@pytest.fixture(scope="package")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that it is safe here (it is: nothing else is async).
    # Only while the browser tests run: `check --deploy` rightly fails with it set.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield from launch_chromium()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def launch_chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Newsroom:
    """What a journey needs: the live server's address and the people and sections of the newsroom."""

    url: str
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)

    def article(
        self,
        title: str,
        *,
        section: str = "nasional",
        by: str = "kontributor",
        submit: bool = True,
        approved_by: tuple[str, ...] = (),
        **fields,
    ):
        """An article as `by` wrote it (the state a journey starts from), submitted for review
        and approved by `approved_by` unless told otherwise."""
        from django.utils.text import slugify

        from news.models import ArticlePage, ArticleReporter, ArticleWorkUnit

        user, person = self.users[by], self.people[by]
        page = ArticlePage(
            title=title,
            slug=slugify(title),
            lead=fields.pop("lead", f"Teras berita {title}."),
            body=fields.pop("body", [("paragraph", f"<p>Isi berita {title}.</p>")]),
            owner=user,
            live=False,
            **fields,
        )
        page.reporters = [ArticleReporter(person=person, sort_order=0)]
        page.work_unit_links = [ArticleWorkUnit(unit=person.work_unit, sort_order=0)]
        self.sections[section].add_child(instance=page)
        page.save_revision(user=user)
        if submit:
            page.get_workflow().start(page, user)
        for approver in approved_by:
            self.approve(page, approver)
        return ArticlePage.objects.get(pk=page.pk)

    def approve(self, article, by: str) -> None:
        """`by` approves the current review step."""
        from news.models import ArticlePage

        task_state = ArticlePage.objects.get(pk=article.pk).current_workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, self.users[by], "approve")

    def approve_scheduled(self, article, go_live, by: str = "redaktur-pelaksana"):
        """The final approval with a go-live time, as the Redaktur Pelaksana gives it."""
        from django.core.serializers.json import DjangoJSONEncoder

        from news.models import ArticlePage

        user = self.users[by]
        # The schedule goes into the revision under review (as a form save would, without the
        # question of whether that edit restarts the review: journey 3 asks that through the UI).
        revision = article.get_latest_revision()
        revision.content["go_live_at"] = DjangoJSONEncoder().default(go_live)
        revision.save(update_fields=["content"])
        task_state = ArticlePage.objects.get(pk=article.pk).current_workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
        return ArticlePage.objects.get(pk=article.pk)


def make_section(parent, title: str, slug: str, **fields):
    from news.models import CategoryIndexPage

    section = CategoryIndexPage.objects.child_of(parent).filter(slug=slug).first()
    if section is None:
        section = CategoryIndexPage(title=title, slug=slug, show_in_menus=True, **fields)
        parent.add_child(instance=section)
        section.save_revision().publish()
    return section


@pytest.fixture
def newsroom(live_server, transactional_db, django_db_serialized_rollback, settings):
    """The demo newsroom, built afresh for each test (the live server needs committed data)."""
    from home.models import HomePage
    from news.models import Person, WorkUnit
    from news.roles import add_province_office

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    home = HomePage.objects.get()
    sections = {
        "nasional": make_section(home, "Nasional", "nasional"),
        "daerah": make_section(home, "Daerah", "daerah"),
        "siaran-pers": make_section(home, "Siaran Pers", "siaran-pers", press_releases=True),
    }
    sections["jawa-timur"] = make_section(sections["daerah"], "Jawa Timur", "jawa-timur")
    add_province_office(apps, sections["jawa-timur"], "Jawa Timur")
    room = Newsroom(url=live_server.url, sections=sections)
    User = get_user_model()
    for username, (name, group, unit) in ROLES.items():
        first, last = name.split(" ", 1)
        user = User.objects.create_user(
            username, email=f"{username}@warta.example", password=PASSWORD, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name=group))
        room.users[username] = user
        room.people[username] = Person.objects.create(
            name=name, user=user, work_unit=WorkUnit.objects.filter(slug=unit).first()
        )
    room.people["humas"] = Person.objects.create(
        name="Anna Hasbie",
        phone="(021) 3811642",
        email="humas@kemenag.example",
        work_unit=WorkUnit.objects.filter(slug="biro-humas").first(),
    )
    yield room
    # The database is emptied and restored next. Restoring builds workflow tasks whose __init__
    # looks up their content type: it must come from the cache, or it is created anew and the
    # restored row with the same name then clashes with it.
    ContentType.objects.get_for_models(*apps.get_models())


CSP_MARK = "CSP violation:"
CSP_LISTENER = (
    "document.addEventListener('securitypolicyviolation', (event) => console.error("
    f"'{CSP_MARK} ' + event.effectiveDirective + ' refused ' + (event.blockedURI || 'inline') + ' in '"
    " + event.documentURI + ' at ' + event.sourceFile + ':' + event.lineNumber), true);"
)


class Browser:
    """Opens one browser context per role (its own cookies), saves screenshots as artifacts."""

    def __init__(self, chromium, newsroom: Newsroom, folder: Path):
        self.chromium = chromium
        self.newsroom = newsroom
        self.folder = folder
        self.pages = []
        self.shots = 0
        self.closing = False
        # What the Content-Security-Policy refused in any window: each is a broken part of a page.
        self.csp_violations = []

    def new_page(self, viewport=None):
        context = self.chromium.new_context(
            base_url=self.newsroom.url,
            viewport=viewport or DESKTOP,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
        )
        context.set_default_timeout(15_000)
        # Only the live server: no avatars or fonts from the internet, whatever a page links to;
        # and nothing at all once the test is over (an autosave or a "leaving the editor" beacon
        # arriving while the database is being reset would write into it).
        local = re.compile(r"^https?://(localhost|127\.0\.0\.1)[:/]")

        def only_local(route):
            if self.closing or not local.match(route.request.url):
                route.abort()
            else:
                route.fallback()

        context.route("**/*", only_local)
        # Every document and frame reports what its policy refused (Chromium also logs it).
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.on("console", lambda message: self.note_console(page, message.text))
        self.pages.append(page)
        return page

    def note_console(self, page, text: str) -> None:
        if text.startswith(CSP_MARK) or "Content Security Policy" in text:
            self.csp_violations.append(f"{page.url}: {text}")

    def login_as(self, role: str, viewport=None):
        """A new window in which `role` logged in through the admin's login form."""
        page = self.new_page(viewport)
        page.goto("/admin/login/")
        page.locator("#id_username").fill(role)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/admin/$"))
        return page

    def anonymous(self, viewport=None):
        return self.new_page(viewport)

    def shot(self, page, name: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def close(self, failed: bool):
        for number, page in enumerate(self.pages, start=1):
            if failed and not page.is_closed():
                self.folder.mkdir(parents=True, exist_ok=True)
                try:
                    page.screenshot(path=self.folder / f"failure-window{number}.png", full_page=True)
                    (self.folder / f"failure-window{number}.html").write_text(page.content())
                except Exception:  # noqa: BLE001, S110 - a failed screenshot must not hide the failure
                    pass
        self.closing = True
        for page in self.pages:
            page.context.close()
        # The live server answers one request at a time, in order: once it has answered this one,
        # it has finished whatever the browser sent before.
        urllib.request.urlopen(f"{self.newsroom.url}/robots.txt", timeout=30).read()  # noqa: S310


@pytest.fixture
def browser(request, chromium, newsroom):
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
    shutil.rmtree(folder, ignore_errors=True)
    session = Browser(chromium, newsroom, folder)
    yield session
    session.close(failed=getattr(request.node, "browser_failed", True))
    # The journey may have passed, but a page the policy broke must fail it.
    refused = "\n".join(session.csp_violations)
    assert not refused, f"Content-Security-Policy refused:\n{refused}"
