"""Many articles at once: one article whose analysis fails is reported and skipped, in one
process or in several, and the run neither stops nor hangs."""

from __future__ import annotations

import threading

import pytest
from conftest import BREAKS

from app.service.extract import Failed, extract_articles

GOOD = 'Senator Ana Ruiz spoke on Monday. "The budget is late," she said. '


def run_with_timeout(items: list[tuple[str, str]], processes: int) -> list:
    found: list = []
    worker = threading.Thread(target=lambda: found.extend(
        extract_articles(items, batch_size=4, processes=processes)), daemon=True)
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the run hung"
    return found


@pytest.mark.parametrize("processes", [1, 2])
def test_an_article_whose_analysis_fails_is_reported_and_the_others_written(
        nlp, broken_analysis, processes):
    items = [(GOOD * 3, f"a{n}") for n in range(12)]
    items.insert(5, (BREAKS + " " + GOOD * 400, "long-and-broken"))  # ~28,000 characters
    found = run_with_timeout(items, processes)
    assert [article_id for _, article_id in found] == [article_id for _, article_id in items]
    failed = [(result, article_id) for result, article_id in found if isinstance(result, Failed)]
    assert failed == [(Failed("RuntimeError"), "long-and-broken")]
    assert all(result["quotes"] for result, _ in found if not isinstance(result, Failed))
