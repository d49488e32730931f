"""Consistent backups of the database and the uploaded files, and their restore."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

DATABASE_FILE = {"sqlite": "qizhi.sqlite3", "postgresql": "qizhi.pgdump"}


def backup(target_root: Path | None = None) -> Path:
    """Write ``<root>/<timestamp>/`` with the database and ``media.tar.gz``; return the folder."""
    root = Path(target_root or Path(settings.VAR_DIR) / "backups")
    folder = root / timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    database = folder / DATABASE_FILE[connection.vendor]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # nightly is the right time to refresh the planner's statistics
            cursor.execute("PRAGMA optimize")
        _backup_sqlite(database)
    else:
        subprocess.run(["pg_dump", "--format=custom", f"--file={database}", _pg_url()], check=True)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            archive.add(media, arcname="media")
    return folder


def _backup_sqlite(target: Path) -> None:
    # SQLite's online backup copies a consistent snapshot even while the server writes (WAL).
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def restore(folder: Path) -> None:
    """Replace the database and the uploaded files with those of a backup folder (stop the server first), and
    empty the caches: everything in them was computed from the database that was replaced."""
    database = folder / DATABASE_FILE[connection.vendor]
    if not database.exists():
        raise FileNotFoundError(database)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(database) as source:
            source.backup(connection.connection)
    else:
        connection.close()
        subprocess.run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={_pg_url()}", str(database)], check=True
        )
    for alias in settings.CACHES:
        caches[alias].clear()
    media = Path(settings.MEDIA_ROOT)
    archive_path = folder / "media.tar.gz"
    if archive_path.exists():
        if media.exists():
            shutil.rmtree(media)
        with tarfile.open(archive_path) as archive:
            archive.extractall(media.parent, filter="data")
            extracted = media.parent / "media"
            if extracted != media and extracted.exists():
                extracted.rename(media)


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{password}@{host}{port}/{db['NAME']}"
