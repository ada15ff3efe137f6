"""The wording of a quote, compared across articles: one canonical form for the same words
however an outlet typed them, word shingles for near-duplicates, and the differences between
two versions (the archive's "one quote across outlets" and its verify)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from datasketch import MinHash

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
SHINGLE_WORDS = 3


def words_of(text: str) -> list[str]:
    """The words of a quote, lower case, without accents, punctuation or quotation marks:
    "We’re ready," and “we're ready” are the same words."""
    folded = text.casefold()
    if not folded.isascii():  # accents off (most quotes have none: skip the work)
        folded = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [word.replace("’", "'") for word in WORD.findall(folded)]


def canonical(text: str) -> str:
    """The words of a quote joined by single spaces: the same for every typing of them."""
    return " ".join(words_of(text))


def canonical_hash(text: str) -> str:
    """A short stable key of the canonical words (an index column; equal words, equal key)."""
    return key_of(canonical(text))


def key_of(canonical_words: str) -> str:
    """``canonical_hash`` of words already made canonical."""
    return hashlib.sha256(canonical_words.encode("utf-8")).hexdigest()[:32]


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    """Runs of ``size`` words (a quote shorter than that is one shingle of all its words)."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def resemblance(a: set[str], b: set[str]) -> float:
    """How far two quotes share their shingles: the larger of Jaccard similarity and the
    containment of the shorter in the longer, so a trimmed quote matches its full version."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    jaccard = shared / len(a | b)
    shorter = min(len(a), len(b))
    # a trimmed quote counts only when it still says something: four shingles, six words
    containment = shared / shorter if shorter >= 4 else 0.0
    return max(jaccard, containment)


def similarity(a: str, b: str) -> float:
    """What a reader would call how alike two wordings are: the share of words in common, in
    order (difflib's ratio over words), 1.0 for the same words."""
    return round(SequenceMatcher(None, words_of(a), words_of(b), autojunk=False).ratio(), 3)


@dataclass(frozen=True)
class Change:
    """One difference between two wordings: words replaced, added or left out."""

    op: str  # "replace", "insert" or "delete"
    before: str
    after: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "before": self.before, "after": self.after}


def changes(before: str, after: str) -> list[Change]:
    """The words that differ from ``before`` to ``after`` (case and punctuation aside)."""
    old, new = words_of(before), words_of(after)
    found = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            found.append(Change(op, " ".join(old[i1:i2]), " ".join(new[j1:j2])))
    return found


# MinHash LSH: 24 bands of 2 of 48 permutations. Bands of two catch the low Jaccard of a
# trimmed quote against its full version: a pair at Jaccard 0.375 (8 words of 18) shares a key
# with probability 0.97, at 0.7 (lightly edited) 1.0, at 0.1 0.21; candidates are then checked
# with ``resemblance``, so a loose net costs a few lookups, not wrong matches.
BANDS, ROWS = 24, 2
SCHEME = "affine32"
_PERMUTATIONS = MinHash(num_perm=BANDS * ROWS, seed=7, scheme=SCHEME).permutations


def band_keys(shingle_set: set[str]) -> list[int]:
    """The LSH keys of a quote (one per band, as signed 64-bit integers for an index column):
    two quotes that share a key are near-duplicate candidates."""
    if not shingle_set:
        return []
    signature = MinHash(num_perm=BANDS * ROWS, seed=7, permutations=_PERMUTATIONS,
                        scheme=SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingle_set])
    values = signature.hashvalues.astype("<u8")
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(band.to_bytes(2, "little")
                                 + values[band * ROWS:(band + 1) * ROWS].tobytes(),
                                 digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys
