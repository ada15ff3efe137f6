"""Request and response schemas of the archive's routes (articles, search, speakers, verify)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from app.service.articles import article_id_problem
from app.web.schemas import EXAMPLE_TEXT, ONE_INPUT, QuoteOut, QuoteTypeName, SpeakerOut, TextOrHtml

NO_NUL = "^[^\\u0000]*$"
ID_PATTERN = "^(?!\\.{1,2}$)[^/\\\\\\u0000-\\u001f\\u007f]+$"  # what article_id_problem allows


def no_nul(value: object) -> object:
    """A database text column cannot hold U+0000 (PostgreSQL refuses it): say so."""
    strings = value if isinstance(value, list) else [value]
    if any(isinstance(v, str) and "\x00" in v for v in strings):
        raise ValueError("must not contain the NUL character (U+0000)")
    return value


def without_nul(extra: dict[str, Any]) -> Callable[[dict[str, Any], type], None]:
    """A ``json_schema_extra`` that adds ``extra`` and says in the schema what ``no_nul``
    checks (every string matches ``NO_NUL``), so a client built from the OpenAPI document
    knows."""

    def apply(schema: dict[str, Any], _model: type) -> None:
        schema.update(extra)
        for prop in schema.get("properties", {}).values():
            for option in prop.get("anyOf", [prop]):
                strings = option.get("items", {}) if option.get("type") == "array" else option
                if strings.get("type") == "string":
                    strings.setdefault("pattern", NO_NUL)

    return apply


class ArticleIn(TextOrHtml):
    """An article to store: your id, its text or HTML page, and what you know of it (for a page,
    the title, date and author it gives fill what you leave out)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=without_nul({
        "oneOf": ONE_INPUT, "examples": [{
            "id": "example-1", "text": EXAMPLE_TEXT, "url": "https://example.org/nato",
            "outlet": "Example News", "published_at": "2024-06-04T09:00:00Z",
            "title": "NATO chief on stocks", "authors": ["A. Reporter"]}]}))

    id: str = Field(..., min_length=1, max_length=200, json_schema_extra={"pattern": ID_PATTERN},
                    description="Your id for the article: the same id again replaces it. "
                                "Any character but `/`, `\\` and control characters; not "
                                "`.` or `..`.")
    url: str | None = None
    outlet: str | None = Field(None, max_length=200)
    published_at: AwareDatetime | None = Field(
        None, description="When the article was published, with a time zone (ISO 8601).")
    title: str | None = None
    authors: list[str] = Field(default_factory=list)

    _no_nul = field_validator("*")(no_nul)

    @field_validator("id")
    @classmethod
    def addressable(cls, value: str) -> str:
        problem = article_id_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    articles: list[ArticleIn]


class ArchiveQuoteOut(QuoteOut):
    archive_quote_id: int = Field(..., description="The archive quote: the same words in every "
                                                   "article that gives them.")


class ArchiveSpeakerOut(SpeakerOut):
    archive_speaker_id: int | None = Field(..., description="The archive speaker: one person "
                                                            "across articles (null: unnamed).")


class VersionOut(BaseModel):
    version: int
    replaced_at: datetime
    fields: list[str] = Field(..., description="What changed: metadata fields, and `text`.")
    quotes_removed: list[str]
    quotes_added: list[str]


class StoredArticle(BaseModel):
    id: str
    url: str | None
    outlet: str | None
    published_at: datetime | None
    title: str | None
    authors: list[str]
    version: int = Field(..., description="1, then one more each time new content replaced it.")
    stored_at: datetime
    updated_at: datetime
    text: str = Field(..., description="The text analysed (a page's main text), which the "
                                       "offsets index.")
    quotes: list[ArchiveQuoteOut]
    speakers: list[ArchiveSpeakerOut]
    history: list[VersionOut] | None = None


Status = Literal["created", "updated", "unchanged"]


class IngestResult(BaseModel):
    status: Status
    article: StoredArticle


class IngestLine(BaseModel):
    """One article of a batch: stored, or why not (``line``: its place in the batch, from 1)."""

    id: str | None = None
    line: int
    status: Status | Literal["error"]
    quotes: int | None = None
    version: int | None = None
    error: str | None = None


class IngestBatchResult(BaseModel):
    results: list[IngestLine]


class ArticleRef(BaseModel):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published_at: datetime | None


