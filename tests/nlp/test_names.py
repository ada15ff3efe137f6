"""Names cleaned of what the recogniser glued on, and of page chrome."""

from __future__ import annotations

import pytest
from conftest import hand_parsed

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


# "Donald Trump praised his daughter . Ivanka Trump spoke ." with "Ivanka Trump" missed by the
# recogniser, as the small model misses it in news
RELATIVES = """
Donald Donald NNP PROPN compound 1 B-PERSON
Trump Trump NNP PROPN nsubj 2 I-PERSON
praised praise VBD VERB ROOT 2 O
his his PRP$ PRON poss 4 O
daughter daughter NN NOUN dobj 2 O
. . . PUNCT punct 2 O
Ivanka Ivanka NNP PROPN compound 7 O
Trump Trump NNP PROPN nsubj 8 O
spoke speak VBD VERB ROOT 8 O
. . . PUNCT punct 8 O
"""


@pytest.mark.parametrize("surname_tag", ["O", "B-PERSON"])
def test_a_relative_the_recogniser_missed_is_a_person_of_their_own(nlp, surname_tag):
    rows = RELATIVES.replace("Trump Trump NNP PROPN nsubj 8 O",
                             f"Trump Trump NNP PROPN nsubj 8 {surname_tag}")
    index = NameIndex(hand_parsed(nlp, rows, {0, 6}), load_lexicon(),
                      first_names=frozenset({"Ivanka", "Donald"}))
    assert sorted(e.name for e in index.entities) == ["Donald Trump", "Ivanka Trump"]


def test_a_word_before_a_last_name_that_is_no_first_name_makes_nobody_new(nlp):
    rows = RELATIVES.replace("Ivanka Ivanka", "Team Team")
    index = NameIndex(hand_parsed(nlp, rows, {0, 6}), load_lexicon(),
                      first_names=frozenset({"Ivanka", "Donald"}))
    assert [e.name for e in index.entities] == ["Donald Trump"]


def test_a_role_goes_to_the_title_that_shares_most_of_its_words(nlp):
    doc = nlp("Former President Dan Wolfe spoke. Then President Tom Kemp spoke. The former "
              "president left.")
    index = NameIndex(doc, load_lexicon())
    role = next(doc[t.i - 2:t.i + 1] for t in doc if t.lower_ == "president" and t.i > 10)
    assert role.text == "The former president"
    assert index.entity_for_role(role).name == "Dan Wolfe"


# "The Advocate chided Obama . Gold Star families came ." with the outlet missed by the
# recogniser, as the small model misses "The Advocate"
OUTLET = """
The the DT DET det 1 O
Advocate Advocate NNP PROPN nsubj 2 O
chided chide VBD VERB ROOT 2 O
Obama Obama NNP PROPN dobj 2 B-PERSON
. . . PUNCT punct 2 O
Gold Gold NNP PROPN compound 6 O
Star Star NNP PROPN compound 7 O
families family NNS NOUN nsubj 8 O
came come VBD VERB ROOT 8 O
. . . PUNCT punct 8 O
"""


def test_an_outlet_the_recogniser_missed_is_an_organisation_but_not_a_word_of_a_noun(nlp):
    index = NameIndex(hand_parsed(nlp, OUTLET, {0, 5}), load_lexicon())
    assert sorted((e.name, e.label) for e in index.entities) == [
        ("Advocate", "ORG"), ("Obama", "PERSON")]


HEADLINE = """
ESPN ESPN NNP PROPN nsubj 1 B-ORG
Fires fire VBZ VERB ROOT 1 O
Schilling Schilling NNP PROPN dobj 1 B-PERSON
Over over IN ADP prep 1 O
An an DT DET det 6 O
Offensive Offensive NNP PROPN compound 6 O
Post Post NNP PROPN pobj 3 O
"""


def test_an_outlet_word_in_a_headline_names_no_outlet(nlp):
    index = NameIndex(hand_parsed(nlp, HEADLINE, {0}), load_lexicon(), chrome=[])
    assert sorted(e.name for e in index.entities) == ["ESPN", "Schilling"]


# "Top Clinton adviser sent messages . Hillary Clinton spoke ." with "Top" taken into a name
GLUED_ADJECTIVE = """
Top top JJ ADJ amod 2 B-PERSON
Clinton Clinton NNP PROPN compound 2 I-PERSON
adviser adviser NN NOUN nsubj 3 O
sent send VBD VERB ROOT 3 O
messages message NNS NOUN dobj 3 O
. . . PUNCT punct 3 O
Hillary Hillary NNP PROPN compound 7 B-PERSON
Clinton Clinton NNP PROPN nsubj 8 I-PERSON
spoke speak VBD VERB ROOT 8 O
. . . PUNCT punct 8 O
"""


def test_an_adjective_the_recogniser_took_in_is_not_part_of_a_name(nlp):
    index = NameIndex(hand_parsed(nlp, GLUED_ADJECTIVE, {0, 6}), load_lexicon(), chrome=[])
    assert [e.name for e in index.entities] == ["Hillary Clinton"]


@pytest.mark.parametrize("text, found", [
    pytest.param("Dana Wolferton spoke first on Monday. Later, Wolferten left the hall.",
                 ["Dana Wolferton"], id="a surname one letter off is a typo of the full name"),
    pytest.param("Dana Allen spoke first on Monday. Later, Allan left the hall.",
                 ["Allan", "Dana Allen"], id="not a short one"),
])
def test_a_misspelt_surname(nlp, text, found):
    assert sorted(names(nlp, text)) == found


# "Dana Wolferton spoke . Wolfertons left ." with both names tagged
PLURAL = """
Dana Dana NNP PROPN compound 1 B-PERSON
Wolferton Wolferton NNP PROPN nsubj 2 I-PERSON
spoke speak VBD VERB ROOT 2 O
. . . PUNCT punct 2 O
Wolfertons Wolfertons NNPS PROPN nsubj 5 B-PERSON
left leave VBD VERB ROOT 5 O
. . . PUNCT punct 5 O
"""


def test_a_plural_of_a_surname_is_no_misspelling(nlp):
    index = NameIndex(hand_parsed(nlp, PLURAL, {0, 4}), load_lexicon(), chrome=[])
    assert sorted(e.name for e in index.entities) == ["Dana Wolferton", "Wolfertons"]
