"""The web app in a real headless Chromium: stories list, a story, an entry through to its source
sentence, search, a hostile article's markup shown as text, reading without JavaScript. The story
page's screenshot in docs/ is taken here, so it stays current.

Chromium is Debian's (`scripts/setup` installs it) or Playwright's own; the tests skip, saying
which is missing, when there is neither.
"""

from __future__ import annotations

import shutil
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install playwright)"
)

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "story-page.png"
# Chromium on a machine with no network: no background connections, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(web_store_path: Path) -> Iterator[str]:
    import uvicorn

    from storyline.api import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(f"sqlite:///{web_store_path}"), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        if executable is None and not Path(playwright.chromium.executable_path).exists():
            pytest.skip(
                "no Chromium: install Debian's chromium (scripts/setup dev does) or `playwright install chromium`"
            )
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def _open_biggest_story(page: sync_api.Page, base_url: str) -> None:
    page.goto(base_url + "/")
    links = page.locator("a.story-link")
    assert links.count() >= 1
    # The stories come largest first: the examples' dam story leads.
    links.first.click()
    page.wait_for_url("**/stories/**")


def test_from_the_stories_list_to_an_entry_and_its_source_sentence(
    page: sync_api.Page, base_url: str
) -> None:
    _open_biggest_story(page, base_url)
    assert page.locator("#timeline-svg .point").count() >= 5
    entry = page.locator("ol.entries li.entry.event").first
    entry_text = entry.locator("p").first.inner_text()
    source = entry.locator("a.source").first
    sentence_id = source.get_attribute("href").split("#", 1)[1]  # type: ignore[union-attr]
    source.click()
    page.wait_for_url("**/articles/**")
    target = page.locator(f"#{sentence_id}")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == sentence_id
    # The entry's words are the source sentence's (an entry may trim the sentence's edges).
    assert entry_text[:40].strip() in " ".join(target.inner_text().split())


def test_the_timeline_zooms_from_the_whole_story_to_days(page: sync_api.Page, base_url: str) -> None:
    _open_biggest_story(page, base_url)
    drawing = page.locator("#timeline-svg")
    whole = float(drawing.get_attribute("width") or 0)
    page.locator("#zoom").fill("3")
    days = float(drawing.get_attribute("width") or 0)
    assert days > whole * 5
    assert page.locator("#zoom-label").inner_text() == "days"


def test_story_page_screenshot(page: sync_api.Page, base_url: str) -> None:
    _open_biggest_story(page, base_url)
    assert page.locator(".badge.conflict").count() >= 1  # the examples plant conflicts
    taken = page.screenshot(full_page=False)
    assert taken.startswith(b"\x89PNG") and len(taken) > 10_000
    # Font smoothing changes a few pixels from run to run: the file is rewritten only when the
    # page looks different, so that a test run leaves the checkout clean.
    if not SCREENSHOT.exists() or _pixels_differ(SCREENSHOT.read_bytes(), taken):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_bytes(taken)


def _pixels_differ(old: bytes, new: bytes, share: float = 0.001) -> bool:
    """Whether two PNGs differ in more than `share` of their (filtered) pixel bytes, or in size."""

    def pixel_bytes(png: bytes) -> bytes:
        position, data = 8, b""
        while position < len(png):
            (length,) = struct.unpack(">I", png[position : position + 4])
            if png[position + 4 : position + 8] == b"IDAT":
                data += png[position + 8 : position + 8 + length]
            position += 12 + length
        return zlib.decompress(data)

    before, after = pixel_bytes(old), pixel_bytes(new)
    if len(before) != len(after) or old[16:24] != new[16:24]:  # the width and height in IHDR
        return True
    return sum(a != b for a, b in zip(before, after, strict=True)) > share * len(after)


def test_search_finds_articles_and_leads_to_them(page: sync_api.Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("header input[name=q]", "sirens")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=sirens*")
    results = page.locator("ol.results a.result")
    assert results.count() >= 2
    assert page.locator("ol.results mark").first.inner_text().lower().startswith("siren")
    results.first.click()
    page.wait_for_url("**/articles/**")
    assert "siren" in page.locator(".text").inner_text().lower()


def test_a_hostile_articles_markup_is_shown_as_text(page: sync_api.Page, base_url: str) -> None:
    page.goto(base_url + "/search?q=reservoir+notice")
    page.locator("ol.results a.result").first.click()
    page.wait_for_url("**/articles/**")
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("script:not([src])").count() == 0
    text = page.locator(".text").inner_text()
    assert '<img src=x onerror="window.pwned = true">' in text
    assert page.locator("h1").inner_text().startswith("<script>") or "<script>" in text


def test_pages_read_without_javascript(browser: sync_api.Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        _open_biggest_story(page, base_url)
        assert page.locator("ol.entries li.entry").count() >= 5
        assert page.locator("table.claims tbody tr").count() >= 5
        assert page.locator("#zoom").is_hidden()  # the zoom needs the script, so it stays hidden
    finally:
        context.close()


def test_the_pages_work_under_their_content_security_policy(page: sync_api.Page, base_url: str) -> None:
    # Every violation is both logged to the console and fired as an event; neither may happen.
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    served = page.goto(base_url + "/")
    assert served is not None and "script-src 'self'" in served.headers["content-security-policy"]
    _open_biggest_story(page, base_url)
    page.locator("#zoom").fill("2")  # the script ran under the policy
    assert page.locator("#zoom-label").inner_text() == "weeks"
    violations = list(page.evaluate("window.__violations"))
    page.locator("a.source").first.click()
    page.wait_for_url("**/articles/**")
    violations += page.evaluate("window.__violations")
    page.goto(base_url + "/search?q=dam")
    violations += page.evaluate("window.__violations")
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line]
    # The stylesheet applied: the header is laid out by it, not the browser's defaults.
    assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") != "block"
