"""The shipped coreferee model loads from the installed package and resolves pronouns."""

from __future__ import annotations

import importlib.util


def test_model_package_is_installed_with_its_files():
    spec = importlib.util.find_spec("coreferee_model_en.sm_3_8_0")
    assert spec is not None and spec.submodule_search_locations
    folder = spec.submodule_search_locations[0]
    import os

    assert {"model", "feature_table.bin"} <= set(os.listdir(folder))


def test_pronoun_resolves_to_the_named_person(nlp):
    doc = nlp("NATO Secretary-General Jens Stoltenberg spoke on Tuesday. "
              "He said the alliance must act.")
    pronoun = next(t for t in doc if t.text == "He")
    resolved = doc._.coref_chains.resolve(pronoun)
    assert [t.text for t in resolved] == ["Stoltenberg"]
