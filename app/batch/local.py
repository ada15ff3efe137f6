"""The local cluster of ``quotetrace batch --workers N``: quotetrace's Dask settings, and the
process its workers are forked from. Imports no Dask, so the driver can start that process
before it imports Dask itself."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

DASK_CONFIG_DIR = Path(__file__).with_name("dask")
"""quotetrace's Dask settings for batch workers (``dask/quotetrace.yaml``: why each)."""
WORKER_TEMPLATE = ["__main__", "app.batch.warm"]
"""What the process the workers fork from imports before it forks any: the driver's own main
module (which a new process imports again, ``quotetrace``'s command line here), then Dask and
the pipeline."""


def dotted(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """A config tree as dotted keys for ``dask.config.set`` (a nested dict would replace the
    whole of Dask's ``distributed`` section); an environment is set whole."""
    for key, value in tree.items():
        if isinstance(value, dict) and not key.endswith("environ"):
            yield from dotted(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


LOCAL_WORKERS = dict(dotted(yaml.safe_load(
    (DASK_CONFIG_DIR / "quotetrace.yaml").read_text(encoding="utf-8"))))


def start_worker_template() -> None:
    """Start the server the local workers fork from (Dask's ``forkserver`` method, in the
    settings) with Dask and the pipeline loading in it, while the driver goes on importing
    Dask and starting the scheduler: each worker then starts with the pipeline loaded, and a
    restarted worker too. The server gets the environment Dask's nanny gives a worker before
    it starts (glibc and BLAS read it at start-up). Once per process."""
    os.environ.update({name: str(value) for name, value in
                       LOCAL_WORKERS["distributed.nanny.pre-spawn-environ"].items()})
    multiprocessing.get_context("forkserver").set_forkserver_preload(WORKER_TEMPLATE)
    multiprocessing.forkserver.ensure_running()
