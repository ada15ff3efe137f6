"""The journalist's pages in a real Chromium (Debian's ``chromium``, driven by Playwright)
against a server this test starts: analyse, upload, save, search, a speaker's chart, a quote
shared by two articles, an article holding a script, keys; no console errors anywhere; a
screenshot of every page at desktop and phone width in tests/screenshots/ (git ignores it)."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest
from live_server import LiveServer

from app.core.settings import Settings

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
EXAMPLE = ('NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "We need to replenish our '
           'own stocks," he said. He added that partners would "certainly be asked to join".')
SHARED = ('Jens Stoltenberg spoke in Brussels on Friday. "We need to replenish our stocks," he '
          'told reporters. Hillary Clinton said the allies "cannot wait".')
HOSTILE = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
           '"Nothing here should run," the editor said.')
WIDTHS = {"desktop": 1280, "phone": 375}

playwright_api = pytest.importorskip("playwright.sync_api")
if not os.path.exists(CHROMIUM):
    if os.environ.get("QUOTETRACE_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is not installed (apt-get install -y chromium)")
    pytest.skip("Chromium is not installed (apt-get install -y chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("archive")
    running = LiveServer(Settings(data_dir=str(data)), header_timeout_s=10)
    yield f"http://127.0.0.1:{running.port}"
    running.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture(scope="module", autouse=True)
def screenshots():
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)


@pytest.fixture
def page(browser):
    """A page that fails the test on any console error or uncaught exception."""
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    opened.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda err: problems.append(str(err)))
    opened.on("dialog", lambda d: (problems.append("a dialog opened: " + d.message), d.dismiss()))
    yield opened
    opened.close()
    assert problems == []


def shoot(page, name: str) -> None:
    """The page at desktop and phone width; at phone width nothing may run off the side."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        if label == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})


