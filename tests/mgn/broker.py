"""A real broker for the outbox tests, switched off and on: the test process's Celery app
pointed at a Redis server the test starts (or at a port where nothing listens), and a
Redis server of the test's own (``redis-server --port <free> --save ''``)."""

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from mgn.celery import app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _drop_pools() -> None:
    """Forget the app's connection and producer pools, so the next send connects to the
    broker now configured (the app keeps them once made; kombu keeps the pools of each
    broker address, so they are not closed here)."""
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_at(url: str):
    """Tasks of this process go to the broker at ``url`` instead of running eagerly."""
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    _drop_pools()
    app.conf.task_always_eager, app.conf.broker_url = False, url
    try:
        yield
    finally:
        _drop_pools()
        app.conf.task_always_eager, app.conf.broker_url = saved


def unreachable_broker_url() -> str:
    """A Redis URL where nothing listens."""
    return f"redis://127.0.0.1:{free_port()}/0"


class RedisServer:
    """``redis-server`` on a free port, without persistence; ``stop`` and ``start`` switch
    the broker off and on at the same address."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
        ]
        log = (self.workdir / "redis.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


def worker_command(pool: str = "solo") -> list[str]:
    """A real Celery worker for the integration tests: one process, both queues, no gossip,
    mingle or heartbeat (nothing to wait for at start)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mgn",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "-Q",
        "celery,pdf",
        "-l",
        "info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