class AttributedOut(BaseModel):
    id: int | None = Field(..., description="The archive speaker.")
    name: str | None = Field(..., description="The name as this article gives it.")
    mention: str | None
    gender: Literal["female", "male"] | None = Field(None, description=(
        "As this article says it (null: it does not, or says both)."))
    anonymous: bool = Field(False, description="This article never names the speaker.")
    affiliation: str | None = Field(None, description=(
        "The organisation this article ties the speaker to."))


class OccurrenceOut(BaseModel):
    quote_id: int
    text: str
    type: QuoteTypeName
    start: int = Field(..., description="Offsets into the article's stored text.")
    end: int
    speaker: AttributedOut | None
    cue: str | None
    sentence: str
    confidence: float
    article: ArticleRef


class SearchOut(BaseModel):
    quotes: list[OccurrenceOut]
    next_cursor: str | None = Field(..., description="Pass as `cursor` for the next page "
                                                     "(null: the last page).")


class ChangeOut(BaseModel):
    op: Literal["replace", "insert", "delete"]
    before: str
    after: str


class VersionOccurrenceOut(OccurrenceOut):
    differences: list[ChangeOut] = Field(..., description="How this wording differs from the "
                                                          "first appearance's.")


class AttributionCount(BaseModel):
    speaker_id: int | None = Field(..., description="The archive speaker (null: nobody named).")
    name: str | None = Field(..., description="The archive speaker's fullest name.")
    as_named: list[str] = Field(..., description="The names the articles used.")
    occurrences: int


class OccurrencesOut(BaseModel):
    id: int
    text: str = Field(..., description="The wording of the first appearance.")
    count: int
    first: VersionOccurrenceOut | None
    occurrences: list[VersionOccurrenceOut]
    attributed_to: list[AttributionCount]


class SpeakerSummary(BaseModel):
    id: int
    name: str = Field(..., description="The fullest name any article gives.")
    label: str | None
    aliases: list[str]
    titles: list[str]
    quote_count: int
    first_quoted: datetime | None
    last_quoted: datetime | None


class SpeakersOut(BaseModel):
    speakers: list[SpeakerSummary]


class MonthCount(BaseModel):
    month: str
    quotes: int


class QuotedWith(BaseModel):
    id: int
    name: str | None
    articles: int


class SpeakerDetail(SpeakerSummary):
    quotes_by_month: list[MonthCount]
    quoted_with: list[QuotedWith] = Field(..., description="Speakers most often quoted in the "
                                                           "same articles.")


class VerifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=without_nul({"examples": [{
        "quote": "We need to replenish our stocks", "speaker": "Jens Stoltenberg"}]}))

    quote: str = Field(..., min_length=1, max_length=5000)
    speaker: str | None = Field(None, max_length=300)

    _no_nul = field_validator("*")(no_nul)


class VerifyMatch(BaseModel):
    quote_id: int
    text: str
    similarity: float = Field(..., description="Share of words in common, in order (1.0: the "
                                               "same words).")
    first: VersionOccurrenceOut
    occurrences: int
    attributed_to: list[AttributionCount]
    attributed_to_speaker: bool | None = Field(..., description="Whether the archive attributes "
                                                                "it to the speaker asked about.")
    differences: list[ChangeOut] = Field(..., description="From the archived wording to yours.")


class VerifyOut(BaseModel):
    quote: str
    speaker: str | None
    verdict: Literal["attributed_to_speaker", "attributed_to_others", "found", "not_found"]
    matches: list[VerifyMatch]


class CountedSpeaker(BaseModel):
    id: int = Field(..., description="The archive speaker.")
    name: str
    quotes: int


class CountedAffiliation(BaseModel):
    name: str
    quotes: int


class GenderCounts(BaseModel):
    female: int
    male: int
    unknown: int = Field(..., description="People the articles do not gender, or gender both "
                                          "ways.")


class SourceCounts(BaseModel):
    quotes: int
    speakers: int = Field(..., description="People quoted by name (anonymous sources apart).")
    by_gender: GenderCounts = Field(..., description=(
        "The people quoted, by the gender the articles give them: female or male when every "
        "quote of theirs that says a gender says that one."))
    anonymous: int = Field(..., description="Quotes whose speaker no article names.")
    top_speakers: list[CountedSpeaker]
    top_affiliations: list[CountedAffiliation]


class SourceGroup(SourceCounts):
    key: str = Field(..., description="The outlet, or the month (YYYY-MM).")


class SourcesOut(BaseModel):
    total: SourceCounts
    groups: list[SourceGroup]