def analyse(page, server: str, text: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Article text").fill(text)
    page.get_by_role("button", name="Find the quotes").click()
    page.wait_for_selector("#article")


def save(page, article_id: str, outlet: str, day: str) -> None:
    page.get_by_label("Archive id").fill(article_id)
    page.get_by_label("Outlet").fill(outlet)
    page.get_by_label("Published").fill(day)
    page.get_by_role("button", name="Save to archive").click()
    page.wait_for_url(f"**/articles/{article_id}")


def test_paste_the_example_and_read_who_said_it(page, server):
    page.goto(server + "/")
    shoot(page, "1-analyse-empty")
    analyse(page, server, EXAMPLE)
    marks = page.locator("#article mark.quote")
    assert marks.count() == 3
    assert {marks.nth(n).get_attribute("data-speaker-id") for n in range(3)} == {"s1"}
    marks.first.click()
    details = page.locator("#details")
    assert "Jens Stoltenberg" in details.inner_text()
    assert "salience" in details.inner_text()
    # by keyboard: Tab to a quote, Enter
    page.locator("#article mark.quote").nth(1).focus()
    page.keyboard.press("Enter")
    assert "added" in details.inner_text()
    shoot(page, "1-analyse-result")
    # filter by type: the partial quote's highlight goes, the others stay
    page.get_by_role("checkbox", name="partial").uncheck()
    assert "hide-partial" in page.locator("#article").get_attribute("class")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    assert download.value.suggested_filename == "quotes.csv"


def test_the_page_s_csv_export_runs_no_formula(page, server):
    """Hardening round three, row 7: a quote a spreadsheet would run as a formula."""
    analyse(page, server, 'Ruth Alder spoke on Monday. "=HYPERLINK(\'http://evil.example\') is '
                          'not a link we trust," she said.')
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_upload_an_html_page(page, server, tmp_path):
    html = tmp_path / "page.html"
    html.write_text("<html><head><title>NATO</title></head><body><nav>Home | World</nav>"
                    f"<article><h1>NATO</h1><p>{EXAMPLE}</p></article>"
                    "<footer>© Example News</footer></body></html>", encoding="utf-8")
    page.goto(server + "/")
    page.get_by_label("…or a file (.txt or .html)").set_input_files(str(html))
    page.get_by_role("button", name="Find the quotes").click()
    page.wait_for_selector("#article")
    assert page.locator("#article mark.quote").count() == 3
    assert "Example News" not in page.locator("#article").inner_text()


def test_save_search_and_open_the_speaker_and_the_shared_quote(page, server):
    analyse(page, server, EXAMPLE)
    save(page, "reuters-1", "Reuters", "2024-06-04")
    page.locator("#article mark.quote").first.click()
    assert page.get_by_role("link", name="Every occurrence across outlets").count() == 1
    shoot(page, "2-article")
    analyse(page, server, SHARED)
    save(page, "ap-7", "AP", "2024-07-05")
    page.goto(server + "/search")
    page.get_by_label("Speaker").fill("Stoltenberg")
    page.get_by_label("Words").fill("stocks")
    page.get_by_role("button", name="Search").click()
    results = page.locator("ol.results > li")
    assert results.count() == 2
    shoot(page, "3-search")
    results.first.locator("p.who a").first.click()  # the speaker
    page.wait_for_url("**/speakers/*")
    assert page.locator("h1").inner_text() == "Jens Stoltenberg"
    assert page.locator("svg.chart rect.bar").count() == 2  # June and July
    shoot(page, "4-speaker")
    page.locator("ol.results blockquote a").first.click()
    page.wait_for_url("**/quotes/*")
    rows = page.locator("table.occurrences tbody tr")
    assert rows.count() == 2
    assert "Reuters" in rows.first.inner_text() and "first" in rows.first.inner_text()
    assert "AP" in rows.nth(1).inner_text()
    page.get_by_label("Quote", exact=True).fill("We need to replenish our stocks")
    page.get_by_label("Speaker").fill("Jens Stoltenberg")
    page.get_by_role("button", name="Check").click()
    assert "Yes" in page.locator(".verdict").inner_text()
    assert page.locator(".verdict del").count() == 1
    shoot(page, "5-quote")


def test_an_article_holding_a_script_shows_it_as_text_and_runs_nothing(page, server):
    analyse(page, server, HOSTILE)
    assert page.evaluate("window.pwned") is None
    assert "<script>window.pwned = 1</script>" in page.locator("#article").inner_text()
    assert page.locator("#article script, #article img").count() == 0


def test_with_keys_the_page_asks_for_one_and_keeps_it_in_a_cookie(browser, tmp_path):
    running = LiveServer(Settings(data_dir=str(tmp_path), api_keys=["secret-key"]),
                         header_timeout_s=10)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{running.port}/search")
        assert "/login" in page.url
        shoot(page, "6-login")
        page.get_by_label("API key").fill("secret-key")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/search")
        assert "secret-key" not in page.url
        cookies = {c["name"]: c for c in page.context.cookies()}
        assert set(cookies) == {"quotetrace_key", "quotetrace_csrf"}
        assert all(c["httpOnly"] and c["sameSite"] == "Strict" for c in cookies.values())
        page.close()
    finally:
        running.stop()


def test_a_form_another_site_posts_stores_nothing(browser, server, tmp_path):
    """Hardening round three, row 2: a page elsewhere that posts the save form on load."""
    import http.server
    import threading
    import urllib.request
    from functools import partial

    (tmp_path / "evil.html").write_text(
        f'<form id="f" method="post" action="{server}/save">'
        '<input name="id" value="planted"><input name="text" value="&quot;Lies,&quot; he said.">'
        '</form><script>document.getElementById("f").submit()</script>', encoding="utf-8")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        analyse(page, server, EXAMPLE)  # the browser has the site's cookies
        with page.expect_response(f"{server}/save") as answered:
            page.goto(f"http://127.0.0.1:{evil.server_address[1]}/evil.html")
        assert answered.value.status == 403
        page.wait_for_load_state()
        assert "another site" in page.locator("[role=alert]").inner_text()
    finally:
        context.close()
        evil.shutdown()
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{server}/v1/articles/planted")
    assert missing.value.code == 404


def test_a_read_only_key_sees_no_save_button_and_errors_are_pages(browser, tmp_path):
    """Hardening round three, row 11."""
    running = LiveServer(Settings(data_dir=str(tmp_path), api_keys=["rw"],
                                  read_only_keys=["ro"]), header_timeout_s=10)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{running.port}/")
        page.get_by_label("API key").fill("ro")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/")
        page.get_by_label("Article text").fill(EXAMPLE)
        page.get_by_role("button", name="Find the quotes").click()
        page.wait_for_selector("#article")
        assert page.get_by_role("button", name="Save to archive").count() == 0
        missing = page.goto(f"http://127.0.0.1:{running.port}/no/such/page")
        assert missing.status == 404
        assert "no such page" in page.locator("[role=alert]").inner_text()
        shoot(page, "7-not-found")
        page.close()
    finally:
        running.stop()


def test_who_gets_quoted(page, server):
    """Issue 30: the sources page, its charts and a number followed to its quotes."""
    for article_id, outlet, day, text in [
            ("s-1", "Harbour Times", "2024-06-04",
             'Ruth Alder, a spokeswoman for the Harbour Trust, spoke on Monday. "We will ship '
             'in May," she said.'),
            ("s-2", "Harbour Times", "2024-07-02",
             'Mr. Tom Kemp spoke on Tuesday. "Prices will fall," he said. A senior official '
             'who spoke on condition of anonymity said: "Nothing is agreed."'),
            ("s-3", "Coast Post", "2024-07-09", '"We will ship in May," said Dana Wolfe.')]:
        analyse(page, server, text)
        save(page, article_id, outlet, day)
    page.goto(server + "/sources")
    assert page.locator("svg.chart.shares").count() == 2
    shoot(page, "8-sources")
    page.get_by_label("Group by").select_option("month")
    page.get_by_role("button", name="Count").click()
    page.wait_for_url("**/sources?by=month**")
    row = page.locator("table.sources tbody tr", has_text="2024-07")
    row.locator("td[data-label=Anonymous] a").click()
    page.wait_for_url("**/search?**")
    assert "Nothing is agreed." in page.locator("ol.results").inner_text()
    assert "whose speaker nobody names" in page.locator("p.hint").inner_text()
