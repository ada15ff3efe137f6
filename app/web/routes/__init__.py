"""One router per concern: health and metrics, quotes (one article or a batch), the stream."""
