"""Search, one quote's occurrences, and verify, on both databases."""

from datetime import UTC, datetime

import pytest
from handmade import analysis

from app.archive.search import BadCursor, QuoteQuery, occurrences, search, verify
from app.service.articles import ArticleToStore

LONG = "We need to replenish our own stocks and keep supporting Ukraine for as long as it takes"
EDITED = "We need to replenish our stocks and keep supporting Ukraine as long as it takes"


def day(n: int) -> datetime:
    return datetime(2024, 6, n, 9, 0, tzinfo=UTC)


@pytest.fixture
def filled(archive):
    reuters = ArticleToStore(id="r1", text="t", outlet="Reuters", published_at=day(4))
    archive.store(reuters, analysis(
        (LONG, "direct", "Jens Stoltenberg"),
        ("Our stocks of ammunition are too low", "direct", "Jens Stoltenberg"),
        ("The stocks market is not my concern", "direct", "Hillary Clinton")))
    archive.store(ArticleToStore(id="a1", text="t", outlet="AP", published_at=day(6)), analysis(
        (EDITED, "direct", "Stoltenberg"),
        ("that allies should send more air defence", "indirect", "Stoltenberg")))
    archive.store(ArticleToStore(id="b1", text="t", outlet="BBC", published_at=day(5)), analysis(
        (LONG, "direct", "Anders Fogh Rasmussen")))
    return archive


def run(archive, **query):
    with archive.database.read() as session:
        return search(session, archive.database.dialect, QuoteQuery(**query))


def test_words_rank_the_quotes_that_hold_them(filled):
    found = run(filled, q="stocks")
    texts = [q["text"] for q in found["quotes"]]
    assert len(texts) == 5 and set(texts) >= {LONG, EDITED}
    assert run(filled, q='"stocks of ammunition"')["quotes"][0]["text"].startswith("Our stocks")
    assert run(filled, q='stocks "not in any quote"')["quotes"] == []
    # what a user types is never FTS syntax
    assert run(filled, q='stocks" OR NEAR(') is not None


def test_speaker_outlet_dates_and_type_narrow_the_search(filled):
    by_name = run(filled, q="stocks", speaker="Stoltenberg")["quotes"]
    assert {q["article"]["outlet"] for q in by_name} == {"Reuters", "AP"}
    assert all(q["speaker"]["id"] == by_name[0]["speaker"]["id"] for q in by_name)
    assert [q["article"]["id"] for q in run(filled, q="stocks", outlet="BBC")["quotes"]] == ["b1"]
    assert {q["article"]["id"] for q in run(filled, since=day(5), until=day(6))["quotes"]} == {"b1"}
    assert [q["type"] for q in run(filled, speaker="Jens Stoltenberg",
                                   types=("indirect",))["quotes"]] == ["indirect"]
    assert run(filled, speaker="Nobody Known")["quotes"] == []


def test_pages_follow_the_cursor_to_the_end(filled):
    seen, cursor = [], None
    while True:
        page = run(filled, limit=2, cursor=cursor)
        seen += [(q["article"]["id"], q["text"]) for q in page["quotes"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 6
    assert seen[0][0] == "a1"  # newest first without words
    with pytest.raises(BadCursor):
        run(filled, cursor="not-a-cursor")


def test_occurrences_give_the_first_appearance_and_the_differences(filled):
    quote_id = run(filled, q="replenish", outlet="AP")["quotes"][0]["quote_id"]
    with filled.database.read() as session:
        found = occurrences(session, quote_id)
        assert occurrences(session, 10_000) is None
    assert found["count"] == 3
    assert [o["article"]["id"] for o in found["occurrences"]] == ["r1", "b1", "a1"]
    assert found["first"]["article"]["outlet"] == "Reuters"
    assert found["occurrences"][2]["differences"] == [
        {"op": "delete", "before": "own", "after": ""},
        {"op": "delete", "before": "for", "after": ""}]
    by = {a["name"]: (a["as_named"], a["occurrences"]) for a in found["attributed_to"]}
    assert by == {"Jens Stoltenberg": (["Jens Stoltenberg", "Stoltenberg"], 2),
                  "Anders Fogh Rasmussen": (["Anders Fogh Rasmussen"], 1)}


def test_verify_says_who_said_it_and_where_first(filled):
    altered = "We need to replenish our own stocks and keep helping Ukraine for as long as it takes"
    with filled.database.read() as session:
        said = verify(session, altered, "Jens Stoltenberg")
        other = verify(session, altered, "Hillary Clinton")
        unknown = verify(session, "Nothing like this was ever said by anyone", None)
    assert said["verdict"] == "attributed_to_speaker"
    best = said["matches"][0]
    assert best["similarity"] > 0.9 and best["first"]["article"]["id"] == "r1"
    assert best["differences"] == [{"op": "replace", "before": "supporting", "after": "helping"}]
    assert other["verdict"] == "attributed_to_others"
    assert other["matches"][0]["attributed_to_speaker"] is False
    assert unknown == {"quote": "Nothing like this was ever said by anyone", "speaker": None,
                       "verdict": "not_found", "matches": []}


def test_a_quote_is_found_by_any_of_its_words_stop_words_too(archive):
    archive.store(ArticleToStore(id="h1", text="t"), analysis(
        ("To be or not to be, that is the question.", "direct", "Hamlet")))
    found = run(archive, q="to be or not to be")
    assert [q["text"] for q in found["quotes"]] == ["To be or not to be, that is the question."]
    assert len(run(archive, q="questions")["quotes"]) == 1  # stemmed words still match
    assert run(archive, q="to be or not", speaker="Hamlet")["quotes"]
