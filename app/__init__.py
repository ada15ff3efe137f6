"""quotetrace: quotes in news articles, each with its speaker, cue and context sentence."""
