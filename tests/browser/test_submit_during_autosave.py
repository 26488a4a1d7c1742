"""Journey 9: a Kontributor submits a new article while its first autosave is still under way."""

from news.models import ArticlePage
from tests.browser.admin import add_block, expect_success, footer_action, type_rich_text
from tests.browser.test_write_and_submit import start_article

TITLE = "Kemenag Salurkan Bantuan Operasional Madrasah Tahap Kedua"


def test_submit_clicked_while_the_first_autosave_is_on_its_way(browser, newsroom):
    page = browser.login_as("kontributor")
    start_article(page)
    held = []

    def hold_autosave(route):
        # The autosave asks for JSON; the editor's own submissions are page loads. The server
        # gets the autosave (and creates the page); its answer is held back.
        if route.request.method == "POST" and "application/json" in route.request.headers.get("accept", ""):
            held.append((route, route.fetch()))
        else:
            route.fallback()

    page.route("**/admin/pages/**", hold_autosave)
    # The editor takes the form as it is 2 s after loading as its unchanged state, as a person
    # who starts typing then would see it.
    page.wait_for_timeout(2500)
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_lead").fill("Bantuan operasional tahap kedua disalurkan ke 40 ribu madrasah.")
    body = page.locator("#panel-child-konten-body-content")
    type_rich_text(page, add_block(page, body, "Paragraf"), "Bantuan diterima madrasah di 34 provinsi.")
    page.get_by_label("Madrasah", exact=True).check()
    # Autosave starts after a change; click while it waits for its answer, then let it answer.
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "no autosave was under way when the action was clicked"
    footer_action(page, "Ajukan ke Redaksi")
    page.wait_for_timeout(500)
    route, answer = held.pop(0)
    route.fulfill(response=answer)
    page.unroute("**/admin/pages/**", hold_autosave)
    expect_success(page)
    browser.shot(page, "submitted-during-autosave")

    articles = ArticlePage.objects.filter(title=TITLE)
    assert articles.count() == 1
    assert articles.get().current_workflow_state.status == "in_progress"
