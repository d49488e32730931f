"""The fonts an official document names (GB/T 9704-2012) and the free look-alikes that render it here.

A .docx names the official fonts, so that it prints right on an office machine that has them. A Linux
server has none of them: ``fontconfig/60-qizhi-official-fonts.conf`` maps each to a free font from a
Debian package (fonts-noto-cjk, fonts-arphic-ukai) for LibreOffice's rendering, and ``manage.py
check_fonts`` reports which official fonts are missing and what stands in for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ALIAS_FILE = Path(__file__).resolve().parent / "fontconfig" / "60-qizhi-official-fonts.conf"

TITLE = "方正小标宋简体"  # the title and the 发文机关标志
BODY = "仿宋_GB2312"  # the body and third-level headings
HEI = "黑体"  # first-level headings
KAI = "楷体_GB2312"  # second-level headings
SONG = "宋体"  # page numbers


@dataclass(frozen=True)
class OfficialFont:
    name: str
    use: str
    look_alike: str
    package: str


OFFICIAL_FONTS = (
    OfficialFont(TITLE, "标题、发文机关标志", "Noto Serif CJK SC", "fonts-noto-cjk"),
    OfficialFont(BODY, "正文、三级标题、版记", "Noto Serif CJK SC", "fonts-noto-cjk"),
    OfficialFont(HEI, "一级标题", "Noto Sans CJK SC", "fonts-noto-cjk"),
    OfficialFont(KAI, "二级标题", "AR PL UKai CN", "fonts-arphic-ukai"),
    OfficialFont(SONG, "页码", "Noto Serif CJK SC", "fonts-noto-cjk"),
)


@dataclass(frozen=True)
class FontStatus:
    font: OfficialFont
    installed: bool
    rendered_with: str


def installed_families() -> set[str] | None:
    """Every font family fontconfig knows, or None where fontconfig is absent."""
    if not shutil.which("fc-list"):
        return None
    output = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return {name.strip() for line in output.splitlines() for name in line.split(",") if name.strip()}


def fontconfig_env(folder: Path) -> dict[str, str]:
    """Environment for a process (fc-match, LibreOffice) that should see the system's fonts and the
    project's aliases, without installing the alias file system-wide."""
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<include>/etc/fonts/fonts.conf</include><include>{ALIAS_FILE}</include></fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def substitute(name: str) -> str:
    """The family that renders ``name`` here, with the project's alias file applied."""
    if not shutil.which("fc-match"):
        return ""
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            ["fc-match", "-f", "%{family[0]}", name],
            capture_output=True, text=True, check=False, env=fontconfig_env(Path(folder)),
        )  # fmt: skip
    return result.stdout.strip()


def font_report() -> list[FontStatus] | None:
    families = installed_families()
    if families is None:
        return None
    return [FontStatus(f, f.name in families, substitute(f.name)) for f in OFFICIAL_FONTS]
