"""The matching engine: cross-lingual sentence encoders, a vector index and a ranker.

Framework-free (no Django): the matching app loads listings, calls this package and stores the results.

>>> from hatchway.matching.engine import VectorIndex, detect_language
>>> detect_language("半导体设备"), VectorIndex(dim=4).dim
('zh', 4)
"""

from ._encoders import (
    DEFAULT_ENCODER,
    ENCODERS,
    CombinedEncoder,
    E5Encoder,
    Encoder,
    UseEncoder,
    Vectors,
    centre,
    fit_centring,
    get_encoder,
    load_centring,
    normalise,
)
from ._index import Hit, VectorIndex
from ._kinds import COUNTERPARTS, KindCentring, counterpart_kinds
from ._language import LANGUAGES, detect_language
from ._ranker import Document, Ranker, merge_language_lists

__all__ = [
    "COUNTERPARTS",
    "DEFAULT_ENCODER",
    "ENCODERS",
    "LANGUAGES",
    "CombinedEncoder",
    "Document",
    "E5Encoder",
    "Encoder",
    "Hit",
    "KindCentring",
    "Ranker",
    "UseEncoder",
    "VectorIndex",
    "Vectors",
    "centre",
    "counterpart_kinds",
    "detect_language",
    "fit_centring",
    "get_encoder",
    "load_centring",
    "merge_language_lists",
    "normalise",
]
