"""The archive over HTTP (SQLite; the archive suite covers PostgreSQL): ingest as JSON, a
batch or NDJSON, read, search, follow a quote, verify, delete; keys and errors."""

import json

import pytest
from conftest import BREAKS
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.web.main import create_app

# the README's session ("A journalist's session")
STOLTENBERG = ('NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "We need to replenish '
               'our own stocks and keep supporting Ukraine," he said.')
SHARED = ('Stoltenberg told reporters in Brussels: "We need to replenish our stocks and keep '
          'supporting Ukraine." Hillary Clinton said "this is not the time to wait".')


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(Settings(data_dir=str(tmp_path))))


def store(client, article_id, text, **metadata):
    response = client.post("/v1/articles", json={"id": article_id, "text": text, **metadata})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_journalists_session(client):
    first = store(client, "r1", STOLTENBERG, outlet="Reuters",
                  published_at="2024-06-04T09:00:00Z")
    assert first["status"] == "created"
    article = first["article"]
    for quote in article["quotes"]:
        assert article["text"][quote["start"]:quote["end"]] == quote["text"]
    batch = client.post("/v1/articles", json={"articles": [
        {"id": "a1", "text": SHARED, "outlet": "AP", "published_at": "2024-06-05T10:00:00Z"},
        {"id": "r1", "text": STOLTENBERG, "outlet": "Reuters",
         "published_at": "2024-06-04T09:00:00Z"}]}).json()
    assert [(r["id"], r["status"]) for r in batch["results"]] == [("a1", "created"),
                                                                  ("r1", "unchanged")]
    found = client.get("/v1/quotes", params={"q": "stocks",
                                             "speaker": "Stoltenberg"}).json()["quotes"]
    assert {q["article"]["outlet"] for q in found} == {"Reuters", "AP"}
    assert len({q["quote_id"] for q in found}) == 1
    occurrences = client.get(f"/v1/quotes/{found[0]['quote_id']}/occurrences").json()
    assert occurrences["first"]["article"]["id"] == "r1" and occurrences["count"] == 2
    assert occurrences["occurrences"][1]["differences"] == [
        {"op": "delete", "before": "own", "after": ""}]
    assert [(a["name"], a["as_named"]) for a in occurrences["attributed_to"]] == [
        ("Jens Stoltenberg", ["Jens Stoltenberg", "Stoltenberg"])]
    speakers = client.get("/v1/speakers", params={"q": "stoltenberg"}).json()["speakers"]
    assert speakers[0]["name"] == "Jens Stoltenberg" and speakers[0]["quote_count"] == 2
    assert "NATO Secretary-General" in speakers[0]["titles"]
    detail = client.get(f"/v1/speakers/{speakers[0]['id']}").json()
    assert detail["quotes_by_month"] == [{"month": "2024-06", "quotes": 2}]
    assert client.get(f"/v1/speakers/{speakers[0]['id']}/quotes").json()["quotes"]
    verdict = client.post("/v1/verify", json={
        "quote": "We need to replenish our own stocks and keep helping Ukraine",
        "speaker": "Jens Stoltenberg"}).json()
    assert verdict["verdict"] == "attributed_to_speaker"
    assert verdict["matches"][0]["first"]["article"]["id"] == "r1"
    assert verdict["matches"][0]["differences"] == [
        {"op": "replace", "before": "supporting", "after": "helping"}]
    assert client.delete("/v1/articles/a1").status_code == 204
    assert client.get("/v1/articles/a1").status_code == 404
    assert client.get("/v1/articles/r1").json()["history"] == []


def test_new_content_is_a_new_version_with_its_history(client):
    store(client, "r1", STOLTENBERG)
    changed = store(client, "r1", STOLTENBERG.replace("keep supporting Ukraine", "act now"))
    assert changed["status"] == "updated" and changed["article"]["version"] == 2
    (old,) = client.get("/v1/articles/r1").json()["history"]
    assert old["fields"] == ["text"] and len(old["quotes_removed"]) == 1


def test_ndjson_ingest_answers_a_line_per_article(client):
    body = "\n".join([json.dumps({"id": "n1", "text": STOLTENBERG}), "{not json",
                      json.dumps({"id": "n2", "html": f"<html><body><article><p>{SHARED}</p>"
                                                      "</article></body></html>"})])
    results = client.post("/v1/articles", content=body,
                          headers={"content-type": "application/x-ndjson"}).json()["results"]
    assert [(r["line"], r["status"]) for r in results] == [(1, "created"), (2, "error"),
                                                           (3, "created")]
    page = client.get("/v1/articles/n2").json()
    assert page["text"] == SHARED and page["quotes"]


