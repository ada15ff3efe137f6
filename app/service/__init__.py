"""The service: extraction over the pipeline, limits on the work one worker takes, request
logs and metrics, and evaluation against annotated articles."""
