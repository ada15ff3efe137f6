"""Request and response schemas of the HTTP API (and the CLI's JSON output)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.options import QUOTE_TYPE_NAMES
from app.core.results import ResolvedBy
from app.nlp.rules import all_rule_names

EXAMPLE_TEXT = (
    "NATO Secretary-General Jens Stoltenberg spoke on Tuesday. \"We need to replenish our own "
    "stocks,\" he said. He added that partners would \"certainly be asked to join\"."
)


QuoteTypeName = Literal[QUOTE_TYPE_NAMES]  # the names of app.core.results.QuoteType
ResolvedByName = Literal[tuple(r.value for r in ResolvedBy)]
RuleName = Literal[tuple(all_rule_names())]  # every rule of the component's config
QUOTE_TYPES_DOC = (
    "direct: a quoted clause of its own (`\"We must act,\" he said`); partial: quoted words "
    "inside a sentence (`he said NATO must \"act now\"`); indirect: reported speech without "
    "quotation marks, the content of `X said (that) …`, `according to X, …`, `X accused Y of "
    "…`, and transcript turns or headlines without marks (`TAPPER: …`, `Trump: …`) (offsets "
    "cover the content, not the cue or speaker); mixed: reported speech that holds a partial "
    "quote (the partial quote also comes back on its own). A transcript turn in quotation "
    "marks (`\"PENCE: …`) is direct.")


HTML_DOC = (
    "An HTML page instead of text: its main text is taken (menus, footers, scripts and "
    "styles dropped) and analysed; the answer's `text` is that text, which its offsets index.")
TEXT_OUT_DOC = ("Present when the input was HTML: the page's main text, which every offset of "
                "this answer indexes.")
LEARNED_REPORTS_DOC = (
    "Also return reported speech that only the learned pass finds (stances and claims with no "
    "reporting verb from the lexicon: `took aim at X`, `his reluctance to send troops`). On "
    "PolNeAR dev about half of them match an annotated record, and their confidence is lower "
    "to match. false: only what the rules find.")


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    include_scare_quotes: bool = Field(
        False, description="Also return short quotes with no speech verb near them (scare quotes, "
                           "titles); they come back with `speaker: null`.")
    types: list[QuoteTypeName] | None = Field(
        None, min_length=1, description="Which quote types come back (default: all). "
                                        + QUOTE_TYPES_DOC)
    learned_reports: bool = Field(True, description=LEARNED_REPORTS_DOC)


ONE_INPUT = [{"required": ["text"]}, {"required": ["html"]}]  # text or html, not both


class TextOrHtml(BaseModel):
    """An article's ``text``, or an HTML page (``html``) to take the text from."""

    text: str = Field(None, description="The article text. Offsets in the answer index it as "
                                        "sent.")
    html: str = Field(None, description=HTML_DOC)

    @model_validator(mode="after")
    def one_input(self) -> TextOrHtml:
        if (self.text is None) == (self.html is None):
            raise ValueError("send either 'text' or 'html'")
        return self


class QuoteRequest(TextOrHtml):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={
        "examples": [{"text": EXAMPLE_TEXT, "options": {"include_scare_quotes": False}}],
        "oneOf": ONE_INPUT})

    options: Options = Field(default_factory=Options)


class TextSpanOut(BaseModel):
    text: str
    start: int = Field(..., description="Character offset: text[start:end] is `text`.")
    end: int


class AlternativeOut(BaseModel):
    name: str = Field(..., description="A runner-up for the speaker.")
    score: float = Field(..., description="Its score as a share of the chosen speaker's "
                                          "(1.0: a tie).")


GenderName = Literal["female", "male"]


class EvidenceOut(BaseModel):
    text: str
    start: int = Field(..., description="Character offset: text[start:end] is `text`.")
    end: int
    says: GenderName = Field(..., description="The gender this word gives the speaker.")
    kind: Literal["pronoun", "honorific", "role_noun"] = Field(..., description=(
        "A pronoun that resolves to the speaker (he, her), an honorific before their name "
        "(Mr., Ms.), or a gendered noun the article describes them with (spokeswoman)."))


GENDER_DOC = ("The speaker's gender as the article says it: from pronouns that resolve to them, "
              "honorifics and gendered nouns that describe them, never from a first name or "
              "outside data; null when the article does not say, or says both (then both "
              "pieces are in `gender_evidence`). `they` says nothing.")
AFFILIATION_DOC = ("The organisation the article ties the speaker to (\"a spokeswoman for "
                   "Pfizer\", \"NATO Secretary-General\", \"Sanders's campaign manager\"), "
                   "with its offsets; null when it names none.")


