"""Backup and restore bring the database back as it was."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from qizhi.core.backups import backup, restore
from qizhi.org.models import Person
from qizhi.org.testing import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_backup_restores_deleted_rows(personas, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "evidence.txt").write_text("佐证材料")
    kept = make_person(personas.a.office, "备份前")
    folder = backup(tmp_path / "backups")
    kept.delete()
    (tmp_path / "media" / "evidence.txt").unlink()
    cache.set("computed-from-the-old-database", 1)
    restore(folder)
    assert cache.get("computed-from-the-old-database") is None  # the caches are emptied with the database
    assert Person.objects.filter(name="备份前").exists()
    assert (tmp_path / "media" / "evidence.txt").read_text() == "佐证材料"


def test_the_commands_run(personas, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", to=str(tmp_path / "b"))
    folder = next((tmp_path / "b").iterdir())
    call_command("restore", str(folder), yes=True)
    assert "已从" in capsys.readouterr().out
