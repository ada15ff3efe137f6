"""The pages without a browser: headers, switches, keys, errors (the browser tests drive them)."""

from fastapi.testclient import TestClient
from forms import post_form

from app.core.settings import Settings
from app.web.main import create_app


def test_pages_send_a_content_security_policy_and_the_api_docs_do_not(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path))))
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "content-security-policy" not in client.get("/docs").headers
    assert client.get("/static/app.js").status_code == 200


def test_the_pages_can_be_off(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), ui=False)))
    assert client.get("/").status_code == 404
    assert client.get("/static/app.css").status_code == 404
    assert client.get("/healthz").status_code == 200


def test_without_the_archive_the_pages_offer_no_search(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), archive=False)))
    page = client.get("/").text
    assert "Search the archive" not in page
    assert post_form(client, "/save", data={"id": "x", "text": "t"}).status_code == 404


def test_keys_the_page_asks_for_one_read_only_keys_cannot_save(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), api_keys=["rw"],
                                            read_only_keys=["ro"])))
    asked = client.get("/search", follow_redirects=False)
    assert asked.status_code == 303 and asked.headers["location"] == "/login?next=/search"
    assert post_form(client, "/login", data={"key": "wrong"}).status_code == 401
    post_form(client, "/login", data={"key": "ro", "next": "https://elsewhere.example/"})
    assert client.get("/search").status_code == 200
    assert post_form(client, "/save", data={"id": "x", "text": "t"}).status_code == 403
    post_form(client, "/logout")
    assert client.get("/search", follow_redirects=False).status_code == 303


def test_a_redirect_after_login_stays_on_this_site(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), api_keys=["rw"])))
    answer = post_form(client, "/login", data={"key": "rw", "next": "//elsewhere.example/"},
                         follow_redirects=False)
    assert answer.headers["location"] == "/"


def test_unknown_things_are_pages_that_say_so(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path))))
    for path in ("/articles/none", "/speakers/9", "/quotes/9"):
        answer = client.get(path)
        assert answer.status_code == 404 and "There is no" in answer.text
    empty = post_form(client, "/analyse", data={"text": "  "})
    assert empty.status_code == 422 and "Paste an article" in empty.text
