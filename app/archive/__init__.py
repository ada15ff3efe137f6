"""The quote archive: articles a client chose to store, their quotes as one record per wording
across outlets, and their speakers as one record per person across articles."""
