"""The web layer: the FastAPI app factory, one router per concern, dependencies, error
handlers and the request and response schemas."""
