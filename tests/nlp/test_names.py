"""Names cleaned of what the recogniser glued on, and of page chrome."""

from __future__ import annotations

from app.core.lexicon import load_lexicon
from app.nlp.names import NameIndex


def names(nlp, text: str) -> set[str]:
    return {e.name for e in NameIndex(nlp(text), load_lexicon()).entities}


def test_a_dateline_is_not_part_of_a_name(nlp):
    found = names(nlp, "CLEVELAND — Donald Trump spoke to reporters on Monday.")
    assert "Donald Trump" in found and not any("CLEVELAND" in n and "Trump" in n for n in found)


def test_a_heading_gives_only_the_names_the_article_gives(nlp):
    text = ("News NATO Jens Stoltenberg Ukraine Russia\n\nNATO Secretary-General Jens "
            "Stoltenberg spoke on Tuesday in Brussels.\nRequest Reprint & Licensing")
    found = names(nlp, text)
    assert "Jens Stoltenberg" in found
    assert not any("Reprint" in n or "Ukraine Russia" in n for n in found)


def test_an_adverb_the_recogniser_took_in_is_not_part_of_a_name(nlp):
    assert "Donald Trump" in names(nlp, "Certainly Donald Trump has gone his own way here.")
