"""Which database a benchmark of a given size uses: never the project's own one."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

VAR = Path(__file__).resolve().parent / "var"


def bench_database_url(size, environ=None):
    """SQLite file bench/var/bench-<size>.sqlite3, or, when DATABASE_URL names a PostgreSQL
    server, the database « <its name>_bench_<size> » on that server: the catalogue of a
    100,000-product run must not land in the database the site or the tests use."""
    environ = os.environ if environ is None else environ
    url = environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{VAR / f'bench-{size}.sqlite3'}"
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise ValueError(f"bench: DATABASE_URL must name PostgreSQL, not « {parts.scheme} »")
    name = parts.path.lstrip("/") or "storefront"
    return urlunsplit(parts._replace(path=f"/{name}_bench_{size}"))


def database_key(url):
    """A short label for file names and reports: « sqlite » or « postgresql »."""
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def ensure_postgresql_database(server_url, bench_url):
    """Create the bench database on the server of `server_url` unless it exists (the role
    needs CREATEDB). Connects to the server's « postgres » maintenance database: the one
    DATABASE_URL names need not exist yet."""
    import psycopg
    from psycopg import sql

    name = urlsplit(bench_url).path.lstrip("/")
    maintenance = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists
