"""axe-core (bundled by axe-playwright-python) finds no accessibility violation on any kind of
public page, on a phone (menu closed and open) and on a desktop."""

from axe_playwright_python.sync_playwright import Axe

from tests.public_pages import load_demo_newsroom, public_pages

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def readable(violation: dict) -> str:
    nodes = "\n".join(
        f"      {', '.join(map(str, node['target']))}: {node['html'][:200]!r}\n"
        f"        {node['failureSummary'].replace(chr(10), ' ')}"
        for node in violation["nodes"]
    )
    return f"    {violation['id']} ({violation['impact']}): {violation['help']}\n{nodes}"


def test_public_pages_have_no_axe_violations(browser, newsroom):
    load_demo_newsroom()
    pages = public_pages()
    axe = Axe()
    found, checked = [], 0
    for width, viewport in WIDTHS.items():
        window = browser.anonymous(viewport=viewport)  # one context per width, reused for every page
        for name, path in pages:
            # The first view of a page makes its photos' renditions (AVIF, WebP) while it renders.
            window.goto(path, timeout=300_000)
            menu = window.get_by_role("button", name="Menu")
            states = ["menu closed", "menu open"] if menu.is_visible() else ["desktop"]
            for state in states:
                if state == "menu open":
                    menu.click()
                    assert menu.get_attribute("aria-expanded") == "true"
                violations = axe.run(window).response["violations"]
                checked += 1
                if violations:
                    browser.shot(window, f"{width}-{name}-{state}")
                    listed = "\n".join(map(readable, violations))
                    found.append(f"{name} ({path}), {width}, {state}:\n{listed}")
        assert width == "desktop" or states == ["menu closed", "menu open"], f"no menu button at {viewport}"
    # Every page at both widths, the phone's twice.
    assert checked == 3 * len(pages)
    assert not found, f"axe found violations on {len(found)} page views:\n" + "\n".join(found)


def test_axe_reports_a_violation(browser, newsroom):
    """The check itself: an image without alt text on a real page is a violation."""
    window = browser.anonymous()
    window.goto("/")
    window.evaluate("document.querySelector('main').append(document.createElement('img'))")
    violations = Axe().run(window).response["violations"]
    assert "image-alt" in {violation["id"] for violation in violations}
