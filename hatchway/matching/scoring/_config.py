"""The scoring configuration (``weights.yaml``): read, validated, turned into typed values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FILTERS = ("open", "other_party", "ticket", "stage", "geography", "consent", "readiness")
PARTS = ("semantic", "sector", "stage", "language", "freshness")
KINDS = (
    "funding_ask",
    "investment_thesis",
    "technology_need",
    "technology_offer",
    "position",
    "talent_profile",
    "landing_ask",
    "landing_offer",
)


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; it is translated where it is shown (``render``)."""
    return message


class ConfigError(ValueError):
    """The configuration cannot be used: ``where`` (a file, a key) and a message saying what to write instead.

    The message is a template marked for translation; ``str()`` gives it in English and :meth:`render` in
    the reader's language, given a ``gettext``.
    """

    def __init__(self, where: str, message: str, **values: Any) -> None:
        self.where, self.message, self.values = where, message, values
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] = gettext_noop) -> str:
        return f"{self.where}: {translate(self.message) % self.values}"

    def within(self, source: str) -> ConfigError:
        """The same mistake, located inside ``source`` (the file it was read from)."""
        return ConfigError(f"{source}: {self.where}", self.message, **self.values)


@dataclass(frozen=True)
class PairConfig:
    name: str
    seeker: str
    provider: str
    filters: frozenset[str]
    weights: Mapping[str, float]


@dataclass(frozen=True)
class ScoringConfig:
    pairs: Mapping[str, PairConfig]
    semantic_floor: float = -0.03
    semantic_ceiling: float = 0.65
    half_life_days: float = 45.0
    recent_days: int = 14
    unknown: float = 0.5
    candidates: int = 200
    similar_above: float = 0.5
    max_penalty: float = 40.0

    def pair_of(self, kind: str) -> PairConfig | None:
        """The pair a kind of listing belongs to (either side)."""
        return next((pair for pair in self.pairs.values() if kind in (pair.seeker, pair.provider)), None)

    def counterpart_of(self, kind: str) -> str | None:
        """The kind of listing recommended to a listing of ``kind``.

        >>> DEFAULT = load_config()
        >>> DEFAULT.counterpart_of("funding_ask"), DEFAULT.counterpart_of("talent_profile")
        ('investment_thesis', 'position')
        """
        pair = self.pair_of(kind)
        if pair is None:
            return None
        return pair.provider if kind == pair.seeker else pair.seeker


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(
            where,
            gettext_noop("%(value)s is not a number. Write a number from %(low)s to %(high)s."),
            value=repr(value),
            low=low,
            high=high,
        )
    if not low <= value <= high:
        raise ConfigError(
            where,
            gettext_noop("%(value)s is outside %(low)s–%(high)s. Write a number in that range."),
            value=value,
            low=low,
            high=high,
        )
    return float(value)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(
            where,
            gettext_noop("expected named values (key: value), found %(found)s."),
            found=type(value).__name__,
        )
    return value