class SpeakerRefOut(BaseModel):
    id: str
    name: str = Field(..., description="The speaker's fullest name in the article.")
    mention: TextSpanOut = Field(..., description="The words the attribution uses (the 'he' of "
                                                  "'he said').")
    resolved_by: ResolvedByName = Field(..., description=(
        "explicit: the name itself; name: a shorter variant of a fuller name; coreference: a "
        "pronoun; role: a role noun; continuation: no cue of its own, from the quote or report "
        "before it. `rule.speaker` says which rules proposed the speaker."))
    alternatives: list[AlternativeOut] = Field(default_factory=list, description=(
        "When the choice between people was close (a runner-up the first rule to propose the "
        "speaker saw come close, or one the learned scorer gave at least half the chosen "
        "speaker's probability): who else it could be. Empty when the choice was "
        "clear."))
    gender: GenderName | None = Field(None, description=GENDER_DOC)
    gender_evidence: list[EvidenceOut] = Field(default_factory=list, description=(
        "The words `gender` rests on, in text order."))
    affiliation: TextSpanOut | None = Field(None, description=AFFILIATION_DOC)
    anonymous: bool = Field(False, description=(
        "The article never names who this is (\"a senior official who spoke on condition of "
        "anonymity\", \"the crowd\", \"the letter\"); `kind` tells a person from a group or a "
        "writing."))
    kind: Literal["named", "person", "group", "organisation", "writing", "thing"] = Field(
        "named", description="named: somebody the article names; else what kind of speaker "
                             "nobody names is.")
    description: TextSpanOut | None = Field(None, description=(
        "For a speaker nobody names, the words that describe them, with offsets."))


class WeighedOut(BaseModel):
    feature: str = Field(..., description="A feature of the candidate (docs/how-it-works.md "
                                          "lists them), e.g. `rule:salience`, "
                                          "`gender:honorific_agrees`, `subject:previous`.")
    weight: float = Field(..., description="What it added to the candidate's score.")


class ChoiceOut(BaseModel):
    name: str = Field(..., description="Who: the entity's fullest name, or the mention's own "
                                       "words when nobody named stands behind it.")
    named: bool = Field(..., description="false: nobody the article names.")
    probability: float = Field(..., description="The scorer's probability for this candidate.")
    features: list[WeighedOut] = Field(..., description="Its strongest features, strongest "
                                                        "first.")


class SpeakerDecisionOut(BaseModel):
    chosen: ChoiceOut
    runner_up: ChoiceOut | None = Field(..., description="The next most probable candidate "
                                                         "(null: there was no other).")
    candidates: int = Field(..., description="How many candidates the scorer ranked.")


class TraceOut(BaseModel):
    kind: RuleName | None = Field(..., description=(
        "The rule that made the quote direct, a title, a transcript turn or a report "
        "(null: partial by default)."))
    cue: list[RuleName] = Field(..., description=(
        "The rule that found the cue, then the rules that replaced it with the one that "
        "really reports the words (empty: no cue)."))
    speaker: list[RuleName] = Field(..., description=(
        "The rules that proposed the chosen speaker, from the mention to the person; for a "
        "quote that goes on from another, that quote's rules follow (empty: no speaker)."))
    decision: SpeakerDecisionOut | None = Field(None, description=(
        "How the learned scorer chose the speaker among the candidates the rules proposed: "
        "the winner and the runner-up, each with its probability and strongest features "
        "(null: there was no speaker mention, or the component lets the rules decide)."))


class QuoteOut(BaseModel):
    id: str
    text: str
    start: int
    end: int
    type: QuoteTypeName = Field(..., description=QUOTE_TYPES_DOC)
    group: str = Field(..., description="Id of the first quote of the same attribution "
                                        "(split quotes share it).")
    speaker: SpeakerRefOut | None
    cue: TextSpanOut | None
    sentence: TextSpanOut
    confidence: float
    rule: TraceOut = Field(..., description=(
        "Which rules chose this answer; docs/how-it-works.md lists every rule with its "
        "example, and each can be switched off in the spaCy component's config."))


class SpeakerOut(BaseModel):
    id: str
    name: str
    label: str | None = Field(..., description="spaCy entity label (PERSON, ORG, …); null for "
                                               "an unresolved mention.")
    titles: list[str]
    mentions: list[TextSpanOut]
    quote_ids: list[str]
    gender: GenderName | None = Field(None, description=GENDER_DOC)
    gender_evidence: list[EvidenceOut] = Field(default_factory=list)
    affiliation: TextSpanOut | None = Field(None, description=AFFILIATION_DOC)


class QuoteResponse(BaseModel):
    quotes: list[QuoteOut]
    speakers: list[SpeakerOut]
    text: str | None = Field(None, description=TEXT_OUT_DOC)


class Article(TextOrHtml):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"oneOf": ONE_INPUT})

    id: str = Field(..., description="Your id for the article; it comes back with its result.")


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"examples": [{
        "articles": [{"id": "a1", "text": EXAMPLE_TEXT},
                     {"id": "a2", "text": "No quotes in this one."}],
        "options": {"include_scare_quotes": False}}]})

    articles: list[Article]
    options: Options = Field(default_factory=Options)


class ArticleResult(QuoteResponse):
    id: str


class ArticleFailure(BaseModel):
    id: str
    error: str = Field(..., description="The article's analysis failed (a fault of ours): "
                                        "why, in a word; the other articles are answered.")


class BatchResponse(BaseModel):
    results: list[ArticleResult | ArticleFailure]


class ErrorResponse(BaseModel):
    detail: str
