"""The HTTP API through FastAPI's TestClient."""

from __future__ import annotations

import json

import pytest
from conftest import BREAKS, assert_offsets_valid
from fastapi.testclient import TestClient

from app.core.settings import get_settings
from app.web.main import create_app

TEXT = ('NATO Secretary-General Jens Stoltenberg spoke on Tuesday. '
        '"We need to replenish our own stocks," he said.')

app = create_app()


@pytest.fixture(scope="module")
def client():
    with TestClient(app) as test_client:
        yield test_client


def test_quotes_endpoint_returns_quotes_and_speakers(client):
    response = client.post("/v1/quotes", json={"text": TEXT})
    assert response.status_code == 200
    body = response.json()
    assert [q["text"] for q in body["quotes"]] == ["We need to replenish our own stocks,"]
    assert body["quotes"][0]["speaker"]["name"] == "Jens Stoltenberg"
    assert body["speakers"][0]["titles"] == ["NATO Secretary-General"]
    assert_offsets_valid(TEXT, body)


def test_options_turn_on_scare_quotes(client):
    text = 'The plan was a "success" in name only.'
    assert client.post("/v1/quotes", json={"text": text}).json()["quotes"] == []
    body = client.post("/v1/quotes", json={"text": text,
                                           "options": {"include_scare_quotes": True}}).json()
    assert [q["text"] for q in body["quotes"]] == ["success"]


def test_empty_text_gives_empty_result(client):
    response = client.post("/v1/quotes", json={"text": ""})
    assert response.status_code == 200
    assert response.json() == {"quotes": [], "speakers": []}


@pytest.mark.parametrize("body", [
    {},
    {"text": 42},
    {"text": "x", "options": {"no_such_option": True}},
    {"text": "x", "unknown": 1},
])
def test_malformed_requests_get_422_with_a_message(client, body):
    response = client.post("/v1/quotes", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("invalid request:")


def test_invalid_json_gets_422(client):
    response = client.post("/v1/quotes", content=b'{"text": ',
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "detail" in response.json()


def test_text_over_the_limit_gets_413(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "max_text_chars", 100)
    response = client.post("/v1/quotes", json={"text": "a" * 101})
    assert response.status_code == 413
    assert "limit is 100" in response.json()["detail"]
    response = client.post("/v1/quotes", json={"text": "a" * 1000})
    assert response.status_code == 413


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}


def test_openapi_documents_the_worked_example(client):
    schema = client.get("/openapi.json").json()
    request_schema = schema["components"]["schemas"]["QuoteRequest"]
    assert "Stoltenberg" in request_schema["examples"][0]["text"]
    assert "/v1/quotes" in schema["paths"]


def test_batch_endpoint_keeps_order_and_ids(client):
    articles = [{"id": "a", "text": TEXT}, {"id": "b", "text": "Nothing quoted."},
                {"id": "c", "text": TEXT + ' "And we will stay," he added.'}]
    response = client.post("/v1/quotes/batch", json={"articles": articles})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert [len(r["quotes"]) for r in results] == [1, 0, 2]
    for article, result in zip(articles, results, strict=True):
        assert_offsets_valid(article["text"], result)


def test_batch_over_the_limit_gets_413(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "max_batch_size", 2)
    articles = [{"id": str(i), "text": "x"} for i in range(3)]
    response = client.post("/v1/quotes/batch", json={"articles": articles})
    assert response.status_code == 413
    assert "limit is 2" in response.json()["detail"]


def test_stream_endpoint_answers_line_by_line_and_reports_bad_lines(client):
    import json

    lines = [json.dumps({"id": "a", "text": TEXT}), "not json", "",
             json.dumps({"id": "b", "text": "Nothing quoted."})]
    response = client.post("/v1/quotes/stream", content="\n".join(lines).encode(),
                           headers={"content-type": "application/x-ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    out = [json.loads(line) for line in response.text.splitlines()]
    assert out[0]["id"] == "a" and len(out[0]["quotes"]) == 1
    assert out[1] == {"line": 2, "error": "line 2: needs a JSON object with 'id' and 'text'"}
    assert out[2]["id"] == "b" and out[2]["quotes"] == []
    assert len(out) == 3


def test_lone_surrogate_gets_422_not_a_crash(client):
    response = client.post("/v1/quotes", content=b'{"text": "He said \\"\\ud800\\"."}',
                           headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "hex escape" in response.json()["detail"]  # the JSON parser refuses it first
    assert client.get("/healthz").status_code == 200


def test_learned_reports_can_be_turned_off_per_request(client):
    text = "Senator Sanders hopes to win the nomination in July."
    learned = client.post("/v1/quotes", json={"text": text}).json()["quotes"]
    assert [(q["type"], q["speaker"]["mention"]["text"]) for q in learned] == [
        ("indirect", "Sanders")]
    off = {"text": text, "options": {"learned_reports": False}}
    assert client.post("/v1/quotes", json=off).json()["quotes"] == []
    plain = client.post("/v1/quotes?learned_reports=false", content=text.encode(),
                        headers={"content-type": "text/plain"})
    assert plain.status_code == 200 and plain.json()["quotes"] == []


def test_an_article_whose_analysis_fails_gets_its_error_and_the_service_goes_on(
        client, broken_analysis):
    articles = [{"id": "a", "text": TEXT}, {"id": "b", "text": f"{BREAKS} {TEXT}"},
                {"id": "c", "text": TEXT}]
    batch = client.post("/v1/quotes/batch", json={"articles": articles})
    assert batch.status_code == 200
    assert [r.get("error") for r in batch.json()["results"]] == [
        None, "analysis failed (RuntimeError)", None]
    one = client.post("/v1/quotes", json={"text": f"{BREAKS} {TEXT}"})
    assert one.status_code == 500
    assert one.json()["detail"].startswith("analysis failed (RuntimeError)")
    stream = client.post("/v1/quotes/stream", headers={"content-type": "application/x-ndjson"},
                         content="".join(json.dumps(a) + "\n" for a in articles))
    lines = [json.loads(line) for line in stream.text.splitlines()]
    assert lines[1] == {"line": 2, "id": "b", "error": "analysis failed (RuntimeError)"}
    assert [len(line.get("quotes", [])) for line in lines] == [1, 0, 1]
    assert client.post("/v1/quotes", json={"text": TEXT}).status_code == 200
