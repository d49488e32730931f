"""Pinyin search keys for Chinese names, so that typing ``zhangwei``, ``zw`` or ``zhw`` finds 张伟."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def search_keys(name: str) -> str:
    """Space-separated keys: full pinyin, first letters, and initials (声母, ``zh``/``ch``/``sh`` kept).

    A query matches when it is a prefix of one of the keys; the value starts with a space so that
    ``contains(" " + query)`` is a word-prefix search.
    """
    name = (name or "").strip()
    if not name:
        return ""
    full = lazy_pinyin(name, errors="ignore")
    initials = lazy_pinyin(name, style=Style.INITIALS, strict=False, errors="ignore")
    keys = {
        "".join(full),
        "".join(s[:1] for s in full),
        "".join(i or s[:1] for i, s in zip(initials, full, strict=False)),
    }
    keys.discard("")
    return " " + " ".join(sorted(keys)).lower()
