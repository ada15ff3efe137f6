"""What the process the local cluster's workers fork from (``app.batch.local``) imports before
it forks any: Dask, and the pipeline, loaded once for every worker of the run."""

from contextlib import suppress

import distributed  # noqa: F401  (a worker's own imports, done once)

from app.batch.worker import QuotetracePlugin  # noqa: F401  (what the workers are sent)
from app.nlp.pipeline import get_pipeline
from app.web import archive_schemas  # noqa: F401  (the articles' checks)

with suppress(Exception):  # each worker's plugin loads it again, and reports why it fails
    get_pipeline()
