"""Journey 8: on a phone-sized window, a Kontributor writes and submits an article."""

from news.models import ArticlePage
from tests.browser.admin import add_block, choose_page, expect_success, footer_action, type_rich_text
from tests.browser.conftest import PHONE

TITLE = "Penyuluh Agama Dampingi Warga Terdampak Banjir"


def test_kontributor_writes_and_submits_on_a_phone(browser, newsroom):
    phone = browser.login_as("kontributor", viewport=PHONE)
    # The menu folds away on a phone: open it, then "Berita".
    phone.get_by_role("button", name="Tampilkan/sembunyikan bilah samping").first.click()
    phone.get_by_role("link", name="Berita", exact=True).first.click()
    phone.get_by_role("link", name="Tambah berita").click()
    choose_page(phone, phone.get_by_role("button", name="Pilih halaman (Kategori)"), "Nasional")
    phone.get_by_role("button", name="Buat berita baru").click()

    phone.locator("#id_title").fill(TITLE)
    phone.locator("#id_lead").fill("Penyuluh agama mendampingi warga di pengungsian sejak Senin.")
    body = phone.locator("#panel-child-konten-body-content")
    type_rich_text(phone, add_block(phone, body, "Paragraf"), "Sebanyak 40 penyuluh agama disiagakan.")
    phone.get_by_label("Layanan Keagamaan Lainnya").check()
    browser.shot(phone, "phone-written")
    footer_action(phone, "Ajukan ke Redaksi")
    expect_success(phone)
    browser.shot(phone, "phone-submitted")

    article = ArticlePage.objects.get(title=TITLE)
    assert article.current_workflow_state.status == "in_progress"
    # Nothing of the editor was wider than the phone.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
