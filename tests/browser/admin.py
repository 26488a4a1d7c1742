"""Drivers for the Wagtail admin's widgets, used the way an editor uses them (click and type)."""

import io
import re

from PIL import Image as PILImage
from playwright.sync_api import Locator, Page, expect


def photo(name: str = "foto.jpg", color=(22, 101, 52)) -> dict:
    """A JPEG as a file the browser uploads."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 675), color).save(buffer, "JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def pdf(name: str = "siaran-pers.pdf", title: str = "Siaran Pers") -> dict:
    from news.management.commands.load_demo_content import make_pdf

    return {"name": name, "mimeType": "application/pdf", "buffer": make_pdf(title)}


def modal(page: Page) -> Locator:
    """The chooser dialog that is open."""
    dialog = page.locator(".modal-dialog").last
    expect(dialog).to_be_visible()
    return dialog


def wait_modal_closed(page: Page) -> None:
    expect(page.locator(".modal-dialog:visible")).to_have_count(0, timeout=20_000)


def choose_page(page: Page, choose_button: Locator, *path: str):
    """Open a page chooser and walk down: navigate into each page of `path` but the last, choose that."""
    choose_button.click()
    dialog = modal(page)
    target = dialog.locator("a.choose-page", has_text=re.compile(f"^\\s*{re.escape(path[-1])}\\s*$")).first
    for title in path[:-1]:
        dialog.locator("a.choose-page").first.wait_for()
        if target.is_visible():  # the chooser opened where the user works, further down
            break
        row = dialog.locator("tr", has=page.locator("a.choose-page", has_text=title))
        row.locator("a.navigate-pages").click()
        expect(dialog.locator(".w-breadcrumbs, header")).to_contain_text(title)
    target.click()
    wait_modal_closed(page)


def upload_image(
    page: Page, choose_button: Locator, file: dict, *, title: str, alt: str, caption: str, credit: str
):
    """Open an image chooser, upload a photo in its "Unggah" tab with its details; it is chosen."""
    choose_button.click()
    dialog = modal(page)
    dialog.get_by_role("tab", name="Unggah").click()
    dialog.locator("input[type=file]").set_input_files(file)
    dialog.locator("#tab-upload input[name$=title]").fill(title)
    dialog.locator("input[name$=description]").fill(alt)
    dialog.locator("input[name$=caption]").fill(caption)
    dialog.locator("input[name$=credit]").fill(credit)
    dialog.locator("#tab-upload button[type=submit]").click()
    wait_modal_closed(page)


def upload_document(page: Page, choose_button: Locator, file: dict, *, title: str):
    """Open a document chooser and upload a file in its "Unggah" tab; it is chosen."""
    choose_button.click()
    dialog = modal(page)
    dialog.get_by_role("tab", name="Unggah").click()
    dialog.locator("input[type=file]").set_input_files(file)
    dialog.locator("#tab-upload input[name$=title]").fill(title)
    dialog.locator("#tab-upload button[type=submit]").click()
    wait_modal_closed(page)


def choose(page: Page, choose_button: Locator, name: str, search: str | None = None):
    """Open a chooser (image, document, snippet or page), search and click the item called `name`."""
    choose_button.click()
    dialog = modal(page)
    if search is not None:
        dialog.locator("input[name=q]").fill(search)
    dialog.locator("[data-chooser-modal-choice]", has_text=name).first.click()
    wait_modal_closed(page)


def add_block(page: Page, stream: Locator, label: str) -> Locator:
    """Insert a block at the end of a StreamField through its "+" menu; returns the new block."""
    blocks = stream.locator("[data-streamfield-stream-container] > [data-streamfield-child]")
    before = blocks.count()
    stream.locator(".c-sf-add-button").last.click()
    page.wait_for_timeout(300)
    if blocks.count() == before:  # a stream of one block type inserts it without a menu
        option = page.locator(
            ".w-combobox__option:visible", has_text=re.compile(f"^\\s*{re.escape(label)}\\s*$")
        )
        option.click()
    expect(blocks).to_have_count(before + 1)
    return blocks.last


def type_rich_text(page: Page, container: Locator, text: str) -> None:
    """Type into a Draftail editor."""
    editor = container.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.type(text)
    expect(editor).to_contain_text(text)
    # Draftail writes the field's value a moment later; a form sent before that loses the text.
    stored = container.locator("input[type=hidden][name$=-value]").first
    expect(stored).to_have_value(re.compile(re.escape(text[:30])))


def add_tag(page: Page, field_name: str, tag: str) -> None:
    """Type a tag into the tags widget and confirm it with Enter."""
    field = page.locator(f"input[name={field_name}]").locator("xpath=..")
    box = field.locator("input.ui-autocomplete-input")
    box.click()
    box.type(tag)
    box.press("Enter")
    expect(field.locator(".tagit-choice", has_text=tag)).to_be_visible()


def type_datetime(page: Page, field: Locator, value: str) -> None:
    """Type a date and time into a date-time picker field as an editor does, then leave it."""
    field.click()
    field.fill("")
    field.type(value)
    # Leave the field by clicking beside it (Tab would open the next field's calendar over the
    # dialog's buttons): the dialog's title, or the form's current tab.
    dialog = field.locator("xpath=ancestor::*[@role='dialog'][1]")
    if dialog.count():
        dialog.locator("h2").first.click()
    else:
        page.get_by_role("tab", selected=True).first.click()
    # The picker's calendar closes when the field loses focus, and what was typed stays.
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    expect(field).to_have_value(value)


def footer_action(page: Page, label: str) -> None:
    """Click the editor's main action in its footer: visible without opening the footer's menu."""
    button = page.locator("footer").get_by_role("button", name=label, exact=True).filter(visible=True)
    expect(button.first).to_be_visible()
    button.first.click()


def menu_action(page: Page, label: str) -> None:
    """Click an action of the footer's "more" menu (the arrow beside the main action)."""
    page.locator("footer .w-dropdown__toggle, .footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name=label, exact=True).click()


def expect_success(page: Page, text: str | re.Pattern | None = None) -> Locator:
    """The page says, in a success message, that the action was done."""
    message = page.locator(".messages .success, .messages [class*=success]").first
    expect(message).to_be_visible()
    if text is not None:
        expect(message).to_contain_text(text)
    return message


def expect_saved(page: Page) -> None:
    """The form was saved: a success message, no validation error."""
    page.wait_for_load_state()
    expect(page.locator(".messages .error")).to_have_count(0)
    expect_success(page)


def preview_panel(page: Page):
    """Open the editor's preview side panel; returns the frame showing the preview."""
    page.get_by_role("button", name=re.compile("pratinjau", re.IGNORECASE)).first.click()
    frame = page.frame_locator("iframe[data-w-preview-target=iframe]").first
    return frame
