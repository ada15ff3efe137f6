"""Attribution on texts written for these tests, through the whole pipeline."""
# ruff: noqa: E501  (the scraped page keeps its paragraphs on one line each, as scraped)

from __future__ import annotations

import pytest
from conftest import assert_offsets_valid, hand_parsed

from app.core.lexicon import load_lexicon
from app.core.options import Options
from app.core.results import QuoteType
from app.nlp.attribution import DEFAULT_RULES, attribute_quotes
from app.nlp.cues import CueQuestion
from app.nlp.document import QuoteDoc
from app.nlp.sieves.base import first_decision

INTRO = "NATO Secretary-General Jens Stoltenberg spoke in Brussels on Tuesday. "
# the quotation-mark types, for tests about them alone (reported speech: tests/test_reported.py)
QUOTED = {"types": frozenset({QuoteType.DIRECT, QuoteType.PARTIAL})}


def only_quote(result: dict) -> dict:
    assert len(result["quotes"]) == 1, result["quotes"]
    return result["quotes"][0]


def test_pronoun_speaker_resolves_to_full_name(analyse):
    text = INTRO + '"We need to replenish our own stocks," he said.'
    result = analyse(text)
    quote = only_quote(result)
    assert quote["text"] == "We need to replenish our own stocks,"
    assert quote["type"] == "direct"
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["speaker"]["mention"]["text"] == "he"
    assert quote["speaker"]["resolved_by"] == "coreference"
    assert quote["cue"]["text"] == "said"
    assert quote["sentence"]["text"] == '"We need to replenish our own stocks," he said.'
    assert_offsets_valid(text, result)


@pytest.mark.parametrize("sentence, mention, cue", [
    ('"The alliance is ready," said Stoltenberg.', "Stoltenberg", "said"),
    ('Stoltenberg said: "The alliance is ready."', "Stoltenberg", "said"),
    ('"The alliance is ready," Stoltenberg told reporters.', "Stoltenberg", "told"),
    ('Stoltenberg warned, "The alliance is ready."', "Stoltenberg", "warned"),
    ('According to Stoltenberg, "the alliance is ready."', "Stoltenberg", "According to"),
    ('"The alliance is ready," Stoltenberg, who took office in 2014, insisted.', "Stoltenberg",
     "insisted"),
])
def test_cue_in_every_order(analyse, sentence, mention, cue):
    text = INTRO + sentence
    quote = only_quote(analyse(text))
    assert quote["text"].startswith(("The alliance is ready", "the alliance is ready"))
    assert quote["speaker"]["mention"]["text"] == mention
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["speaker"]["resolved_by"] == "name"
    assert quote["cue"]["text"] == cue


def test_partial_quote_inside_reported_speech(analyse):
    text = INTRO + 'Stoltenberg said NATO must "replenish our own stocks" soon.'
    mixed, partial = analyse(text)["quotes"]
    assert (mixed["type"], mixed["text"]) == ("mixed", 'NATO must "replenish our own stocks" soon')
    assert (partial["type"], partial["text"]) == ("partial", "replenish our own stocks")
    assert mixed["speaker"]["name"] == partial["speaker"]["name"] == "Jens Stoltenberg"
    assert only_quote(analyse(text, **QUOTED)) == partial | {"id": "q1", "group": "q1"}


def test_partial_quote_after_that(analyse):
    text = INTRO + 'Stoltenberg added that partners would "certainly be asked to join" the meeting.'
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["type"] == "partial"
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["cue"]["text"] == "added"


@pytest.mark.parametrize("text, name, cue", [
    ('Councilwoman Dana Rivera closed the town hall with a promise to "fix every pothole on '
     'Main Street before the first snow."', "Dana Rivera", "closed"),
    ('Officials credited the recovery to "a summer of steady hiring in the warehouses."',
     "Officials", "credited"),
])
def test_quote_without_cue_is_its_clause_subjects(analyse, text, name, cue):
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["type"] == "partial"
    assert quote["speaker"]["name"] == name
    assert quote["cue"]["text"] == cue
    assert quote["confidence"] < 0.6  # weaker evidence than a cue verb


def test_a_thing_in_the_clause_is_no_source(analyse):
    text = 'Good reporting can still win, but mostly when "the facts make a better story than the rumor."'
    assert only_quote(analyse(text, **QUOTED))["speaker"] is None


