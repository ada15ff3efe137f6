"""Who gets quoted, counted: /v1/sources by outlet and by month, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from app.core.settings import Settings
from app.web.main import create_app

ARTICLES = [
    ("r1", "Reuters", "2024-06-04T09:00:00Z",
     'Ruth Alder, a spokeswoman for Pfizer, spoke on Monday. "We will ship in May," she said. '
     '"The plant is ready," Alder added.'),
    ("r2", "Reuters", "2024-07-02T09:00:00Z",
     'Mr. Tom Kemp spoke on Tuesday. "Prices will fall," he said. A senior official who spoke '
     'on condition of anonymity said: "Nothing is agreed."'),
    ("a1", "AP", "2024-07-09T09:00:00Z",
     '"We will ship in May," said Jordan Ellis.'),
]


@pytest.fixture
def client(database_url, tmp_path):
    client = TestClient(create_app(Settings(data_dir=str(tmp_path), database_url=database_url)))
    for article_id, outlet, when, text in ARTICLES:
        response = client.post("/v1/articles", json={"id": article_id, "text": text,
                                                     "outlet": outlet, "published_at": when})
        assert response.status_code == 200
    return client


def test_counts_by_outlet(client):
    counted = client.get("/v1/sources", params={"type": "direct"}).json()
    groups = {g["key"]: g for g in counted["groups"]}
    assert set(groups) == {"AP", "Reuters"}
    reuters = groups["Reuters"]
    assert reuters["quotes"] == 4 and reuters["anonymous"] == 1
    assert reuters["speakers"] == 2
    assert reuters["by_gender"] == {"female": 1, "male": 1, "unknown": 0}
    assert reuters["top_speakers"][0]["name"] == "Ruth Alder"
    assert reuters["top_speakers"][0]["quotes"] == 2
    assert {"name": "Pfizer", "quotes": 2} in reuters["top_affiliations"]
    assert groups["AP"]["by_gender"] == {"female": 0, "male": 0, "unknown": 1}
    assert counted["total"]["quotes"] == 5 and counted["total"]["speakers"] == 3
    assert counted["total"]["by_gender"] == {"female": 1, "male": 1, "unknown": 1}


def test_counts_by_month_for_one_outlet_and_dates(client):
    counted = client.get("/v1/sources", params={"by": "month", "outlet": "Reuters",
                                                "since": "2024-07-01", "until": "2024-07-31",
                                                "type": "direct"}).json()
    assert [g["key"] for g in counted["groups"]] == ["2024-07"]
    assert counted["total"]["quotes"] == 2 and counted["total"]["anonymous"] == 1


def test_the_counts_as_csv(client):
    text = client.get("/v1/sources", params={"format": "csv", "type": "direct"}).text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["key", "quotes", "speakers", "female"]
    assert [r[0] for r in rows[1:]] == ["AP", "Reuters", "(total)"]


def test_bad_parameters_are_422s(client):
    assert client.get("/v1/sources", params={"by": "year"}).status_code == 422
    assert client.get("/v1/sources", params={"since": "yesterday"}).status_code == 422
    assert client.get("/v1/sources", params={"until": "9999-12-31"}).status_code == 422


def test_each_count_has_its_quotes_behind_it(client):
    women = client.get("/v1/quotes", params={"gender": "female", "outlet": "Reuters"}).json()
    assert {q["speaker"]["name"] for q in women["quotes"]} == {"Ruth Alder"}
    assert all(q["speaker"]["gender"] == "female" for q in women["quotes"])
    anonymous = client.get("/v1/quotes", params={"anonymous": "true", "type": "direct"}).json()
    assert [q["text"] for q in anonymous["quotes"]] == ["Nothing is agreed."]
    pfizer = client.get("/v1/quotes", params={"affiliation": "Pfizer", "type": "direct"}).json()
    assert len(pfizer["quotes"]) == 2
    unknown = client.get("/v1/quotes", params={"gender": "unknown", "type": "direct"}).json()
    assert {q["speaker"]["name"] for q in unknown["quotes"]} == {"Jordan Ellis"}


def test_the_page_shows_the_shares_and_links_every_number_to_its_quotes(client):
    page = client.get("/sources", params={"type": "direct"}).text
    assert "Share of women among the people quoted" in page
    assert '<svg class="chart shares"' in page
    assert "/search?type=direct&amp;outlet=Reuters&amp;gender=female" in page
    assert "/search?type=direct&amp;outlet=Reuters&amp;affiliation=Pfizer" in page
    women = client.get("/search", params={"type": "direct", "outlet": "Reuters",
                                          "gender": "female"}).text
    assert "Ruth Alder" in women and "Tom Kemp" not in women and "by women" in women
    by_month = client.get("/sources", params={"by": "month", "type": "direct"}).text
    assert "since=2024-07-01&amp;until=2024-07-31" in by_month
    csv_text = client.get("/sources.csv", params={"type": "direct"}).text
    assert csv_text.splitlines()[-1].startswith("(total),5,")
    assert client.get("/sources", params={"since": "nope"}).status_code == 422


def test_a_speaker_is_listed_by_the_archive_name_whatever_the_outlet_called_them(client):
    client.post("/v1/articles", json={"id": "a2", "outlet": "AP", "text": (
        '"Prices will fall," Kemp told reporters.')})
    answer = client.get("/v1/sources", params={"by": "outlet"}).json()
    names = {speaker["name"] for group in [answer["total"], *answer["groups"]]
             for speaker in group["top_speakers"]}
    assert "Tom Kemp" in names and "Kemp" not in names
