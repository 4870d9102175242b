"""Rule files as data: one YAML file per programme version, checked when loaded."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from hatchway.policy.engine._expr import FUNCTIONS, ExpressionError, Node, names_in, parse
from hatchway.policy.engine._values import Value, exact

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


class RuleFileError(ValueError):
    """A rule file is malformed; the message names the file and the place."""


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    url: str
    grade: str  # official | copy | unverified
    verified: bool


@dataclass(frozen=True)
class ParameterValue:
    effective_from: date
    value: Value


@dataclass(frozen=True)
class Parameter:
    name: str
    reference: str
    values: tuple[ParameterValue, ...]
    operator_set: bool = False

    def on(self, day: date) -> ParameterValue | None:
        """The value in force on ``day`` (the latest one that started on or before it)."""
        current = None
        for item in self.values:
            if item.effective_from <= day:
                current = item
        return current


@dataclass(frozen=True)
class Derived:
    name: str
    formula: str
    node: Node


@dataclass(frozen=True)
class Criterion:
    id: str
    label: Text
    article: Text
    source: str
    formula: str
    node: Node
    hints: Mapping[str, Node] = field(default_factory=dict)
    hint_formulas: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    name: str
    when: Node | None


@dataclass(frozen=True)
class Programme:
    id: str
    version: str
    title: Text
    summary: Text
    reader: str
    date_field: str
    effective_from: date
    effective_to: date | None
    sources: tuple[Source, ...]
    parameters: Mapping[str, Parameter]
    derived: Mapping[str, Derived]
    criteria: tuple[Criterion, ...]
    report: tuple[str, ...]
    outputs: Mapping[str, Mapping[str, Node]]
    routes: tuple[Route, ...]
    sha256: str
    path: str
    template: bool = False

    @property
    def verified(self) -> bool:
        """True when every source that a criterion cites is verified."""
        cited = {criterion.source for criterion in self.criteria}
        return all(source.verified for source in self.sources if source.id in cited)

    def source(self, source_id: str) -> Source | None:
        return next((source for source in self.sources if source.id == source_id), None)

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _text(data: Any, where: str) -> Text:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("zh"), str)
        or not isinstance(data.get("en"), str)
    ):
        raise RuleFileError(f"{where}: write a mapping with 'zh' and 'en' texts.")
    return Text(zh=data["zh"], en=data["en"])


def _day(data: Any, where: str) -> date:
    if isinstance(data, date):
        return data
    try:
        return date.fromisoformat(str(data))
    except ValueError:
        raise RuleFileError(f"{where}: {data!r} is not a date; write YYYY-MM-DD.") from None


def parameter_value(data: Any, where: str) -> Value:
    """Turn a YAML parameter value into an exact value (numbers written as text stay exact)."""
    if data is None or isinstance(data, bool):
        return data
    if isinstance(data, (int, float)):
        return exact(data)
    if isinstance(data, str):
        try:
            return exact(data)
        except (ArithmeticError, ValueError):
            return data
    if isinstance(data, list):
        return tuple(parameter_value(item, f"{where}[{index}]") for index, item in enumerate(data))
    raise RuleFileError(f"{where}: {data!r} is not a number, text, truth value or list.")


def _formula(text: Any, where: str) -> Node:
    if not isinstance(text, str):
        raise RuleFileError(f"{where}: write the formula as text.")
    try:
        return parse(text, FUNCTIONS)
    except ExpressionError as error:
        raise RuleFileError(f"{where}: {error}") from None


def load_programme(path: str | Path, facts: Callable[[str], frozenset[str]] | None = None) -> Programme:
    """Load and check one rule file. ``facts(reader)`` gives the fact names its input reader makes."""
    path = Path(path)
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise RuleFileError(f"{path.name}: not valid YAML ({error}).") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path.name}: the file must hold a mapping.")
    name = path.name
    try:
        sources = tuple(
            Source(
                id=str(item["id"]),
                title=_text(item["title"], f"{name}: sources[{index}].title"),
                url=str(item.get("url", "")),
                grade=str(item["grade"]),
                verified=bool(item["verified"]),
            )
            for index, item in enumerate(data["sources"])
        )
        parameters = {
            key: Parameter(
                name=key,
                reference=str(item.get("reference", "")),
                operator_set=bool(item.get("operator_set", False)),
                values=tuple(
                    ParameterValue(
                        effective_from=_day(value["from"], f"{name}: parameters.{key}.from"),
                        value=parameter_value(value["value"], f"{name}: parameters.{key}"),
                    )
                    for value in item["values"]
                ),
            )
            for key, item in (data.get("parameters") or {}).items()
        }
        derived = {
            key: Derived(key, str(text), _formula(text, f"{name}: derived.{key}"))
            for key, text in (data.get("derived") or {}).items()
        }
        criteria = tuple(
            Criterion(
                id=str(item["id"]),
                label=_text(item["label"], f"{name}: criteria[{index}].label"),
                article=_text(item["article"], f"{name}: criteria[{index}].article"),
                source=str(item["source"]),
                formula=str(item["formula"]),
                node=_formula(item["formula"], f"{name}: criteria[{index}].formula"),
                hints={
                    hint: _formula(text, f"{name}: criteria[{index}].hints.{hint}")
                    for hint, text in (item.get("hints") or {}).items()
                },
                hint_formulas={hint: str(text) for hint, text in (item.get("hints") or {}).items()},
            )
            for index, item in enumerate(data["criteria"])
        )
        outputs = {
            group: {key: _formula(text, f"{name}: outputs.{group}.{key}") for key, text in items.items()}
            for group, items in (data.get("outputs") or {}).items()
        }
        routes = tuple(
            Route(str(item["name"]), _formula(item["when"], f"{name}: routes") if item.get("when") else None)
            for item in data.get("routes") or []
        )
        programme = Programme(
            id=str(data["id"]),
            version=str(data["version"]),
            title=_text(data["title"], f"{name}: title"),
            summary=_text(data.get("summary", {"zh": "", "en": ""}), f"{name}: summary"),
            reader=str(data["reader"]),
            date_field=str(data["date_field"]),
            effective_from=_day(data["effective_from"], f"{name}: effective_from"),
            effective_to=_day(data["effective_to"], f"{name}: effective_to")
            if data.get("effective_to")
            else None,
            sources=sources,
            parameters=parameters,
            derived=derived,
            criteria=criteria,
            report=tuple(str(item) for item in data.get("report") or []),
            outputs=outputs,
            routes=routes,
            sha256=hashlib.sha256(raw).hexdigest(),
            path=str(path),
            template=bool(data.get("template", False)),
        )
    except (KeyError, TypeError) as error:
        raise RuleFileError(f"{name}: missing or malformed entry {error}.") from None
    _check_names(programme, facts(programme.reader) if facts else None)
    return programme


def _check_names(programme: Programme, facts: frozenset[str] | None) -> None:
    known = set(programme.parameters) | set(programme.derived)
    if facts is not None:
        known |= facts
    source_ids = {source.id for source in programme.sources}
    nodes: list[tuple[str, Node]] = [(f"derived.{d.name}", d.node) for d in programme.derived.values()]
    for criterion in programme.criteria:
        if criterion.source not in source_ids:
            raise RuleFileError(f"{criterion.id}: source {criterion.source!r} is not among the sources.")
        nodes.append((criterion.id, criterion.node))
        nodes.extend((f"{criterion.id}.hints.{hint}", node) for hint, node in criterion.hints.items())
    for group, items in programme.outputs.items():
        nodes.extend((f"outputs.{group}.{key}", node) for key, node in items.items())
    nodes.extend((f"routes.{route.name}", route.when) for route in programme.routes if route.when is not None)
    if facts is None:
        return
    for where, node in nodes:
        unknown = names_in(node) - known
        if unknown:
            raise RuleFileError(
                f"{Path(programme.path).name}: {where} uses {', '.join(sorted(unknown))}, which is neither "
                "an input fact, a derived value nor a parameter."
            )
    for name in programme.report:
        if name not in known:
            raise RuleFileError(f"{Path(programme.path).name}: report names unknown value {name!r}.")