def _known_keys(data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    unknown = [key for key in data if key not in allowed]
    if unknown:
        raise ConfigError(
            where,
            gettext_noop("“%(key)s” is not known. Use: %(allowed)s."),
            key=unknown[0],
            allowed=", ".join(allowed),
        )


def parse_config(data: Any) -> ScoringConfig:
    """Validate the parsed YAML and return the configuration, or raise ConfigError saying what to fix.

    >>> parse_config({"version": 1, "pairs": {}})
    Traceback (most recent call last):
    ...
    hatchway.matching.scoring._config.ConfigError: pairs: no pair is configured. Configure at least one pair of kinds.
    """
    root = _mapping(data, "weights.yaml")
    _known_keys(
        root,
        ("version", "semantic", "freshness", "unknown", "candidates", "feedback", "pairs"),
        "weights.yaml",
    )
    if root.get("version") != 1:
        raise ConfigError(
            "version",
            gettext_noop("%(value)s is not supported. Write version: 1."),
            value=repr(root.get("version")),
        )
    semantic = _mapping(root.get("semantic", {}), "semantic")
    _known_keys(semantic, ("floor", "ceiling"), "semantic")
    floor = _number(semantic.get("floor", -0.03), "semantic.floor", -1, 1)
    ceiling = _number(semantic.get("ceiling", 0.65), "semantic.ceiling", -1, 1)
    if ceiling <= floor:
        raise ConfigError(
            "semantic",
            gettext_noop("ceiling must be above floor. Write, for example, floor -0.03, ceiling 0.65."),
        )
    freshness = _mapping(root.get("freshness", {}), "freshness")
    _known_keys(freshness, ("half_life_days", "recent_days"), "freshness")
    feedback = _mapping(root.get("feedback", {}), "feedback")
    _known_keys(feedback, ("similar_above", "max_penalty"), "feedback")
    pairs_data = _mapping(root.get("pairs", {}), "pairs")
    if not pairs_data:
        raise ConfigError(
            "pairs", gettext_noop("no pair is configured. Configure at least one pair of kinds.")
        )
    pairs: dict[str, PairConfig] = {}
    seen: dict[str, str] = {}
    for name, block in pairs_data.items():
        where = f"pairs.{name}"
        block = _mapping(block, where)
        _known_keys(block, ("kinds", "filters", "weights"), where)
        kinds = block.get("kinds")
        if not isinstance(kinds, list) or len(kinds) != 2 or not all(isinstance(kind, str) for kind in kinds):
            raise ConfigError(
                f"{where}.kinds", gettext_noop("write two kinds of listing, [seeker, provider].")
            )
        for kind in kinds:
            if kind not in KINDS:
                raise ConfigError(
                    f"{where}.kinds",
                    gettext_noop("“%(kind)s” is not a kind of listing. Use: %(allowed)s."),
                    kind=kind,
                    allowed=", ".join(KINDS),
                )
            if kind in seen:
                raise ConfigError(
                    f"{where}.kinds",
                    gettext_noop("“%(kind)s” is already in pairs.%(pair)s. Give it one pair."),
                    kind=kind,
                    pair=seen[kind],
                )
            seen[kind] = str(name)
        filters = block.get("filters", [])
        if not isinstance(filters, list):
            raise ConfigError(f"{where}.filters", gettext_noop("write a list such as [open, other_party]."))
        for item in filters:
            if item not in FILTERS:
                raise ConfigError(
                    f"{where}.filters",
                    gettext_noop("“%(item)s” is not a filter. Use: %(allowed)s."),
                    item=item,
                    allowed=", ".join(FILTERS),
                )
        weights_data = _mapping(block.get("weights", {}), f"{where}.weights")
        _known_keys(weights_data, PARTS, f"{where}.weights")
        weights = {
            part: _number(weights_data.get(part, 0), f"{where}.weights.{part}", 0, 1000) for part in PARTS
        }
        if not sum(weights.values()):
            raise ConfigError(
                f"{where}.weights",
                gettext_noop("every weight is 0. Give at least one part a weight above 0."),
            )
        pairs[str(name)] = PairConfig(str(name), kinds[0], kinds[1], frozenset(filters), weights)
    return ScoringConfig(
        pairs=pairs,
        semantic_floor=floor,
        semantic_ceiling=ceiling,
        half_life_days=_number(freshness.get("half_life_days", 45), "freshness.half_life_days", 1, 3650),
        recent_days=int(_number(freshness.get("recent_days", 14), "freshness.recent_days", 0, 3650)),
        unknown=_number(root.get("unknown", 0.5), "unknown", 0, 1),
        candidates=int(_number(root.get("candidates", 200), "candidates", 1, 100_000)),
        similar_above=_number(feedback.get("similar_above", 0.5), "feedback.similar_above", -1, 1),
        max_penalty=_number(feedback.get("max_penalty", 40), "feedback.max_penalty", 0, 100),
    )


DEFAULT_PATH = Path(__file__).resolve().parent.parent / "weights.yaml"


def load_config(path: Path | str | None = None) -> ScoringConfig:
    """Read and validate a weights file (the platform's ``hatchway/matching/weights.yaml`` by default)."""
    source = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(
            str(source), gettext_noop("not valid YAML (%(error)s)."), error=str(error)
        ) from None
    try:
        return parse_config(data)
    except ConfigError as error:
        raise error.within(str(source)) from None
