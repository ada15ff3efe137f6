from app.core.wording import (
    band_keys,
    canonical,
    canonical_hash,
    changes,
    resemblance,
    shingles,
    similarity,
    words_of,
)

QUOTE = "We need to replenish our own stocks and keep supporting Ukraine for as long as it takes"


def test_typings_of_the_same_words_are_one_canonical_form():
    assert canonical("“We’re ready,” ") == canonical('"we\'re READY"') == "we're ready"
    assert canonical_hash("Café, now!") == canonical_hash("cafe now")
    assert canonical_hash("we are ready") != canonical_hash("we are not ready")


def test_a_trimmed_quote_resembles_its_full_version_and_a_short_one_does_not():
    full = shingles(words_of(QUOTE))
    assert resemblance(shingles(words_of("replenish our own stocks and keep supporting Ukraine")),
                       full) == 1.0
    # four words inside a long quote: too little to say it is the same quote
    assert resemblance(shingles(words_of("our own stocks and")), full) < 0.6


def test_an_edited_quote_shares_lsh_keys_and_an_unrelated_one_does_not():
    edited = QUOTE.replace("own ", "").replace("keep supporting", "support")
    other = "The alliance will meet again in Brussels next month to discuss the budget"
    keys = set(band_keys(shingles(words_of(QUOTE))))
    assert keys & set(band_keys(shingles(words_of(edited))))
    assert not keys & set(band_keys(shingles(words_of(other))))
    assert band_keys(set()) == []


def test_changes_name_the_words_replaced_added_and_left_out():
    found = [c.to_dict() for c in changes("We must act now, together",
                                          "we must act together today")]
    assert found == [{"op": "delete", "before": "now", "after": ""},
                     {"op": "insert", "before": "", "after": "today"}]
    assert changes("Same words.", "same words") == []
    assert similarity("a b c d", "a b x d") == 0.75
