"""Scoring against annotated articles: quotes (PolNeAR's matching rules) and speakers by name."""
