"""Why two texts are close: the pair of sentences, one from each listing, that the encoder finds nearest."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from hatchway.listings.models import Listing
from hatchway.matching.index import LANGUAGES, text_vectors

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.])\s+|\n+")
_MAX_SENTENCES = 8
_MAX_LENGTH = 160


@dataclass(frozen=True)
class Highlight:
    """The closest sentence of each side and their cosine."""

    source: str
    target: str
    source_language: str
    target_language: str
    similarity: float


def sentences(text: str) -> list[str]:
    """Split a text into sentences (Chinese and English punctuation), short enough to show.

    >>> sentences("团队专注芯片。样品已验证！ We sell chips. To everyone")
    ['团队专注芯片。', '样品已验证！', 'We sell chips.', 'To everyone']
    """
    parts = [part.strip() for part in _SENTENCE_END.split(text or "")]
    return [part[:_MAX_LENGTH] for part in parts if len(part) >= 4][:_MAX_SENTENCES]


def _listing_sentences(listing: Listing, reader_language: str) -> list[tuple[str, str]]:
    """(language, sentence) of the listing's description, in the reader's language when it has one."""
    written = [lang for lang in LANGUAGES if getattr(listing, f"description_{lang}").strip()]
    if not written:
        written = [lang for lang in LANGUAGES if getattr(listing, f"title_{lang}").strip()]
        chosen = [reader_language] if reader_language in written else written
        return [(lang, getattr(listing, f"title_{lang}").strip()) for lang in chosen]
    chosen = [reader_language] if reader_language in written else written
    return [
        (lang, sentence) for lang in chosen for sentence in sentences(getattr(listing, f"description_{lang}"))
    ]


def highlight(source: Listing, target: Listing, reader_language: str) -> Highlight | None:
    """The closest pair of sentences between the two listings, preferring the reader's language."""
    language = "zh" if reader_language.startswith("zh") else "en"
    left = _listing_sentences(source, language)
    right = _listing_sentences(target, language)
    if not left or not right:
        return None
    both = left + right
    vectors = text_vectors.encode([text for _lang, text in both], [lang for lang, _text in both])
    similarities = vectors[: len(left)] @ vectors[len(left) :].T
    i, j = np.unravel_index(int(np.argmax(similarities)), similarities.shape)
    return Highlight(
        source=left[int(i)][1],
        target=right[int(j)][1],
        source_language=left[int(i)][0],
        target_language=right[int(j)][0],
        similarity=round(float(similarities[i, j]), 4),
    )


__all__ = ["Highlight", "highlight", "sentences"]
