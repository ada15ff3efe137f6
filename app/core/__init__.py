"""The pure core: quotation marks, transcript turns, result records, options, the lexicon and
its data files, confidence and settings. No spaCy and no web code here."""
