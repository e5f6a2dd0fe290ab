"""Turn OPENCSC_DATABASE_URL into a Django DATABASES entry.

One variable chooses the database so the demo, the tests and CI differ only in that variable.
Kept free of Django imports so the CLI can report a bad URL before Django starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class DatabaseUrlError(ValueError):
    """OPENCSC_DATABASE_URL could not be understood."""


def parse_database_url(url: str, base_dir: Path) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as SQLAlchemy spells it.
        raw = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
        if not raw:
            raise DatabaseUrlError(f"OPENCSC_DATABASE_URL={url!r}: expected sqlite:///PATH")
        path = Path(raw) if raw.startswith("/") else base_dir / raw
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            # WAL lets the web app read while the synthetic loader writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    if parts.scheme in {"postgres", "postgresql"}:
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
        }
    raise DatabaseUrlError(
        f"OPENCSC_DATABASE_URL={url!r}: scheme must be sqlite:/// or postgresql://"
    )
