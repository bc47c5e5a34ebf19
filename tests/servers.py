"""Real servers started by tests: a free loopback port, a throw-away PostgreSQL cluster."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    """The directory holding initdb/pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<v>/bin."""
    exe = shutil.which("initdb")
    if exe:
        return Path(exe).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server():
    """Start PostgreSQL on a free port in a fresh temporary folder; yield a SQLAlchemy URL to an empty database."""
    bindir = postgres_bin()
    assert bindir, ("PostgreSQL server binaries (initdb) not found: "
                    "install the Debian package postgresql (scripts/test does)")
    # not under pytest's tmp_path: that is private to root, and the server runs as the postgres user
    workdir = Path(tempfile.mkdtemp(prefix="pingshen-pg-"))
    data, sock = workdir / "pgdata", workdir / "sock"
    sock.mkdir(parents=True, exist_ok=True)
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(workdir, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    subprocess.run(as_user + [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "pingshen", "-E", "UTF8",
                              "--no-instructions"], check=True, capture_output=True)
    subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l", str(workdir / "pg.log"), "-o",
                              f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True)
    try:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={port} user=pingshen dbname=postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE pingshen")
        yield f"postgresql+psycopg://pingshen@127.0.0.1:{port}/pingshen"
    finally:
        subprocess.run(as_user + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_for_http(url: str, proc: subprocess.Popen, name: str, tries: int = 240, log: Path | None = None) -> None:
    """Poll ``url`` until it answers; fail with the server's log if it exits or never answers."""
    import time
    import urllib.request

    import pytest

    for _ in range(tries):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"{name} exited early" + (":\n" + log.read_text()[-2000:] if log else ""))
            time.sleep(0.5)
    pytest.fail(f"{name} did not start")
