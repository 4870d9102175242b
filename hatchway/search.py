"""Text search that works for Chinese and English alike, on SQLite and PostgreSQL.

Chinese has no spaces between words, so text is cut into words with jieba (its dictionary ships
inside the package; nothing is downloaded). A record stores its words once, space-separated and
padded (`` 孵化器 上海 incubator ``); a query matches when every one of its words is present. The
same ``LIKE`` lookups run on both databases, so results do not depend on the backend.

>>> words("上海张江孵化器 Zhangjiang Incubators")
['上海', '张江', '孵化', '化器', '孵化器', 'zhangjiang', 'incubator']
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any

from django.db.models import Q

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[0-9a-z][0-9a-z+#]*", re.IGNORECASE)
_STOP = frozenset({"the", "and", "of", "for", "a", "an", "in", "on", "to", "with", "的", "和", "与", "及"})


@cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _stem(word: str) -> str:
    """Fold a plain English plural so "incubators" finds "incubator" (applied to both sides)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Return the searchable words of a text, in order, without repeats."""
    found: list[str] = []
    for match in re.finditer(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+", text or ""):
        chunk = match.group()
        if _CJK.fullmatch(chunk):
            found.extend(word for word in _jieba().cut_for_search(chunk) if word.strip())
        else:
            found.extend(_stem(word.lower()) for word in _LATIN.findall(chunk))
    seen: dict[str, None] = {}
    for word in found:
        if word not in _STOP:
            seen.setdefault(word, None)
    return list(seen)


def search_document(*parts: str | None) -> str:
    """Return the padded word string to store in a record's ``search_text`` column."""
    joined = " ".join(words(" ".join(part for part in parts if part)))
    return f" {joined} " if joined else ""


def query_words(query: str) -> list[str]:
    """Words a query must match; a Chinese query is cut the same way as the documents."""
    found = words(query)
    if _CJK.search(query or ""):
        # cut_for_search yields both a long word and its parts; requiring the longest parts is enough.
        longest = [word for word in found if not any(word != other and word in other for other in found)]
        return longest
    return found


def matches(query: str, field: str = "search_text") -> Q:
    """A filter that keeps records containing every word of the query (all records for an empty query)."""
    condition = Q()
    for word in query_words(query):
        condition &= Q(**{f"{field}__contains": f" {word} "})
    return condition
