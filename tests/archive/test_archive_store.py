"""Storing, replacing and deleting articles; speakers and quotes across articles."""

from datetime import UTC, datetime

from handmade import analysis
from sqlalchemy import func, select

from app.archive.models import ArticleSpeaker, Occurrence, Quote, QuoteBand, Speaker
from app.service.articles import ArticleToStore

LONG = "We need to replenish our own stocks and keep supporting Ukraine for as long as it takes"


def article(article_id: str, text: str = "text", **metadata) -> ArticleToStore:
    return ArticleToStore(id=article_id, text=text, **metadata)


def count(archive, model) -> int:
    with archive.database.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_same_content_again_changes_nothing(archive):
    first = analysis((LONG, "direct", "Jens Stoltenberg"))
    status, view = archive.store(article("a1", outlet="X"), first)
    assert status == "created" and view["version"] == 1
    again = archive.store(article("a1", outlet="X"), first)
    assert again[0] == "unchanged" and again[1]["version"] == 1
    assert archive.unchanged(article("a1", outlet="X")) is not None
    assert archive.unchanged(article("a1", outlet="Y")) is None
    assert count(archive, Occurrence) == 1


def test_new_content_replaces_the_old_and_keeps_the_change(archive):
    archive.store(article("a1", "v1", title="Old"),
                  analysis((LONG, "direct", "Jens Stoltenberg"),
                           ("We are ready", "direct", "Jens Stoltenberg")))
    status, view = archive.store(article("a1", "v2", title="New"),
                                 analysis(("We are ready", "direct", "Jens Stoltenberg")))
    assert status == "updated" and view["version"] == 2 and view["text"] == "v2"
    (version,) = archive.get("a1")["history"]
    assert version["version"] == 1
    assert version["fields"] == ["title", "text"]
    assert version["quotes_removed"] == [LONG] and version["quotes_added"] == []
    assert count(archive, Occurrence) == 1
    assert count(archive, Quote) == 1  # the quote only the old version had is gone


def test_delete_removes_the_article_and_all_that_came_from_it(archive):
    archive.store(article("a1"), analysis((LONG, "direct", "Jens Stoltenberg")))
    archive.store(article("a2"), analysis(("Another thing entirely said here", "direct",
                                           "Hillary Clinton")))
    archive.store(article("a2", "v2"), analysis(("Changed", "direct", "Hillary Clinton")))
    assert archive.delete("a2") is True
    assert archive.get("a2") is None and archive.delete("a2") is False
    with archive.database.read() as session:
        assert session.scalars(select(Speaker.name)).all() == ["Jens Stoltenberg"]
        assert session.scalar(select(func.count()).select_from(ArticleSpeaker)) == 1
    assert count(archive, Quote) == 1 and count(archive, Occurrence) == 1
    assert count(archive, QuoteBand) > 0
    archive.delete("a1")
    assert [count(archive, m) for m in (Quote, QuoteBand, Occurrence, Speaker)] == [0, 0, 0, 0]


def test_one_speaker_across_articles_by_full_name_surname_and_titled_name(archive):
    ids = set()
    for n, name in enumerate(["Stoltenberg", "Jens Stoltenberg",
                              "NATO Secretary-General Jens Stoltenberg", "J. Stoltenberg"]):
        _, view = archive.store(article(f"a{n}"), analysis((f"words number {n}", "direct", name)))
        ids.add(view["speakers"][0]["archive_speaker_id"])
    assert len(ids) == 1
    with archive.database.read() as session:
        assert session.get(Speaker, ids.pop()).name == "NATO Secretary-General Jens Stoltenberg"


def test_two_people_who_share_a_surname_stay_two(archive):
    _, hillary = archive.store(article("a1"), analysis(
        ("one", "direct", "Hillary Clinton"), titles={"Hillary Clinton": ["Secretary of State"]}))
    _, bill = archive.store(article("a2"), analysis(("two", "direct", "Bill Clinton"),
                                                    titles={"Bill Clinton": ["President"]}))
    hillary_id = hillary["speakers"][0]["archive_speaker_id"]
    bill_id = bill["speakers"][0]["archive_speaker_id"]
    assert hillary_id != bill_id
    # a surname alone: the one whose titles it shares
    _, bare = archive.store(article("a3"), analysis(("three", "direct", "Clinton"),
                                                    titles={"Clinton": ["President"]}))
    assert bare["speakers"][0]["archive_speaker_id"] == bill_id


def test_one_quote_across_outlets_however_it_is_typed_trimmed_or_lightly_edited(archive):
    typed = "“" + LONG.upper() + ",”"
    trimmed = "replenish our own stocks and keep supporting Ukraine"
    edited = LONG.replace("keep supporting", "support")
    reported = "that NATO should replenish its own stocks and keep supporting Ukraine"
    views = [archive.store(article(f"a{n}"), analysis((words, kind, "Jens Stoltenberg")))[1]
             for n, (words, kind) in enumerate([(LONG, "direct"), (typed, "direct"),
                                                (trimmed, "partial"), (edited, "direct"),
                                                (reported, "indirect")])]
    ids = [v["quotes"][0]["archive_quote_id"] for v in views]
    assert ids[0] == ids[1] == ids[2] == ids[3]
    assert ids[4] != ids[0]  # reported speech joins only the same words


def test_different_quotes_stay_apart(archive):
    _, view = archive.store(article("a1"), analysis(
        (LONG, "direct", "A Person"),
        ("The alliance will meet again in Brussels next month to discuss the budget", "direct",
         "A Person"),
        ("We need to talk about the budget for as long as it takes", "direct", "A Person")))
    assert len({q["archive_quote_id"] for q in view["quotes"]}) == 3


def test_dates_come_back_with_their_zone(archive):
    when = datetime(2024, 6, 4, 9, 0, tzinfo=UTC)
    _, view = archive.store(article("a1", published_at=when), analysis(("x", "direct", "A B")))
    assert archive.get("a1")["published_at"] == when
