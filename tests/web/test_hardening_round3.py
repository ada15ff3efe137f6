"""Hardening, round three: what a careless client and an attacker found, row by row."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.web.main import create_app

TEXT = ('NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "We need to replenish our own '
        'stocks," he said.')


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(Settings(data_dir=str(tmp_path))))


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
    response = client.post("/save", data={"id": "a/b", "text": TEXT},
                           headers={"Origin": "http://testserver"})
    assert response.status_code == 422 and "<html" in response.text.lower()
    assert "any character but" in response.text
