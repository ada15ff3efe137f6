"""Parse texts so that time stays linear in their length.

spaCy's cost per word grows with the length of a document: a 100,000-word text took about 150×
the time of a 1,000-word one (the tok2vec and NER layers work on whole-document arrays). A long
text is therefore parsed in pieces cut at line breaks, the pieces go through ``nlp.pipe`` like
separate articles, and ``Doc.from_docs`` joins them into one ``Doc`` over exactly the text sent
(so every offset stays valid); quotetrace then runs once on the joined document, so quotes and
speakers may still cross the cuts. Nothing the parser or NER reads crosses a paragraph break.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from app.core.cancel import checkpoint

T = TypeVar("T")

PIECE_CHARS = 10_000
SENTENCE_FINAL = frozenset(".!?:\"”’'")
PIECE_FLAG = "quotetrace_piece"


def split_into_pieces(text: str, max_chars: int = PIECE_CHARS) -> list[str]:
    """Consecutive pieces of at most ``max_chars`` characters whose concatenation is ``text``.

    A piece ends after the last line break in the second half of its window, else after the last
    white space there, else (a run with no white space at all) at the limit.
    """
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        low, high = start + max_chars // 2, start + max_chars
        cut = text.rfind("\n", low, high)
        if cut < 0:
            cut = max(text.rfind(" ", low, high), text.rfind("\t", low, high))
        end = cut + 1 if cut >= 0 else high
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


@Language.component("paragraph_sentences")
def start_sentences_at_paragraphs(doc: Doc) -> Doc:
    """A sentence starts after a blank line, or after a line break that follows a sentence's
    end. The parser otherwise runs on across paragraphs now and then and hangs the subject of
    one on a verb of the one before (then "X, …, wrote, "…"" has no subject for "wrote");
    set before it runs, the parser keeps these starts."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space or not previous.is_space or "\n" not in previous.text:
            continue
        before = doc[previous.i - 1].text[-1:] if previous.i else ""
        if previous.text.count("\n") >= 2 or before in SENTENCE_FINAL:
            token.is_sent_start = True
    return doc


def register_piece_flag() -> None:
    if not Doc.has_extension(PIECE_FLAG):
        Doc.set_extension(PIECE_FLAG, default=False)


def is_piece(doc: Doc) -> bool:
    """True for a piece of a longer text: quotetrace waits for the joined document."""
    return Doc.has_extension(PIECE_FLAG) and doc._.get(PIECE_FLAG)


def parse_texts(nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 16,
                max_chars: int = PIECE_CHARS) -> Iterator[tuple[Doc, T]]:
    """``nlp.pipe(items, as_tuples=True)`` whose time is linear in each text's length: texts
    longer than ``max_chars`` are parsed in pieces and joined (see the module docstring).
    Pipelines that run whole-document coreference (the "document" mode) get whole texts."""
    register_piece_flag()
    if "coreferee" in nlp.pipe_names:
        max_chars = 10**18

    def inputs() -> Iterator[tuple[str | Doc, tuple[int, int, T]]]:
        for text, context in items:
            checkpoint()
            pieces = split_into_pieces(text, max_chars)
            if len(pieces) == 1:
                yield text, (1, 0, context)
                continue
            for number, piece in enumerate(pieces):
                checkpoint()
                doc = nlp.make_doc(piece)
                doc._.set(PIECE_FLAG, True)
                yield doc, (len(pieces), number, context)

    parsed: list[Doc] = []
    for doc, (count, number, context) in nlp.pipe(inputs(), batch_size=batch_size,
                                                  as_tuples=True):
        checkpoint()
        if count == 1:
            yield doc, context
            continue
        parsed.append(doc)
        if number == count - 1:
            joined = Doc.from_docs(parsed, ensure_whitespace=False, exclude=["user_data"])
            parsed = []
            for name in nlp.pipe_names[nlp.pipe_names.index("quotetrace"):]:
                joined = nlp.get_pipe(name)(joined)
            yield joined, context
