"""Hardening, round three: what a careless client and an attacker found, row by row."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from forms import post_form

from app.core.settings import Settings
from app.web.main import create_app

TEXT = ('NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "We need to replenish our own '
        'stocks," he said.')


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(Settings(data_dir=str(tmp_path))))


@pytest.fixture
def on_both(database_url, tmp_path):
    """A client on SQLite, then on PostgreSQL (as the archive suite runs)."""
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), database_url=database_url)),
                        raise_server_exceptions=False)
    assert client.post("/v1/articles", json={"id": "r1", "text": TEXT}).status_code == 200
    return client


# -- row 1: an id is an address; nothing is stored that cannot be read and deleted ------------
@pytest.mark.parametrize("article_id", ["a/b", "../../etc/passwd", "..", ".", "a\\b", "a\tb"])
def test_an_id_that_is_no_address_is_refused_and_nothing_is_stored(client, article_id):
    response = client.post("/v1/articles", json={"id": article_id, "text": TEXT})
    assert response.status_code == 422
    assert "an article id may hold any character but '/'" in response.text
    assert client.get("/v1/quotes", params={"q": "replenish"}).json()["quotes"] == []


def test_an_id_with_other_signs_is_read_and_deleted_like_any_other(client):
    article_id = "polnear:ap-7?x=1#frag ü"
    assert client.post("/v1/articles", json={"id": article_id, "text": TEXT}).status_code == 200
    path = "/v1/articles/polnear:ap-7%3Fx=1%23frag%20%C3%BC"
    assert client.get(path).json()["id"] == article_id
    found = client.get("/search", params={"q": "replenish"}).text
    assert 'href="/articles/polnear%3Aap-7%3Fx%3D1%23frag%20%C3%BC"' in found
    assert client.get("/articles/polnear%3Aap-7%3Fx%3D1%23frag%20%C3%BC").status_code == 200
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404


def test_the_pages_refuse_such_an_id_with_a_page(client):
    response = post_form(client, "/save", data={"id": "a/b", "text": TEXT},
                           headers={"Origin": "http://testserver"})
    assert response.status_code == 422 and "<html" in response.text.lower()
    assert "any character but" in response.text


# -- row 4 and row 9: no parameter gets a 5xx; a forged or huge cursor is a 422 ---------------
HUGE_CURSOR = "1" + "0" * 21  # an offset of 10**21


@pytest.mark.parametrize("params", [
    {"until": "9999-12-31"}, {"speaker": "99999999999999999999"},
    {"speaker": "9223372036854775808"}, {"cursor": HUGE_CURSOR}, {"cursor": "bm90IGpzb24="},
    {"cursor": "999999999"},
    {"since": "0001-01-01", "until": "9999-12-30"}])
def test_no_search_parameter_gets_a_server_error(on_both, params):
    response = on_both.get("/v1/quotes", params=params)
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/search?until=9999-12-31", "/search?q=x&speaker=99999999999",
                                  "/speakers/99999999999999999999",
                                  "/quotes/99999999999999999999", "/speakers/0",
                                  "/v1/speakers/99999999999999999999"])
def test_pages_and_routes_with_a_huge_id_or_date_answer_422_in_their_format(on_both, path):
    response = on_both.get(path)
    assert response.status_code == 422, response.text
    if path.startswith("/v1/"):
        assert response.json()["detail"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "<html" in response.text.lower()


# -- row 7: no cell of an export runs as a formula ------------------------------------------
def test_csv_cells_that_would_run_as_formulas_are_neutralised(client):
    text = ('=HYPERLINK("http://evil.example") said on Monday: "@SUM(A1:A9) and -2 are '
            'numbers we will not pay," she said.')
    response = client.post("/v1/articles", json={"id": "f1", "text": text,
                                                 "outlet": "+Evil Outlet"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(client.get("/v1/quotes", params={"format": "csv"}).text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'@SUM") for cell in cells)
    assert any(cell.startswith("'+Evil") for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


# -- row 11: a browser gets pages for errors; a read-only key sees no save form ---------------
def test_a_browser_gets_pages_for_404_and_500(tmp_path, monkeypatch):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path))),
                        raise_server_exceptions=False)
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "<html" in missing.text.lower()
    assert client.get("/v1/no/such/route").json()["detail"]
    import app.web.routes.pages as pages

    def broken(*args, **kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(pages, "highlighted", broken)
    failed = post_form(client, "/analyse", data={"text": TEXT})
    assert failed.status_code == 500 and "<html" in failed.text.lower()
    assert "Traceback" not in failed.text


def test_a_read_only_key_sees_no_save_form_and_a_refusal_is_a_page(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), api_keys=["rw"],
                                            read_only_keys=["ro"])))
    client.cookies.set("quotetrace_key", "ro")
    analysed = post_form(client, "/analyse", data={"text": TEXT})
    assert analysed.status_code == 200 and 'action="/save"' not in analysed.text
    refused = post_form(client, "/save", data={"id": "x1", "text": TEXT})
    assert refused.status_code == 403 and "<html" in refused.text.lower()
    client.cookies.set("quotetrace_key", "rw")
    assert 'action="/save"' in post_form(client, "/analyse", data={"text": TEXT}).text


def test_an_empty_search_says_so_once(client):
    page = client.get("/search", params={"q": "nothing-matches-this"}).text
    assert page.count("No quotes match") == 1
    assert "0 quotes" not in page and '<ol class="results">' not in page


# -- row 10: bidi controls are evened out for the model; offsets index the text as sent -------
def test_bidi_controls_never_end_up_in_a_speaker_s_name(client):
    text = ('NATO chief Jens \u202eStoltenberg\u202c spoke on Tuesday. "We need to replenish our '
            'own \u2066stocks\u2069," he said.')
    result = client.post("/v1/quotes", json={"text": text}).json()
    quote = result["quotes"][0]
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert text[quote["start"]:quote["end"]] == quote["text"]
    mention = quote["speaker"]["mention"]
    assert text[mention["start"]:mention["end"]] == mention["text"] == "he"
    assert all(text[m["start"]:m["end"]] == m["text"] for m in result["speakers"][0]["mentions"])


# -- row 5: delete means gone, from every file of the data folder ---------------------------
def test_a_deleted_article_s_words_are_in_no_file_once_the_server_stops(tmp_path):
    secret = ('Ambassador Quillon Zarbenfeld spoke on Monday. "The Vrasktomel accord is '
              'finished," she said.')
    replaced = secret.replace("Vrasktomel", "Glimbortune")
    with TestClient(create_app(Settings(data_dir=str(tmp_path)))) as client:
        assert client.post("/v1/articles", json={"id": "s1", "text": secret}).status_code == 200
        assert client.post("/v1/articles", json={"id": "s1", "text": replaced}).json()[
            "status"] == "updated"
        assert client.delete("/v1/articles/s1").status_code == 204
        assert client.get("/v1/quotes", params={"q": "Glimbortune"}).json()["quotes"] == []
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files)
    for path in files:
        data = path.read_bytes()
        for word in (b"Vrasktomel", b"Glimbortune", b"Zarbenfeld", b"vrasktomel", b"glimbortun"):
            assert word not in data, (path.name, word)


# -- row 8: one answer line per line sent, with its number, after an over-long line --------
class Chunks:
    """A request whose body arrives in the given pieces."""

    def __init__(self, *chunks: bytes) -> None:
        self.chunks = chunks

    async def stream(self):
        for chunk in self.chunks:
            yield chunk


def test_an_over_long_line_sent_in_many_pieces_is_one_line():
    import asyncio

    from app.web.routes.stream import _ndjson_lines

    async def lines(request):
        return [line async for line in _ndjson_lines(request, 100)]

    pieces = (b'{"id": 1}\n', *([b"x" * 60] * 10), b'\nnot json\n{"id": 4}')
    assert asyncio.run(lines(Chunks(*pieces))) == [b'{"id": 1}', None, b"not json", b'{"id": 4}']
    assert asyncio.run(lines(Chunks(b"y" * 250 + b"\nok"))) == [None, b"ok"]


def test_stream_lines_keep_their_numbers_after_an_over_long_line(tmp_path):
    import json

    client = TestClient(create_app(Settings(data_dir=str(tmp_path), max_text_chars=1000)))
    body = (json.dumps({"id": "a1", "text": TEXT}) + "\n" + "x" * 160_000 + "\nnot json\n"
            + json.dumps({"id": "a4", "text": TEXT}) + "\n")
    response = client.post("/v1/quotes/stream", content=body.encode(),
                           headers={"content-type": "application/x-ndjson"})
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line.get("line") or line.get("id") for line in lines] == ["a1", 2, 3, "a4"]
    assert "longer than the limit" in lines[1]["error"]
    assert "needs a JSON object" in lines[2]["error"]


# -- row 2: the pages' forms refuse cross-site posts --------------------------------------
def test_a_form_posted_from_another_site_or_without_its_token_stores_nothing(client):
    planted = {"id": "planted", "text": TEXT}
    evil = client.post("/save", data=planted, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403 and "<html" in evil.text.lower()
    token_only = post_form(client, "/save", data=planted, headers={"Origin": "http://evil.example"})
    assert token_only.status_code == 403  # the token does not make another site's form ours
    assert client.post("/save", data=planted).status_code == 403  # no token
    assert client.post("/save", data={**planted, "csrf": "x" * 43}).status_code == 403
    assert client.get("/v1/articles/planted").status_code == 404
    ours = post_form(client, "/save", data=planted, headers={"Origin": "http://testserver"},
                     follow_redirects=False)
    assert ours.status_code == 303 and client.get("/v1/articles/planted").status_code == 200


# -- row 13: a full stop inside the marks ends the context sentence -------------------------
def test_a_context_sentence_ends_where_the_quote_ends_its_sentence(client):
    text = ('Stoltenberg told reporters in Brussels: "We need to replenish our stocks and keep '
            'supporting Ukraine." Hillary Clinton said "this is not the time to wait".')
    quotes = client.post("/v1/quotes", json={"text": text}).json()["quotes"]
    first = next(q for q in quotes if q["text"].startswith("We need"))
    assert first["sentence"]["text"].endswith('supporting Ukraine."')
    assert text[first["sentence"]["start"]:first["sentence"]["end"]] == first["sentence"]["text"]


def test_an_article_stored_with_a_slash_before_ids_were_checked_can_be_read_and_deleted(client):
    from app.service.articles import ArticleToStore

    archive = client.app.state.archive.get()  # as an older version stored it
    archive.store(ArticleToStore(id="legacy/a b", text=TEXT), {"quotes": [], "speakers": []})
    assert client.get("/v1/articles/legacy/a%20b").json()["id"] == "legacy/a b"
    assert client.get("/articles/legacy/a%20b").status_code == 200
    assert client.delete("/v1/articles/legacy/a%20b").status_code == 204
    assert client.get("/v1/articles/legacy/a%20b").status_code == 404