def test_exports_every_match_as_csv_and_jsonl(client):
    store(client, "r1", STOLTENBERG)
    store(client, "a1", SHARED)
    csv_text = client.get("/v1/quotes", params={"format": "csv", "limit": 1}).text
    assert csv_text.splitlines()[0].startswith("quote_id,text,type")
    assert len(csv_text.strip().splitlines()) == 1 + 3
    lines = client.get("/v1/quotes", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 3 and all(json.loads(line)["article"]["id"] for line in lines)


@pytest.mark.parametrize(("request_args", "status"), [
    (("get", "/v1/quotes", {"params": {"cursor": "bogus"}}), 422),
    (("get", "/v1/quotes", {"params": {"colour": "red"}}), 422),
    (("get", "/v1/quotes", {"params": {"type": "shouted"}}), 422),
    (("get", "/v1/quotes/999/occurrences", {}), 404),
    (("get", "/v1/speakers/999", {}), 404),
    (("delete", "/v1/articles/none", {}), 404),
    (("post", "/v1/articles", {"json": {"id": "x"}}), 422),
    (("post", "/v1/articles", {"json": {"id": "x", "text": "a" * 200_001}}), 413),
    (("post", "/v1/articles", {"content": b"x", "headers": {"content-type": "text/csv"}}), 415),
    (("post", "/v1/verify", {"json": {"quote": ""}}), 422),
    (("post", "/v1/articles", {"json": {"id": "x", "text": "a\u0000b"}}), 422),
    (("post", "/v1/verify", {"json": {"quote": "a\u0000b"}}), 422),
])
def test_bad_requests_get_clear_errors(client, request_args, status):
    method, path, kwargs = request_args
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status
    assert response.json()["detail"]


def test_control_characters_in_a_search_are_words_apart_not_errors(client):
    store(client, "r1", STOLTENBERG)
    found = client.get("/v1/quotes", params={"q": "stocks\x00", "speaker": "Stoltenberg\x01"})
    assert found.status_code == 200 and found.json()["quotes"]


def test_read_only_keys_read_but_do_not_write(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), api_keys=["rw"],
                                            read_only_keys=["ro"])))
    body = {"id": "k1", "text": STOLTENBERG}
    assert client.post("/v1/articles", json=body, headers={"X-API-Key": "ro"}).status_code == 403
    assert client.post("/v1/articles", json=body).status_code == 401
    assert client.post("/v1/articles", json=body, headers={"X-API-Key": "rw"}).status_code == 200
    assert client.get("/v1/quotes", headers={"X-API-Key": "ro"}).status_code == 200
    assert client.delete("/v1/articles/k1", headers={"X-API-Key": "ro"}).status_code == 403
    assert client.post("/v1/quotes", json={"text": "x"}, headers={"X-API-Key": "ro"}
                       ).status_code == 200


def test_a_key_listed_as_read_only_too_is_read_only(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), api_keys=["k1", "ro1"],
                                            read_only_keys=["ro1", "ro2"])))
    body = {"id": "both", "text": STOLTENBERG}
    assert client.post("/v1/articles", json=body, headers={"X-API-Key": "ro1"}).status_code == 403
    assert client.post("/v1/articles", json=body, headers={"X-API-Key": "k1"}).status_code == 200
    assert client.delete("/v1/articles/both", headers={"X-API-Key": "ro1"}).status_code == 403
    assert client.get("/v1/articles/both", headers={"X-API-Key": "ro1"}).status_code == 200


def test_the_archive_can_be_off_and_then_nothing_is_stored(tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path / "data"), archive=False)))
    assert client.post("/v1/articles", json={"id": "x", "text": "t"}).status_code == 404
    assert client.post("/v1/quotes", json={"text": STOLTENBERG}).status_code == 200
    assert not (tmp_path / "data").exists()


def test_an_article_whose_analysis_fails_is_not_stored_and_the_others_are(client,
                                                                          broken_analysis):
    articles = [{"id": "g1", "text": STOLTENBERG}, {"id": "b1", "text": f"{BREAKS} {SHARED}"},
                {"id": "g2", "text": SHARED}]
    results = client.post("/v1/articles", json={"articles": articles}).json()["results"]
    assert [(r["id"], r["status"], r.get("error")) for r in results] == [
        ("g1", "created", None), ("b1", "error", "analysis failed (RuntimeError)"),
        ("g2", "created", None)]
    assert client.get("/v1/articles/b1").status_code == 404
    one = client.post("/v1/articles", json={"id": "b2", "text": f"{BREAKS} {SHARED}"})
    assert one.status_code == 500 and one.json()["detail"].startswith("analysis failed")