def test_partial_quote_is_not_given_to_a_clause_after_it(analyse):
    text = ('The governor conceded that there are still "a few stubborn critics" who think '
            'otherwise about the budget.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "The governor"
    assert quote["cue"]["text"] == "conceded"


def test_split_quote_shares_group_and_speaker(analyse):
    text = INTRO + '"This demonstrates our readiness," he said, "and we will stay the course."'
    result = analyse(text)
    first, second = result["quotes"]
    assert first["group"] == second["group"] == first["id"]
    assert first["speaker"]["id"] == second["speaker"]["id"]
    assert second["speaker"]["name"] == "Jens Stoltenberg"


def test_quote_without_cue_continues_the_previous_one(analyse):
    text = INTRO + ('"This demonstrates our readiness," he said. '
                    '"But factories must build more shells."\n\n'
                    '"And we will discuss it with the ministers."')
    result = analyse(text)
    assert len(result["quotes"]) == 3
    for quote in result["quotes"]:
        assert quote["speaker"]["name"] == "Jens Stoltenberg"
        assert quote["group"] == "q1"
    assert [q["speaker"]["resolved_by"] for q in result["quotes"]] == [
        "coreference", "continuation", "continuation"]
    assert result["quotes"][1]["speaker"]["mention"]["text"] == "he"


def test_quote_after_unrelated_sentence_has_no_speaker(analyse):
    text = INTRO + ('"We are ready," he said.\n\nThe meeting ended late in the evening.\n\n'
                    '"Nobody knows what happens next in this war."')
    result = analyse(text)
    assert result["quotes"][1]["speaker"] is None
    assert result["quotes"][1]["cue"] is None


def test_colon_introduction_in_previous_paragraph(analyse):
    text = ("Ukrainian President Volodymyr Zelensky issued the following statement:\n\n"
            "“We thank every partner who stands with us.”")
    quote = only_quote(analyse(text))
    assert quote["speaker"]["name"] == "Volodymyr Zelensky"


def test_role_noun_resolves_to_named_person(analyse):
    text = INTRO + ('Stoltenberg spoke about production. The NATO chief said he had spoken '
                    'to manufacturers "several times" this year.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "The NATO chief"
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["speaker"]["resolved_by"] == "role"


def test_name_variants_are_one_speaker_with_titles(analyse):
    text = INTRO + ('"We are ready," Mr. Stoltenberg said.\n\n'
                    '"We will also stay," said Jens Stoltenberg.')
    result = analyse(text)
    assert len(result["speakers"]) == 1
    speaker = result["speakers"][0]
    assert speaker["name"] == "Jens Stoltenberg"
    assert speaker["label"] == "PERSON"
    assert "NATO Secretary-General" in speaker["titles"]
    assert speaker["quote_ids"] == ["q1", "q2"]
    assert_offsets_valid(text, result)


def test_organisation_can_speak(analyse):
    text = 'NATO said in a statement: "The summit will take place in July."'
    quote = only_quote(analyse(text))
    assert quote["speaker"]["name"] == "NATO"
    assert quote["speaker"]["resolved_by"] == "explicit"


def test_scare_quotes_only_on_request(analyse):
    text = 'The plan was a "success" in name only, and the "Iron Dome" stayed up.'
    assert analyse(text, **QUOTED)["quotes"] == []
    result = analyse(text, include_scare_quotes=True)
    assert [q["text"] for q in result["quotes"]] == ["success", "Iron Dome"]
    assert all(q["speaker"] is None for q in result["quotes"])


def test_titles_of_shows_are_not_quotes(analyse):
    text = INTRO + 'Stoltenberg said on "Meet the Press" that the alliance is ready.'
    assert analyse(text, **QUOTED)["quotes"] == []


def test_a_name_someone_gives_is_their_quote_not_a_title(analyse):
    text = 'At the rally, Senator Ann Price called her opponent "Mister Gridlock" twice.'
    quote = only_quote(analyse(text, **QUOTED))
    assert (quote["text"], quote["type"]) == ("Mister Gridlock", "partial")
    assert quote["speaker"]["name"] == "Ann Price"
    assert quote["cue"]["text"] == "called"
    # nobody gives the name here: a group's name is a title
    assert analyse('A group called the "Friends of the Library" met on Tuesday.',
                   **QUOTED)["quotes"] == []


def test_a_label_given_through_as_is_the_labellers(analyse):
    quote = only_quote(analyse('Consumer Watch rated the new hospital as "below average" last year.',
                               **QUOTED))
    assert (quote["text"], quote["type"]) == ("below average", "partial")
    assert quote["speaker"]["name"] == "Consumer Watch"
    assert quote["cue"]["text"] == "rated"


def test_a_relative_pronoun_speaker_is_named_by_its_antecedent(analyse):
    text = ('It was the inspectors who said the pumps "had not been serviced in years." '
            'It was the engineers who said the valves "were installed backwards."')
    result = analyse(text, **QUOTED)
    first, second = result["quotes"]
    assert first["speaker"]["mention"]["text"] == second["speaker"]["mention"]["text"] == "who"
    assert (first["speaker"]["name"], second["speaker"]["name"]) == (
        "the inspectors", "the engineers")
    assert first["speaker"]["id"] != second["speaker"]["id"]  # two speakers, not one "who"


@pytest.mark.parametrize("text", [
    pytest.param('Tom Kemp says to Ruth Alder on camera, who responds enthusiastically: "Okay, we '
                 'will be there!"', id="who hung on a thing: the person named before it"),
    pytest.param('The mayor campaigned for Ruth Alder, who is running for the council and who '
                 'praised "the long recovery of the harbour" on Monday.',
                 id="who of a joined clause: the first one's antecedent"),
])
def test_a_relative_pronoun_that_the_parse_hangs_elsewhere_is_named_by_its_person(analyse, text):
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "who"
    assert quote["speaker"]["name"] == "Ruth Alder"


def test_unattributed_direct_quote_has_null_speaker(analyse):
    text = '"Nobody expected the decision to come this quickly, or at all."'
    quote = only_quote(analyse(text))
    assert quote["speaker"] is None
    assert quote["type"] == "direct"


SCRAPED_PAGE = """Home | World | Politics | Sign in

Alliance races to refill depleted arsenals

By Staff Writer
Defence Alliance Ukraine Europe

Alliance Secretary-General Maria Lindqvist on Monday outlined plans to expand the bloc's ammunition reserves, which have shrunk as members send shells to Ukraine.

"We have to rebuild our reserves faster than we are spending them, and we have to do it together," she said at a press conference in Vienna.

Lindqvist said member states should sign longer contracts and added that industry would be "part of every discussion from now on."

The alliance chief said she had spoken to manufacturers "many times" this spring, and that she was revising the members' "readiness goals" for artillery.

"Production lines take years to build.

"That is why we are asking for ten-year orders, not one-year orders," she said.

Read more
Subscribe now
Newsletters: The Morning Brief (Mondays) | The Week Ahead (Fridays)
You can unsubscribe at any time.
By signing up you agree to our Terms of Service and Privacy Policy
About Us | Careers | Contact | Cookie Policy | Terms & Conditions
© 2026 Example Media
"""


def test_scraped_news_page(analyse):
    result = analyse(SCRAPED_PAGE, **QUOTED)
    texts = [q["text"] for q in result["quotes"]]
    assert texts == [
        "We have to rebuild our reserves faster than we are spending them, and we have to do it "
        "together,",
        "part of every discussion from now on.",
        "many times",
        "readiness goals",
        "Production lines take years to build.\n\n\"That is why we are asking for ten-year "
        "orders, not one-year orders,",
    ]
    for quote in result["quotes"]:
        assert quote["speaker"]["name"] == "Maria Lindqvist", quote
    assert [q["type"] for q in result["quotes"]] == [
        "direct", "partial", "partial", "partial", "direct"]
    (speaker,) = result["speakers"]
    assert "Alliance Secretary-General" in speaker["titles"]
    assert_offsets_valid(SCRAPED_PAGE, result)


@pytest.mark.parametrize("text", [
    '"The budget is late again and nobody wants to own it." ― Ana Ruiz\n\nNext story.',
    '"The budget is late again and nobody wants to own it."\n\n- Ana Ruiz.\n\nNext story.',
])
def test_dash_bylines_same_line_or_next(analyse, text):
    quote = only_quote(analyse(text))
    assert quote["speaker"]["name"] == "Ana Ruiz"
    assert quote["cue"]["text"] in ("―", "-")


def test_dash_paragraph_that_is_not_a_byline(analyse):
    text = ('"The budget is late again and nobody wants to own it."\n\n'
            '- Ana Ruiz said many other things about the budget at the meeting on Monday.')
    assert only_quote(analyse(text, **QUOTED))["speaker"] is None


def test_a_quote_that_ends_its_sentence_takes_no_cue_from_the_next(analyse):
    text = INTRO + ('"We are ready," Stoltenberg said. "We feel good about the plan." '
                    'Ministers noted a planned meeting in June.')
    second = analyse(text, **QUOTED)["quotes"][1]
    assert second["speaker"]["mention"]["text"] == "Stoltenberg"
    assert second["speaker"]["resolved_by"] == "continuation"


def test_a_quote_after_reported_speech_goes_on_from_its_speaker(analyse):
    text = INTRO + ('The Ukrainian minister Dmytro Kuleba met ministers too.\n\n'
                    'Stoltenberg says the deal is on.\n\n"We will sign it next week."')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["speaker"]["resolved_by"] == "continuation"


def test_a_negated_speech_verb_reports_nothing(analyse):
    text = INTRO + 'Stoltenberg did not comment on the plan.\n\n"We will sign it next week."'
    assert only_quote(analyse(text, **QUOTED))["speaker"] is None


@pytest.mark.parametrize("sentence, mention", [
    ('Stoltenberg said the minister believes the allies have "the wind at their backs" this '
     'year.', "Stoltenberg"),
    ('Stoltenberg said the army was ready and the minister called it "a turning point".',
     "the minister"),
])
def test_quoted_words_belong_to_the_report_that_holds_them(analyse, sentence, mention):
    quote = only_quote(analyse(INTRO + sentence, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == mention


@pytest.mark.parametrize("sentence, mention, cue", [
    # the closing mark glued to the name (tokenized apart, or no cue is found)
    ('"The alliance is ready,"Stoltenberg said.', "Stoltenberg", "said"),
    # a long apposition between the name and a cue far from the quote
    ('"The alliance is ready!" Stoltenberg, the former prime minister of Norway and the '
     'longest-serving head of the alliance since the 1990s, tweeted on Friday.', "Stoltenberg",
     "tweeted"),
    # a verb with its particle
    ('Stoltenberg shot back, "The alliance is ready."', "Stoltenberg", "shot"),
    ('Stoltenberg went on: "The alliance is ready."', "Stoltenberg", "went"),
])
def test_cue_forms_parsers_miss(analyse, sentence, mention, cue):
    quote = only_quote(analyse(INTRO + sentence, **QUOTED))
    assert quote["text"].startswith("The alliance is ready")
    assert quote["speaker"]["mention"]["text"] == mention
    assert quote["speaker"]["name"] == "Jens Stoltenberg"
    assert quote["cue"]["text"] == cue


def test_an_age_can_speak(analyse):
    text = ('Jane Smith moved to Ohio in 1998. "I never expected to stay this long," '
            'said the 46-year-old.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "the 46-year-old"
    assert quote["cue"]["text"] == "said"


def test_cue_before_the_quote_wins_over_a_new_sentence_after_it(analyse):
    text = ('Senator Clinton famously responded: "Why does that matter now?" '
            'Her critics cited it for years.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "Clinton"
    assert quote["cue"]["text"] == "responded"


def test_a_name_alone_before_a_colon_speaks(analyse):
    text = 'Analysts agree on the summit - Jane Smith: "The alliance is ready."'
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "Jane Smith"
    assert quote["cue"]["text"] == ":"


def test_a_title_after_a_word_naming_a_work_is_no_quote(analyse):
    text = ('Jane Smith grew up in Ohio, she wrote in her 2012 book, "An American Daughter." '
            '"I never forgot it," she said.')
    quotes = analyse(text, **QUOTED)["quotes"]
    assert [q["text"] for q in quotes] == ["I never forgot it,"]
    with_titles = analyse(text, include_scare_quotes=True, **QUOTED)["quotes"]
    assert [q["text"] for q in with_titles][0] == "An American Daughter."


def test_a_subject_outside_the_quote_wins(analyse):
    # the parser takes a noun inside the quote as a second subject of "said"
    text = ('"The fall we see today is largely attributable to the memos, the charity, all the '
            'old worries about trust," said a person close to the campaign.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "a person"


def test_a_quote_after_a_report_goes_on_from_its_reporter(analyse):
    text = ("Jane Smith praised the governor's leadership after the storm.\n\n"
            '"We need someone who brings people together."')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "Jane Smith"
    assert quote["speaker"]["resolved_by"] == "continuation"


def test_no_subject_across_a_paragraph_break(analyse):
    # the parser reads the time-stamp line as the subject of "said"
    text = '1:50 p.m.\n\nThe famed fight doctor once said: "He was born in Louisville."'
    quote = only_quote(analyse(text, **QUOTED))
    assert "1:50" not in (quote["speaker"] or {}).get("name", "")


def test_quoted_words_in_a_report_belong_to_its_reporter(analyse):
    # "criticize" reports (app/core/data/report_verbs.txt) but is no cue of quotes in marks
    text = INTRO + 'Stoltenberg criticized the plan as a "dangerous gamble" for the alliance.'
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["text"] == "dangerous gamble"
    assert quote["speaker"]["name"] == "Jens Stoltenberg"


def test_a_title_followed_by_its_author_is_no_quote(analyse):
    text = ('According to "The Long Road: Three Generations That Built a Country," by Jane '
            'Smith, the family moved twice.')
    assert analyse(text, **QUOTED)["quotes"] == []


def test_a_noun_phrase_right_after_the_cue_speaks(analyse):
    # the parser makes "woman" the subject of the relative clause's verb, not of "said"
    text = ('"A man came in and said perhaps we should stop paying them if they keep cheating '
            'us," said the woman, who like most of her neighbours asked not to be identified.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "the woman"


def test_a_subject_the_parser_hung_on_an_aside(analyse):
    text = ('Clinton, irritated, memorably responded: "What good does it do now?" '
            'Her critics cited it for years.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "Clinton"


def test_quoted_words_a_reporting_verb_governs(analyse):
    # "welcome" reports (app/core/data/report_verbs.txt) but is no cue of quotes in marks, and what
    # it reports is all in the marks
    text = ('Jane Smith, the co-founder of the institute, welcomed "the admission that the '
            'country does not yet have every tool it needs."')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "Jane Smith"
    assert quote["cue"]["text"] == "welcomed"


def test_the_owner_of_the_words_before_a_colon(analyse):
    text = ('Aides say former Florida governor Jed Barton will back the senator. From Barton\'s '
            'Facebook post: "We have to rise above the bitterness of this race."')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Jed Barton"
    assert quote["cue"]["text"] == ":"


@pytest.mark.parametrize("text, speaker", [
    # who was asked did not ask: the question is nobody's we can name …
    ('Stoltenberg met ministers on Tuesday. He was asked, "Will the alliance send more '
     'troops?" He answered that it would.', None),
    ('Asked whether the ministers were "ready to spend more on defence," most of the '
     'delegates said yes.', None),
    # … or the agent's
    ('Stoltenberg was asked by Maria Lopez, "Will the alliance send more troops?"',
     "Maria Lopez"),
])
def test_a_question_put_to_the_subject_is_not_the_subjects(analyse, text, speaker):
    quote = analyse(text, **QUOTED)["quotes"][0]
    assert (quote["speaker"] or {}).get("name") == speaker


def test_a_participle_cue_after_reported_speech_is_the_reporters(analyse):
    # the parser hangs "adding" on the reported clause, whose subject is "the talks"
    text = ('Stoltenberg said the talks with the ministers could be "difficult," adding, '
            '"We are ready for them."')
    quotes = analyse(text, **QUOTED)["quotes"]
    assert [q["speaker"]["name"] for q in quotes] == ["Stoltenberg", "Stoltenberg"]


def test_a_participle_cue_on_a_verb_the_reported_clause_goes_on_with_is_the_reporters(analyse):
    # "saying" hangs on "choose", which hangs on the reported "will have"
    text = ('Even a harbour official said Ruth Alder will have to choose whose side she is on, '
            'saying, "The council cannot wait for the summer."')
    direct = [q for q in analyse(text, **QUOTED)["quotes"] if q["type"] == "direct"]
    assert [q["speaker"]["name"] for q in direct] == ["a harbour official"]


def test_a_date_next_to_a_cue_verb_left_without_a_subject_does_not_speak(analyse):
    # the parser hangs "a harbour official" on "team" and leaves "said" without a subject
    text = ("Although there is no such overlap with Alder's team, a harbour official who spoke "
            'anonymously to discuss internal strategy said Wednesday, "Certainly there are '
            'talks between the council and the union."')
    direct = [q for q in analyse(text, **QUOTED)["quotes"] if q["type"] == "direct"]
    assert [q["speaker"]["name"] for q in direct] == ["a harbour official"]


def test_a_name_before_the_colon_that_is_an_object_does_not_speak(analyse):
    text = 'Maria Lopez delivered a blunt message to Stoltenberg: "It is time to act."'
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Maria Lopez"



def hand_attributed(nlp, rows: str, sentence_starts: set[int]) -> list[dict]:
    doc = hand_parsed(nlp, rows, sentence_starts)
    return attribute_quotes(doc, load_lexicon(), Options(**QUOTED)).to_dict()["quotes"]


def test_a_dash_the_tagger_took_for_a_noun_is_no_subject(nlp):
    # "… made public ― Lopez boasted, “We win.”": "―" parsed as a second subject
    quotes = hand_attributed(nlp, """
        public public JJ ADJ amod 1 O
        ― ― NN NOUN nsubj 3 O
        Lopez Lopez NNP PROPN nsubj 3 B-PERSON
        boasted boast VBD VERB ROOT 3 O
        , , , PUNCT punct 3 O
        “ “ `` PUNCT punct 3 O
        We we PRP PRON nsubj 7 O
        win win VBP VERB ccomp 3 O
        . . . PUNCT punct 3 O
        ” ” '' PUNCT punct 3 O
        """, {0})
    assert quotes[0]["speaker"]["name"] == "Lopez"


def test_a_cue_the_parser_hung_on_the_aside_before_it_takes_the_asides_subject(nlp):
    # "Lopez, exasperated, responded: “Why?”" with "exasperated" as the head
    quotes = hand_attributed(nlp, """
        Lopez Lopez NNP PROPN nsubj 2 B-PERSON
        , , , PUNCT punct 0 O
        exasperated exasperate VBD VERB ROOT 2 O
        , , , PUNCT punct 2 O
        responded respond VBD VERB dep 2 O
        : : : PUNCT punct 4 O
        “ “ `` PUNCT punct 4 O
        Why why WRB ADV ccomp 4 O
        ? ? . PUNCT punct 2 O
        ” ” '' PUNCT punct 2 O
        Critics critic NNS NOUN nsubj 11 O
        cited cite VBD VERB ROOT 11 O
        it it PRP PRON dobj 11 O
        . . . PUNCT punct 11 O
        """, {0, 10})
    assert quotes[0]["speaker"]["name"] == "Lopez"


def test_a_clause_of_the_next_paragraph_does_not_make_a_cue_report_something_else(nlp):
    # "“Why?” Lopez fumed. ¶ Weiner became …" with "became" parsed as what "fumed" reports
    quotes = hand_attributed(nlp, """
        “ “ `` PUNCT punct 1 O
        Why why WRB ADV ROOT 1 O
        ? ? . PUNCT punct 1 O
        ” ” '' PUNCT punct 1 O
        Lopez Lopez NNP PROPN nsubj 5 B-PERSON
        fumed fume VBD VERB ROOT 5 O
        . . . PUNCT punct 5 O
        ¶ ¶ _SP SPACE dep 6 O
        Weiner Weiner NNP PROPN nsubj 9 B-PERSON
        became become VBD VERB ccomp 5 O
        famous famous JJ ADJ acomp 9 O
        . . . PUNCT punct 9 O
        """, {0, 4, 8})
    assert [(q["speaker"] or {}).get("name") for q in quotes] == ["Lopez"]


def test_a_reaction_after_the_quote_is_a_cue(analyse):
    text = '"Nobody believes it," reacted Maria Lopez.'
    assert only_quote(analyse(text, **QUOTED))["speaker"]["name"] == "Maria Lopez"


def test_a_name_opening_the_words_after_a_quote_speaks_though_its_aside_lacks_a_comma(nlp):
    # "“We need a plan,” Lopez, the analyst who founded it tweeted.", the cue parsed into
    # the quote
    quotes = hand_attributed(nlp, """
        “ “ `` PUNCT punct 2 O
        We we PRP PRON nsubj 2 O
        need need VBP VERB ROOT 2 O
        a a DT DET det 4 O
        plan plan NN NOUN dobj 2 O
        , , , PUNCT punct 2 O
        ” ” '' PUNCT punct 2 O
        Lopez Lopez NNP PROPN appos 4 B-PERSON
        , , , PUNCT punct 7 O
        the the DT DET det 10 O
        analyst analyst NN NOUN appos 7 O
        who who WP PRON nsubj 12 O
        founded found VBD VERB relcl 10 O
        it it PRP PRON dobj 12 O
        tweeted tweet VBN VERB acl 4 O
        . . . PUNCT punct 2 O
        """, {0})
    assert [(q["speaker"] or {}).get("name") for q in quotes] == ["Lopez"]


def test_the_cue_verb_a_colon_closes_introduces_the_quote(nlp):
    # "Lopez said as the heckler yelled: “You lose!”" with the quote parsed under "said"
    quotes = hand_attributed(nlp, """
        Lopez Lopez NNP PROPN nsubj 1 B-PERSON
        said say VBD VERB ROOT 1 O
        as as IN SCONJ mark 5 O
        the the DT DET det 4 O
        heckler heckler NN NOUN nsubj 5 O
        yelled yell VBD VERB advcl 1 O
        : : : PUNCT punct 1 O
        “ “ `` PUNCT punct 1 O
        You you PRP PRON nsubj 9 O
        lose lose VBP VERB ccomp 1 O
        ! ! . PUNCT punct 1 O
        ” ” '' PUNCT punct 1 O
        """, {0})
    assert [q["speaker"]["mention"]["text"] for q in quotes] == ["the heckler"]


def test_according_to_in_the_next_sentence_is_that_sentences_source(analyse):
    text = ('Maria Lopez’s response was: “Is the summit off?” The summit is a yearly meeting of '
            'ministers, according to its website.')
    quote = analyse(text, **QUOTED)["quotes"][0]
    assert quote["speaker"]["mention"]["text"] == "Maria Lopez’s response"


def test_a_source_in_capitals_between_a_dash_and_a_colon(analyse):
    text = ('Estimates of engagement are particularly problematic - Pew Research: “All the samples '
            'evaluated include more engaged individuals.”')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "Pew Research"


def test_a_subject_in_the_cues_paragraph_wins_over_a_dateline_joined_to_it(analyse):
    text = ('1:50 p.m.\n\nFamed fight doctor Maria Lopez once said: “The fighter was born in '
            'Louisville. The legend was born in Miami.”')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Maria Lopez"


def test_of_two_subjects_the_parser_gave_a_cue_the_nearer_speaks(nlp):
    # "In Berea, OH, after winning, Lopez said, “We won.”" with "OH" a second subject
    quotes = hand_attributed(nlp, """
        In in IN ADP prep 9 O
        Berea Berea NNP PROPN pobj 0 B-GPE
        , , , PUNCT punct 9 O
        OH OH NNP PROPN nsubj 9 B-GPE
        , , , PUNCT punct 9 O
        after after IN ADP prep 9 O
        winning win VBG VERB pcomp 5 O
        , , , PUNCT punct 9 O
        Lopez Lopez NNP PROPN nsubj 9 B-PERSON
        said say VBD VERB ROOT 9 O
        , , , PUNCT punct 9 O
        “ “ `` PUNCT punct 9 O
        We we PRP PRON nsubj 13 O
        won win VBD VERB ccomp 9 O
        . . . PUNCT punct 9 O
        ” ” '' PUNCT punct 9 O
        """, {0})
    assert [q["speaker"]["name"] for q in quotes] == ["Lopez"]


@pytest.mark.parametrize("text, mention", [
    ('What the study finds. From the report: “In general, samples with more elaborate sampling '
     'do better.”', "the report"),
    ('Planes filled the skies with messages. “Peace is possible, and so is a plan,” read one.',
     "one"),
    # a noun for someone's words right before the quote
    ('Immediately after the attacks, Lopez issued a statement, “Last night, our city was '
     'attacked. We stand with the victims.”', "Lopez"),
    ('The mayor’s campaign slogan is “We build the city together, block by block.”',
     "The mayor’s campaign slogan"),
])
def test_sources_that_are_no_subject_of_a_cue_verb(analyse, text, mention):
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == mention


def test_a_cue_verb_the_tagger_took_for_a_noun_after_the_quote(nlp):
    # "“We stand together,” the editorial read." with "read" a noun and "editorial" its adjective
    quotes = hand_attributed(nlp, """
        “ “ `` PUNCT punct 2 O
        We we PRP PRON nsubj 2 O
        stand stand VBP VERB ccomp 8 O
        together together RB ADV advmod 2 O
        , , , PUNCT punct 8 O
        ” ” '' PUNCT punct 8 O
        the the DT DET det 8 O
        editorial editorial JJ ADJ amod 8 O
        read read NN NOUN ROOT 8 O
        . . . PUNCT punct 8 O
        """, {0})
    assert [q["speaker"]["mention"]["text"] for q in quotes] == ["editorial"]


def test_a_continued_quote_ranks_below_every_quote_with_a_name_of_its_own(analyse):
    # on dev, quotes that go on from the one before are right less often than quotes whose own
    # cue names the speaker (0.9 and up): confidence must rank them so
    text = ('"We need to replenish our own stocks," Stoltenberg said. "The war in Ukraine is '
            'a war of attrition."')
    first, second = analyse(text, **QUOTED)["quotes"]
    assert second["speaker"]["resolved_by"] == "continuation"
    assert second["confidence"] < 0.9 <= first["confidence"]


@pytest.mark.parametrize("sentence, source", [
    ('"We will not back down," Stoltenberg said, according to minutes kept by the envoys.',
     "minutes"),
    ('According to the ministry, Stoltenberg told the envoys that "the line will hold."',
     "the ministry"),
    ('Stoltenberg said he was "glad to see" that the vote passed, according to the Times.',
     "Times"),
])
def test_a_source_cited_for_the_cue_is_the_speaker(analyse, sentence, source):
    quote = only_quote(analyse(INTRO + sentence, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == source
    assert quote["cue"]["text"].lower() == "according to"


def test_according_to_opening_what_the_cue_reports_leaves_the_speaker(analyse):
    text = INTRO + 'Stoltenberg said that according to his count "most allies have now paid."'
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Jens Stoltenberg"


def test_a_subject_the_parser_took_for_an_apposition_speaks(nlp):
    # "With Berg, the candidate stated that “the plan fails.”": "candidate" hung on "Berg"
    quotes = hand_attributed(nlp, """
        With with IN ADP prep 6 O
        Berg Berg NNP PROPN pobj 0 B-PERSON
        , , , PUNCT punct 1 O
        the the DT DET det 5 O
        Green green JJ ADJ amod 5 O
        candidate candidate NN NOUN appos 1 O
        stated state VBD VERB ROOT 6 O
        that that IN SCONJ mark 11 O
        “ “ `` PUNCT punct 11 O
        the the DT DET det 10 O
        plan plan NN NOUN nsubj 11 O
        fails fail VBZ VERB ccomp 6 O
        . . . PUNCT punct 11 O
        ” ” '' PUNCT punct 6 O
        """, {0})
    assert quotes[0]["speaker"]["mention"]["text"] == "the Green candidate"


def test_a_noun_a_preposition_holds_is_no_subject_the_parser_missed(nlp):
    # "Then, in a low voice, said “We all go home now.”": nobody named, "voice" is the
    # preposition's
    quotes = hand_attributed(nlp, """
        Then then RB ADV advmod 6 O
        , , , PUNCT punct 6 O
        in in IN ADP prep 6 O
        a a DT DET det 5 O
        low low JJ ADJ amod 5 O
        voice voice NN NOUN pobj 2 O
        said say VBD VERB ROOT 6 O
        “ “ `` PUNCT punct 10 O
        We we PRP PRON nsubj 10 O
        all all DT DET appos 8 O
        go go VBP VERB ccomp 6 O
        home home RB ADV advmod 10 O
        now now RB ADV advmod 10 O
        . . . PUNCT punct 6 O
        ” ” '' PUNCT punct 6 O
        """, {0})
    assert quotes[0]["speaker"] is None


def test_a_quote_nothing_names_goes_to_the_speaker_of_the_quote_just_before(analyse):
    text = INTRO + ('"The alliance is ready," Stoltenberg said. He did not take questions. '
                    '"We have done the work and we will keep doing it."')
    first, second = analyse(text, **QUOTED)["quotes"]
    assert second["speaker"]["name"] == "Jens Stoltenberg"
    assert second["speaker"]["resolved_by"] == "continuation"
    assert second["confidence"] < first["confidence"]


def test_a_quote_nothing_names_two_paragraphs_on_has_no_speaker(analyse):
    text = INTRO + ('"The alliance is ready," Stoltenberg said.\n\nThe talks went on.\n\n'
                    'Nobody took questions. "We have done the work and we will keep doing it."')
    assert analyse(text, **QUOTED)["quotes"][1]["speaker"] is None


def test_words_in_an_adverbial_clause_are_its_subjects_not_the_main_clauses(analyse):
    text = ('Mayor Ruth Alder announced the budget on Monday, although her deputy, Paul Kemp, '
            'warned that it had “serious flaws in the housing plan.”')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Paul Kemp"


def test_words_take_the_nearest_cue_verb_above_them_that_has_a_speaker(analyse):
    text = ('Senator Dana Wolfe opened the debate. Her address, where she mocked the '
            'governor’s “magic spreadsheet,” listed three studies on the river.')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["cue"]["text"] == "mocked"
    assert quote["speaker"]["mention"]["text"] == "she"


@pytest.mark.parametrize("sentence, mention", [
    ('In a May survey for the Tribune, 40 percent of voters said the plan was “a waste of money.”',
     "a May survey"),
    ('However, 40 percent said Mayor Alder was “reckless” in closing the harbour.', "40 percent"),
])
def test_a_share_of_those_polled_speaks_for_the_poll(analyse, sentence, mention):
    quote = only_quote(analyse(sentence, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == mention


def test_a_quote_after_a_report_goes_to_the_reporter_of_the_whole_sentence(nlp):
    # "Alder said that rivals had warned of a collapse.¶“That is the heart of the town.”"
    quotes = hand_attributed(nlp, """
        Alder Alder NNP PROPN nsubj 1 B-PERSON
        said say VBD VERB ROOT 1 O
        that that IN SCONJ mark 5 O
        rivals rival NNS NOUN nsubj 5 O
        had have VBD AUX aux 5 O
        warned warn VBN VERB ccomp 1 O
        of of IN ADP prep 5 O
        a a DT DET det 8 O
        collapse collapse NN NOUN pobj 6 O
        . . . PUNCT punct 1 O
        ¶ ¶ _SP SPACE dep 9 O
        “ “ `` PUNCT punct 13 O
        That that DT PRON nsubj 13 O
        is be VBZ AUX ROOT 13 O
        the the DT DET det 15 O
        heart heart NN NOUN attr 13 O
        of of IN ADP prep 15 O
        the the DT DET det 18 O
        town town NN NOUN pobj 16 O
        . . . PUNCT punct 13 O
        ” ” '' PUNCT punct 13 O
        """, {0, 11})
    assert quotes[0]["speaker"]["name"] == "Alder"


def test_quoted_words_ending_their_clause_take_a_cue_whose_subject_follows_them(nlp):
    # "The vote “was the first time,” Alder said in an interview.", "said" parsed as an aside
    # of "was"
    doc = hand_parsed(nlp, """
        The the DT DET det 1 O
        vote vote NN NOUN nsubj 3 O
        “ “ `` PUNCT punct 3 O
        was be VBD AUX ROOT 3 O
        the the DT DET det 6 O
        first first JJ ADJ amod 6 O
        time time NN NOUN attr 3 O
        , , , PUNCT punct 3 O
        ” ” '' PUNCT punct 3 O
        Alder Alder NNP PROPN nsubj 10 B-PERSON
        said say VBD VERB parataxis 3 O
        in in IN ADP prep 10 O
        an a DT DET det 13 O
        interview interview NN NOUN pobj 11 O
        . . . PUNCT punct 3 O
        """, {0})
    # the cue of its own, not only the report that holds the words
    cue, _ = first_decision(DEFAULT_RULES.cue,
                            CueQuestion(QuoteDoc(doc, load_lexicon()), 0, QuoteType.PARTIAL, []))
    assert (cue.span.text, cue.subject.text) == ("said", "Alder")


@pytest.mark.parametrize("verb", ["decried", "derided", "mocked"])
def test_words_a_speaker_decries_or_mocks_are_theirs(analyse, verb):
    quote = only_quote(analyse(f"Senator Dana Wolfe {verb} the “harbour giveaway” on Monday.",
                               **QUOTED))
    assert quote["speaker"]["name"] == "Dana Wolfe"


def test_a_cue_verb_the_tagger_took_for_a_noun_before_a_preposition(nlp):
    # "“Ports are busy,” the Danes state in a report." with "state" tagged a noun
    quotes = hand_attributed(nlp, """
        “ “ `` PUNCT punct 2 O
        Ports port NNS NOUN nsubj 2 O
        are be VBP AUX ROOT 2 O
        busy busy JJ ADJ acomp 2 O
        , , , PUNCT punct 2 O
        ” ” '' PUNCT punct 2 O
        the the DT DET det 7 O
        Danes Danes NNPS PROPN compound 8 B-NORP
        state state NN NOUN conj 2 O
        in in IN ADP prep 8 O
        a a DT DET det 11 O
        report report NN NOUN pobj 9 O
        . . . PUNCT punct 2 O
        """, {0})
    assert (quotes[0]["speaker"]["mention"]["text"], quotes[0]["cue"]["text"]) == (
        "Danes", "state")


def test_words_after_a_speech_noun_belong_to_its_owner(analyse):
    text = ('Mayor Ruth Alder spoke on Monday. The dockers will not back the mayor after her '
            'blunt remark that, "Half the docks close this year, whatever you say."')
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["mention"]["text"] == "her"
    assert quote["speaker"]["name"] == "Ruth Alder"


def test_a_quote_a_cue_inside_a_report_introduces_is_the_reporters(nlp):
    # "The mayor said she rarely asks anyone, “except old friends.”"
    quotes = hand_attributed(nlp, """
        The the DT DET det 1 O
        mayor mayor NN NOUN nsubj 2 O
        said say VBD VERB ROOT 2 O
        she she PRP PRON nsubj 5 O
        rarely rarely RB ADV advmod 5 O
        asks ask VBZ VERB ccomp 2 O
        anyone anyone NN PRON dobj 5 O
        , , , PUNCT punct 5 O
        “ “ `` PUNCT punct 5 O
        except except IN ADP prep 5 O
        old old JJ ADJ amod 11 O
        friends friend NNS NOUN pobj 9 O
        . . . PUNCT punct 2 O
        ” ” '' PUNCT punct 2 O
        """, {0})
    assert quotes[0]["speaker"]["mention"]["text"] == "The mayor"


def test_the_verb_a_colon_closes_past_an_adverb_introduces_the_quote(analyse):
    text = ('"Tell the crews they must all come to the quay," Kemp says to Alder by phone, and '
            'Alder responds cheerfully: "Fine, we will all come!"')
    quote = analyse(text, **QUOTED)["quotes"][1]
    assert (quote["speaker"]["mention"]["text"], quote["cue"]["text"]) == ("Alder", "responds")


def test_words_in_a_relative_clause_of_a_report_are_the_reporters(analyse):
    text = ('Mayor Ruth Alder said that there are still "a few critics" who feel that way, "but '
            'not among most of the town."')
    quotes = analyse(text, **QUOTED)["quotes"]
    assert quotes[-1]["text"] == "but not among most of the town."
    assert quotes[-1]["speaker"]["name"] == "Ruth Alder"


def test_a_relative_clause_a_colon_closes_introduces_the_quote(analyse):
    text = ('"Tell the crews they must all come to the quay," Kemp says to Ruth Alder by phone, '
            'who responds cheerfully: "Fine, we will all come!"')
    quote = analyse(text, **QUOTED)["quotes"][1]
    assert (quote["speaker"]["mention"]["text"], quote["cue"]["text"]) == ("who", "responds")


def test_a_label_someone_pronounces_is_theirs(analyse):
    text = 'Senator Dana Wolfe spoke on Monday. She pronounced the plan "a good start."'
    quote = only_quote(analyse(text, **QUOTED))
    assert quote["speaker"]["name"] == "Dana Wolfe"


def test_a_cue_verb_the_tagger_took_for_a_noun_before_a_colon(nlp):
    # "Article 12 affirms: “No state shall close it.”" with "affirms" tagged a noun
    quotes = hand_attributed(nlp, """
        Article article NN NOUN nsubj 2 O
        12 12 CD NUM nummod 0 O
        affirms affirm NNS NOUN ROOT 2 O
        : : : PUNCT punct 2 O
        “ “ `` PUNCT punct 8 O
        No no DT DET det 6 O
        state state NN NOUN nsubj 8 O
        shall shall MD AUX aux 8 O
        close close VB VERB ccomp 2 O
        it it PRP PRON dobj 8 O
        . . . PUNCT punct 2 O
        ” ” '' PUNCT punct 2 O
        """, {0})
    assert (quotes[0]["speaker"]["mention"]["text"], quotes[0]["cue"]["text"]) == (
        "Article", "affirms")


def test_windows_line_endings_give_the_answers_of_unix_ones(analyse):
    text = ('Senator Dana Wolfe spoke on Monday. "The government is failing.\n\n'
            '"It has no plan for the harbour," she said.')
    unix = analyse(text, **QUOTED)
    windows_text = text.replace("\n", "\r\n")
    windows = analyse(windows_text, **QUOTED)
    assert [q["text"].replace("\r\n", "\n") for q in windows["quotes"]] == [
        q["text"] for q in unix["quotes"]]
    assert windows["quotes"][0]["text"].startswith("The government is failing.")
    assert [q["speaker"]["name"] for q in windows["quotes"]] == ["Dana Wolfe"]
    assert_offsets_valid(windows_text, windows)


def test_a_byte_order_mark_or_zero_width_space_first_leaves_a_direct_quote_direct(analyse):
    for mark in ("\ufeff", "\u200b"):
        text = mark + '"The harbour will reopen in May," Ruth Alder said.'
        quote = only_quote(analyse(text, **QUOTED))
        assert (quote["type"], quote["speaker"]["name"]) == ("direct", "Ruth Alder")
        assert_offsets_valid(text, analyse(text))


@pytest.mark.parametrize("text", [
    '"We will reopen in May," said a spokeswoman for Harbour Hotels, Ruth Alder.',
    '"We will reopen in May," said the base chief known as Ruth Alder.',
    'Tom Kemp spoke first. "We will reopen in May," said an engineer named Ruth Alder.',
])
def test_a_role_noun_whose_phrase_names_the_person(analyse, text):
    quote = analyse(text)["quotes"][-1]
    assert (quote["speaker"]["name"], quote["rule"]["speaker"]) == ("Ruth Alder",
                                                                   ["role_apposition"])


@pytest.mark.parametrize("text, name", [
    ('Tom Kemp spoke in Harbour City on Monday. "We will win," another said.', "another"),
    ('The Harbour Trust met in Harbour City. "We will win," it said.', "The Harbour Trust"),
    ('Tom Kemp spoke in Harbour City on Monday. "We will win," it said.', "it"),
])
def test_a_pronoun_nothing_else_resolved_is_never_a_place_nor_an_indefinite(analyse, text,
                                                                             name):
    assert analyse(text)["quotes"][-1]["speaker"]["name"] == name


def test_an_interview_answer_keeps_the_reports_inside_it_a_transcript_turn_does_not(analyse):
    interview = ("Ruth Alder, the harbour's mayor, spoke with The Harbour Times.\n\n"
                 "Q: Will the harbour reopen?\n\n"
                 "A: Yes. The engineers told me that the quay would be ready in May.\n\n"
                 "Q: And the boats?\n\nA: They will be ready.")
    transcript = ("TAPPER: Will the harbour reopen?\n\n"
                  "ALDER: Yes. The engineers told me that the quay would be ready in May.\n\n"
                  "TAPPER: And the boats?\n\nALDER: They will be ready.")

    def reports(text: str) -> list[tuple[str, str]]:
        return [(q["text"], q["rule"]["kind"]) for q in analyse(text)["quotes"]
                if q["rule"]["kind"] not in ("interview_turn", "transcript_turn")]

    assert ("that the quay would be ready in May", "report_verb") in reports(interview)
    assert reports(transcript) == []
