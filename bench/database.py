"""The benchmark's own PostgreSQL database: create it, drop it, and mark what it holds.

Runs before Django is set up, with psycopg directly. The marker is the database's
comment (``COMMENT ON DATABASE``), so it needs no table of its own and disappears
with the database.
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import psycopg
from psycopg import sql

MARKER_PREFIX = "mgn-bench dataset "


@dataclass(frozen=True)
class Target:
    name: str
    user: str
    password: str
    host: str
    port: int

    @classmethod
    def from_url(cls, url: str) -> "Target":
        parsed = urlparse(url)
        if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise SystemExit(f"BENCH_DATABASE_URL must be a postgres:// URL, not {url!r}.")
        return cls(
            name=unquote(parsed.path.lstrip("/")),
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            host=parsed.hostname or "localhost",
            port=parsed.port or 5432,
        )

    def connect(self, dbname: str) -> psycopg.Connection:
        return psycopg.connect(
            dbname=dbname,
            user=self.user or None,
            password=self.password or None,
            host=self.host,
            port=self.port,
            autocommit=True,
        )


def exists(target: Target) -> bool:
    with target.connect("postgres") as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name]).fetchone()
    return row is not None


def create(target: Target) -> None:
    with target.connect("postgres") as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))


def drop(target: Target) -> None:
    if "bench" not in target.name:
        raise SystemExit(
            f"Refusing to drop database {target.name!r}: its name does not contain 'bench'."
        )
    with target.connect("postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.name))
        )


def marker(target: Target) -> str | None:
    """The dataset version recorded on the database, or None when nothing was built."""
    with target.connect("postgres") as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [target.name],
        ).fetchone()
    comment = row[0] if row else None
    if comment and comment.startswith(MARKER_PREFIX):
        return comment.removeprefix(MARKER_PREFIX)
    return None


def set_marker(target: Target, version: str) -> None:
    with target.connect(target.name) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(target.name), sql.Literal(MARKER_PREFIX + version)
            )
        )


def server_version(target: Target) -> str:
    with target.connect("postgres") as conn:
        return conn.execute("SHOW server_version").fetchone()[0]
