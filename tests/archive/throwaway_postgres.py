"""A throwaway PostgreSQL server for tests and benches: a new cluster in a temporary folder,
on a free port, stopped and removed at the end. Debian's ``postgresql`` package provides the
binaries; PostgreSQL refuses to run as root, so as root the cluster runs as ``postgres``."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


def binaries() -> str | None:
    """The folder of ``initdb`` and ``pg_ctl``, newest version first, if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    if found:
        return os.path.dirname(found[0])
    pg_ctl = shutil.which("pg_ctl")
    return os.path.dirname(pg_ctl) if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_server() -> Iterator[str]:
    """A running server's URL (``postgresql://postgres@127.0.0.1:PORT/postgres``)."""
    folder = binaries()
    if folder is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
    root = tempfile.mkdtemp(prefix="quotetrace-pg-")
    data, port = os.path.join(root, "data"), _free_port()
    as_postgres = os.geteuid() == 0
    if as_postgres:
        shutil.chown(root, "postgres")

    def run(*args: str) -> None:
        command = [os.path.join(folder, args[0]), *args[1:]]
        if as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
    run("pg_ctl", "-D", data, "-l", os.path.join(root, "log"), "-w", "-o",
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run("pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)
