from pathlib import Path

import pytest

from opencsc.config.database import DatabaseUrlError, parse_database_url


def test_relative_sqlite_path_is_under_base_dir() -> None:
    db = parse_database_url("sqlite:///var/x.sqlite3", Path("/srv/app"))
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/srv/app/var/x.sqlite3"


def test_absolute_sqlite_path_is_kept() -> None:
    db = parse_database_url("sqlite:////tmp/x.sqlite3", Path("/srv/app"))
    assert db["NAME"] == "/tmp/x.sqlite3"


def test_postgresql_url_is_split_into_parts() -> None:
    db = parse_database_url(
        "postgresql://u%40x:p%2Fw@db.example:5433/opencsc?sslmode=require", Path("/")
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "u@x",
        "p/w",
        "db.example",
        "5433",
        "opencsc",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "sqlite:///", "nonsense"])
def test_unknown_or_incomplete_urls_are_refused_with_the_url_named(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match="OPENCSC_DATABASE_URL"):
        parse_database_url(url, Path("/"))
