"""Nothing lost: a process killed in the middle of storing leaves no half article; two
processes storing at once lose nothing and duplicate nothing; an archive made by the previous
schema upgrades with its quotes searchable."""

import json
import signal
import subprocess
import sys
import textwrap
import time

from handmade import analysis
from sqlalchemy import func, select

from app.archive.database import Database, upgrade
from app.archive.models import Article, ArticleSpeaker, Occurrence, Quote, Speaker
from app.archive.search import QuoteQuery, search
from app.archive.store import Archive
from app.service.articles import ArticleToStore

STORE = textwrap.dedent("""
    import json, os, signal, sys
    from app.archive import clusters
    from app.archive.database import Database
    from app.archive.store import Archive
    from app.service.articles import ArticleToStore
    url, kill = sys.argv[1], sys.argv[2] == "kill"
    jobs = json.load(sys.stdin)
    if kill:  # die after the speakers and quotes are written, before the occurrences
        assign = clusters.assign
        def assign_then_die(*args):
            assign(*args)
            os.kill(os.getpid(), signal.SIGKILL)
        clusters.assign = assign_then_die
    archive = Archive(Database(url))
    for article_id, found in jobs:
        archive.store(ArticleToStore(id=article_id, text="text of " + article_id), found)
""")


def store_in_process(url: str, jobs: list, kill: bool = False) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", STORE, url, "kill" if kill else "go"],
                               stdin=subprocess.PIPE, text=True)
    process.stdin.write(json.dumps(jobs))
    process.stdin.close()
    return process


def counts(database: Database) -> list[int]:
    with database.read() as session:
        return [session.scalar(select(func.count()).select_from(model))
                for model in (Article, ArticleSpeaker, Speaker, Quote, Occurrence)]


def test_a_process_killed_while_storing_leaves_no_half_article(database_url):
    database = Database(database_url)
    Archive(database).store(ArticleToStore(id="kept", text="t"),
                            analysis(("An older quote stays where it is", "direct", "A Person")))
    before = counts(database)
    found = analysis(("We are ready to act now", "direct", "Jens Stoltenberg"),
                     ("It will take time", "direct", "Hillary Clinton"))
    process = store_in_process(database_url, [["half", found]], kill=True)
    assert process.wait(timeout=60) == -signal.SIGKILL
    assert counts(database) == before
    # the archive is not locked by the dead process: the article can be stored now
    half = ArticleToStore(id="half", text="text of half")
    assert Archive(database).store(half, found)[0] == "created"
    database.close()


def test_two_processes_storing_at_once_lose_and_duplicate_nothing(database_url):
    Database(database_url).close()  # the schema, before both start
    jobs = [[f"a{n}", analysis((f"Shared words of quote number {n % 5} said here", "direct",
                                ["Jens Stoltenberg", "Stoltenberg", "Bill Clinton"][n % 3]),
                               (f"Words only article {n} has in it", "direct", "Hillary Clinton"))]
            for n in range(30)]
    processes = [store_in_process(database_url, jobs), store_in_process(database_url, jobs[::-1])]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    database = Database(database_url)
    articles, article_speakers, speakers, quotes, occurrences = counts(database)
    assert (articles, article_speakers, occurrences) == (30, 60, 60)
    assert speakers == 3 and quotes == 5 + 30
    database.close()


OLD_ARCHIVE = [  # one article, its quote and occurrence, as the first schema (0001) held them
    "INSERT INTO articles (id, content_hash, text, authors, analysis, version, stored_at, "
    "updated_at) VALUES ('old', 'h', 't', '[]', '{\"quotes\": [], \"speakers\": []}', 1, "
    "'2024-01-01 00:00:00', '2024-01-01 00:00:00')",
    "INSERT INTO quotes (text, canonical, canonical_hash) VALUES ('We archived this before "
    "search existed', 'we archived this before search existed', 'c1')",
    "INSERT INTO occurrences (quote_id, article_id, local_id, text, start, \"end\", type, "
    "sentence, confidence) SELECT id, 'old', 'q1', 'We archived this before search existed', "
    "0, 38, 'direct', 'We archived this before search existed', 0.9 FROM quotes",
]


def test_an_archive_of_the_previous_schema_upgrades_and_its_quotes_are_searchable(database_url):
    database = Database(database_url, migrate=False)
    upgrade(database.engine, "0001")
    with database.engine.begin() as connection:
        for statement in OLD_ARCHIVE:
            connection.exec_driver_sql(statement)
    upgrade(database.engine)
    with database.read() as session:
        found = search(session, database.dialect, QuoteQuery(q="archived search"))
    assert [q["article"]["id"] for q in found["quotes"]] == ["old"]
    Archive(database).store(ArticleToStore(id="new", text="t"),
                            analysis(("And this one after search came", "direct", "A B")))
    with database.read() as session:
        assert len(search(session, database.dialect, QuoteQuery(q="search"))["quotes"]) == 2
    database.close()


OPEN_AT = textwrap.dedent("""
    import sys, time
    from app.archive.database import Database
    folder, at = sys.argv[1], float(sys.argv[2])
    for n in range(10):  # ten new archives, each opened by every process at the same moment
        time.sleep(max(0.0, at + 0.3 * n - time.time()))
        Database(f"sqlite:///{folder}/archive{n}.sqlite3").close()
""")


def test_processes_opening_a_new_sqlite_archive_at_once_all_open_it(tmp_path):
    # batch workers and server workers start together: the first connections of a new file
    # switch it to WAL and migrate it, one process at a time
    at = time.time() + 3
    processes = [subprocess.Popen([sys.executable, "-c", OPEN_AT, str(tmp_path), str(at)],
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors[0][-500:] + errors[-1][-500:]
