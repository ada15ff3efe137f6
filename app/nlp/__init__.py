"""The NLP layer: the parsed document, syntax helpers, the attribution sieves by stage,
speaker resolution, coreference, reported speech, the spaCy component and the one pipeline."""
