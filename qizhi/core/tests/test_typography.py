"""User-facing Chinese uses full-width punctuation (，：；（）！？), never ASCII next to a Chinese character."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CJK = "\u4e00-\u9fff“”。、"
ASCII_NEXT_TO_CJK = re.compile(rf"[{CJK}][,:;()!?]|[,:;()!?][{CJK}]")
GETTEXT = re.compile(r"""\b_\(\s*(["'])(.*?)\1""")


def user_facing_strings():
    for path in sorted(ROOT.rglob("*.html")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for match in GETTEXT.finditer(path.read_text(encoding="utf-8")):
            yield path, match.group(2)


def test_no_ascii_punctuation_next_to_chinese():
    offenders = [
        f"{path.relative_to(ROOT)}: {found}"
        for path, text in user_facing_strings()
        if (found := ASCII_NEXT_TO_CJK.findall(text))
    ]
    assert not offenders, "\n".join(offenders)


def test_the_check_sees_a_bad_string():
    assert ASCII_NEXT_TO_CJK.findall("人员情况(含下级单位)") == ["况(", "位)"]
