"""Hostile input, limits, keys, CORS, metrics and logs of the HTTP API."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest
from conftest import assert_offsets_valid
from fastapi.testclient import TestClient

from app.core.settings import Settings, get_settings
from app.service.limits import AnalysisGate, Saturated, TimedOut
from app.web.main import create_app

ARTICLE = ('Senator Ana Ruiz spoke on Monday. "The budget is late again," she said, '
           '"and nobody wants to own it."')


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as test_client:
        yield test_client


def post_text(client, body: bytes, content_type: str, **params):
    return client.post("/v1/quotes", content=body, headers={"content-type": content_type},
                       params=params)


def test_text_plain_body_with_charset(client):
    response = post_text(client, ARTICLE.encode("utf-16"), "text/plain; charset=utf-16")
    assert response.status_code == 200
    assert [q["speaker"]["name"] for q in response.json()["quotes"]] == ["Ana Ruiz"] * 2


def test_text_plain_defaults_to_utf8_and_takes_options(client):
    body = b'It was a "success" in name only.'
    assert post_text(client, body, "text/plain").json()["quotes"] == []
    response = post_text(client, body, "text/plain", include_scare_quotes="true")
    assert [q["text"] for q in response.json()["quotes"]] == ["success"]


@pytest.mark.parametrize("body, content_type, message", [
    (b"\xff\xfe\xfa not utf-8", "text/plain; charset=utf-8", "not valid utf-8 at byte 0"),
    (b"text", "text/plain; charset=no-such-charset", "unknown charset"),
])
def test_undecodable_bodies_get_422(client, body, content_type, message):
    response = post_text(client, body, content_type)
    assert response.status_code == 422
    assert message in response.json()["detail"]


@pytest.mark.parametrize("text", [
    "He said \x00\"nul\x00 inside\" and \x01\x02\x1b control characters.",
    'قال الرئيس "نحن مستعدون" أمس. "We are ready," he said.',
    '"🎉 Party time 🎉," she said 😀.',
    "\u202e\"reversed\" \u200f\"marks\"\u200e said the clerk.",
])
def test_odd_characters_give_valid_results(client, text):
    response = client.post("/v1/quotes", json={"text": text})
    assert response.status_code == 200
    assert_offsets_valid(text, response.json())


@pytest.mark.parametrize("text", ['"' * 200_000, "x" * 1_000_000])
def test_huge_hostile_texts_finish(client, text, monkeypatch):
    monkeypatch.setattr(get_settings(), "max_text_chars", 1_000_000)  # above the default
    started = time.monotonic()
    response = client.post("/v1/quotes", json={"text": text})
    assert response.status_code == 200
    assert response.json()["quotes"] == []
    assert time.monotonic() - started < 60


def test_api_keys_when_configured(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "api_keys", ["k1"])
    assert client.post("/v1/quotes", json={"text": "x"}).status_code == 401
    response = client.post("/v1/quotes", json={"text": "x"}, headers={"x-api-key": "nope"})
    assert response.status_code == 401
    assert response.json()["detail"] == "missing or unknown X-API-Key"
    assert client.post("/v1/quotes", json={"text": "x"},
                       headers={"x-api-key": "k1"}).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_metrics_count_texts_and_quotes(client):
    client.post("/v1/quotes", json={"text": ARTICLE})
    body = client.get("/metrics").text
    assert "quotetrace_texts_analysed_total" in body
    assert "quotetrace_quotes_found_total" in body
    assert 'quotetrace_requests_total{method="POST",path="/v1/quotes",status="200"}' in body


def test_request_id_and_logs_without_article_text(client, caplog):
    secret = "UNPUBLISHED-DRAFT-SENTENCE"
    with caplog.at_level(logging.INFO, logger="quotetrace.access"):
        response = client.post("/v1/quotes", json={"text": f'"{secret} here," she said.'},
                               headers={"x-request-id": "req-42"})
    assert response.headers["x-request-id"] == "req-42"
    lines = [r.getMessage() for r in caplog.records if r.name == "quotetrace.access"]
    assert any('"request_id": "req-42"' in line and '"status": 200' in line for line in lines)
    assert not any(secret in r.getMessage() for r in caplog.records)


def test_gate_queues_a_few_refuses_more_and_times_out():
    idle = []
    gate = AnalysisGate(slots=1, queue=1, timeout_s=0.2, when_idle=lambda: idle.append(1),
                        idle_delay_s=0.02)
    release = threading.Event()

    async def scenario():
        slow = asyncio.create_task(gate.run(release.wait, 5))
        await asyncio.sleep(0.05)
        queued = asyncio.create_task(gate.run(lambda: "queued"))
        await asyncio.sleep(0.05)
        assert gate.waiting == 1
        with pytest.raises(Saturated):
            await gate.run(time.sleep, 0)
        with pytest.raises(TimedOut):
            await slow
        assert gate.busy == 1  # the timed-out work still holds its slot
        release.set()
        assert await queued == "queued"
        assert idle == []  # not while work was waiting, nor at once
        await asyncio.sleep(0.05)
        assert gate.busy == 0
        assert idle == [1]  # once the worker stayed idle
        assert await gate.run(lambda: 7) == 7
        assert await gate.run(lambda: 8) == 8
        await asyncio.sleep(0.05)
        assert idle == [1, 1]  # one more idle spell, however many analyses before it

    asyncio.run(scenario())


def test_saturated_worker_answers_503_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(client.app.state.gate, "slots", 0)
    monkeypatch.setattr(client.app.state.gate, "queue", 0)
    response = client.post("/v1/quotes", json={"text": ARTICLE})
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(get_settings().retry_after_s)
    monkeypatch.undo()
    assert client.post("/v1/quotes", json={"text": ARTICLE}).status_code == 200


def test_slow_analysis_answers_504_and_worker_keeps_serving(client, monkeypatch):
    monkeypatch.setattr(client.app.state.gate, "timeout_s", 0.0001)
    response = client.post("/v1/quotes", json={"text": ARTICLE * 50})
    assert response.status_code == 504
    assert "longer than" in response.json()["detail"]
    monkeypatch.undo()
    time.sleep(0.5)
    assert client.post("/v1/quotes", json={"text": ARTICLE}).status_code == 200


def test_cors_allowlist_from_settings():
    # an app built in-process with its own settings
    app = create_app(Settings(cors_origins=["https://newsroom.example"]))
    client = TestClient(app)
    out = [str(client.get("/healthz", headers={"origin": origin}).headers.get(
        "access-control-allow-origin"))
        for origin in ("https://newsroom.example", "https://elsewhere.example")]
    assert out == ["https://newsroom.example", "None"]


def test_an_unsupported_content_type_gets_415(client):
    response = post_text(client, b"<xml/>", "application/xml")
    assert response.status_code == 415
    assert "send application/json, text/plain or text/html" in response.json()["detail"]
