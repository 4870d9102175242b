"""Scalar evaluation: one record → three-valued criteria, eligibility, traces, hints, what-if."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

from hatchway.policy.engine._expr import FUNCTIONS, Scope, evaluate
from hatchway.policy.engine._inputs import READERS, Facts, InputErrors
from hatchway.policy.engine._rules import RULES_DIR, Programme, RuleFileError, load_programme
from hatchway.policy.engine._values import Unknown, Value, _ZeroDenominator, decimal_text, is_number

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


def jsonable(value: Value) -> Any:
    """A value as JSON: exact non-integers as decimal strings, unknown and zero-denominator as null.

    >>> jsonable(Fraction(1, 20)), jsonable(7), jsonable(("a", True))
    ('0.05', 7, ['a', True])
    """
    if isinstance(value, (Unknown, _ZeroDenominator)) or value is None:
        return None
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Fraction):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [jsonable(item) for item in value]
    raise TypeError(value)  # pragma: no cover


def _facts_of(reader: str) -> frozenset[str]:
    if reader not in READERS:
        raise RuleFileError(f"Unknown input reader {reader!r}; known: {', '.join(sorted(READERS))}.")
    return READERS[reader][1]


def read_rule_file(path: str | Path) -> Programme:
    """Load one rule file and check its names against its input reader."""
    return load_programme(path, _facts_of)


@cache
def programmes(directory: str = str(RULES_DIR)) -> dict[str, Programme]:
    """Every programme in the rule directory, by id (files ending ``.yaml``)."""
    found: dict[str, Programme] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        programme = read_rule_file(path)
        if programme.id in found:
            raise RuleFileError(f"{path.name}: programme id {programme.id!r} is used twice.")
        found[programme.id] = programme
    return found


def get_programme(programme_id: str) -> Programme:
    """The shipped programme with this id; ``KeyError`` names the known ones.

    >>> get_programme("hnte").title.en
    'High and New Technology Enterprise recognition'
    """
    known = programmes()
    if programme_id not in known:
        raise KeyError(f"Unknown programme {programme_id!r}; known: {', '.join(sorted(known))}.")
    return known[programme_id]


def with_parameters(programme: Programme, values: Mapping[str, Any], effective_from: date) -> Programme:
    """A copy of ``programme`` whose parameters take ``values`` from ``effective_from`` (an operator's settings)."""
    from dataclasses import replace

    from hatchway.policy.engine._rules import Parameter, ParameterValue, parameter_value

    parameters = dict(programme.parameters)
    for name, raw in values.items():
        if name not in parameters:
            raise KeyError(f"{programme.id} has no parameter {name!r}.")
        old = parameters[name]
        parameters[name] = Parameter(
            name=name,
            reference=old.reference,
            operator_set=old.operator_set,
            values=(*old.values, ParameterValue(effective_from, parameter_value(raw, name))),
        )
    return replace(programme, parameters=parameters, template=False)


@dataclass(frozen=True)
class ResolvedParameter:
    value: Value
    effective_from: date | None
    reference: str


class ParameterNotSet(ValueError):
    """A parameter has no value on the evaluation date (for a template: the operator has not set it)."""


def resolve_parameters(programme: Programme, day: date) -> dict[str, ResolvedParameter]:
    resolved = {}
    for name, parameter in programme.parameters.items():
        current = parameter.on(day)
        if current is None:
            raise ParameterNotSet(
                f"{programme.id}: parameter {name!r} has no value on {day.isoformat()}; "
                "an operator must set it first."
            )
        if current.value is None and parameter.operator_set:
            raise ParameterNotSet(f"{programme.id}: parameter {name!r} has not been set by an operator.")
        resolved[name] = ResolvedParameter(current.value, current.effective_from, parameter.reference)
    return resolved


class _Context:
    """Name resolution for one record: facts, then derived values (computed once), then parameters."""

    def __init__(
        self, programme: Programme, facts: Facts, parameters: Mapping[str, ResolvedParameter]
    ) -> None:
        self.programme = programme
        self.facts = facts.values
        self.parameters = parameters
        self.derived: dict[str, Value] = {}

    def scope(self) -> Scope:
        scope = Scope(lookup=lambda name: self.lookup(name, scope), functions=FUNCTIONS)
        return scope

    def lookup(self, name: str, scope: Scope) -> Value:
        if name in self.facts:
            return self.facts[name]
        if name in self.programme.derived:
            if name not in self.derived:
                inner = Scope(lookup=lambda inner_name: self.lookup(inner_name, inner), functions=FUNCTIONS)
                self.derived[name] = evaluate(self.programme.derived[name].node, inner)
                scope.read.update(inner.read)
            else:
                self._reads(name, scope)
            return self.derived[name]
        if name in self.parameters:
            return self.parameters[name].value
        raise KeyError(name)

    def _reads(self, name: str, scope: Scope) -> None:
        from hatchway.policy.engine._expr import names_in

        for inner_name in names_in(self.programme.derived[name].node):
            scope.read[inner_name] = self.lookup(inner_name, scope)

    def value(self, name: str) -> Value:
        return self.lookup(name, self.scope())


def _show(value: Value) -> str:
    shown = jsonable(value)
    if isinstance(value, Unknown):
        return "?"
    if isinstance(value, _ZeroDenominator):
        return "x/0"
    if isinstance(shown, bool):
        return "true" if shown else "false"
    if isinstance(shown, list):
        return "[" + ", ".join(str(item) for item in shown) + "]"
    return str(shown)


def _explain(
    result: str, reason: str | None, label: Any, article: Any, values: str, missing: list[str]
) -> dict[str, str]:
    if result == UNKNOWN:
        return {
            "en": f"{label.en}: cannot be decided until these figures are given: {', '.join(missing)}.",
            "zh": f"{label.zh}：尚缺以下数据，无法判定：{'、'.join(missing)}。",
        }
    if reason == "zero_denominator":
        return {
            "en": f"{label.en}: not met ({article.en}) — the share's denominator is zero, so no share can be shown.",
            "zh": f"{label.zh}：不符合（{article.zh}）——比例的分母为零，无法证明达到比例要求。",
        }
    if result == PASS:
        return {
            "en": f"{label.en}: met ({article.en}); {values}.",
            "zh": f"{label.zh}：符合（{article.zh}）；{values}。",
        }
    return {
        "en": f"{label.en}: not met ({article.en}); {values}.",
        "zh": f"{label.zh}：不符合（{article.zh}）；{values}。",
    }


def _reported(programme: Programme, name: str, value: Value) -> Any:
    """Shares and thresholds are always decimal strings, even when they come out whole (``"1"``)."""
    derived = programme.derived.get(name)
    node = derived.node if derived else None
    if is_number(value) and getattr(node, "function", None) in {"ratio", "tier"}:
        return decimal_text(value)  # type: ignore[arg-type]
    return jsonable(value)


def evaluate_facts(programme: Programme, facts: Facts) -> dict[str, Any]:
    """Evaluate already-read facts; see :func:`evaluate_record` for the result's shape."""
    parameters = resolve_parameters(programme, facts.as_of)
    context = _Context(programme, facts, parameters)
    failing: list[str] = []
    unknown: list[str] = []
    missing: set[str] = set()
    hints: dict[str, dict[str, Any]] = {}
    trace: list[dict[str, Any]] = []
    for criterion in programme.criteria:
        scope = context.scope()
        value = evaluate(criterion.node, scope)
        reason = None
        if isinstance(value, Unknown):
            result = UNKNOWN
            unknown.append(criterion.id)
            missing |= value.names
        elif value is True:
            result = PASS
        elif value is False:
            result = FAIL
            failing.append(criterion.id)
            reason = "zero_denominator" if scope.zero_denominator else None
        else:
            raise RuleFileError(f"{criterion.id}: the formula gave {value!r}, not true or false.")
        inputs = {name: jsonable(v) for name, v in scope.read.items() if name in facts.values}
        derived = {name: jsonable(v) for name, v in scope.read.items() if name in programme.derived}
        used = {name: parameters[name] for name in scope.read if name in parameters}
        shown = ", ".join(f"{name} = {_show(v)}" for name, v in scope.read.items() if name not in parameters)
        scalars = {name: p for name, p in used.items() if not isinstance(p.value, tuple)}
        if scalars:
            shown += "; " + ", ".join(f"{name} = {_show(p.value)}" for name, p in scalars.items())
        criterion_hints: dict[str, Any] = {}
        if result == FAIL:
            for hint, node in criterion.hints.items():
                hint_value = evaluate(node, context.scope())
                if is_number(hint_value) and hint_value > 0:  # type: ignore[operator]
                    criterion_hints[hint] = jsonable(hint_value)
            if criterion_hints:
                hints[criterion.id] = criterion_hints
        source = programme.source(criterion.source)
        trace.append(
            {
                "criterion": criterion.id,
                "label": criterion.label.as_dict(),
                "article": criterion.article.as_dict(),
                "source": criterion.source,
                "verified": bool(source and source.verified),
                "formula": criterion.formula,
                "inputs": inputs,
                "derived": derived,
                "parameters": {
                    name: {
                        "value": jsonable(p.value),
                        "effective_from": p.effective_from.isoformat() if p.effective_from else None,
                        "reference": p.reference,
                    }
                    for name, p in used.items()
                },
                "result": result,
                "reason": reason,
                "missing": sorted(value.names) if isinstance(value, Unknown) else [],
                "hints": criterion_hints,
                "explanation": _explain(
                    result,
                    reason,
                    criterion.label,
                    criterion.article,
                    shown,
                    sorted(value.names) if isinstance(value, Unknown) else [],
                ),
            }
        )
    eligible = False if failing else (None if unknown else True)
    result_dict: dict[str, Any] = {
        "programme": programme.id,
        "version": programme.version,
        "rules_sha256": programme.sha256,
        "as_of": facts.as_of.isoformat(),
        "eligible": eligible,
        "failing": failing,
        "unknown": unknown,
        "missing_inputs": sorted(missing),
        "derived": {name: _reported(programme, name, context.value(name)) for name in programme.report},
        "hints": hints,
    }
    for group, items in programme.outputs.items():
        result_dict[group] = {key: jsonable(evaluate(node, context.scope())) for key, node in items.items()}
    if programme.routes:
        route = None
        if eligible is True:
            for candidate in programme.routes:
                if candidate.when is None or evaluate(candidate.when, context.scope()) is True:
                    route = candidate.name
                    break
        result_dict["route"] = route
    result_dict["trace"] = trace
    return result_dict


def read_facts(programme: Programme, record: Mapping[str, Any]) -> Facts:
    """Read a record with the programme's input reader (raises :class:`InputErrors`)."""
    return READERS[programme.reader][0](record)


def evaluate_record(programme: Programme, record: Mapping[str, Any]) -> dict[str, Any]:
    """Evaluate one enterprise record (docs/policy/criteria.md §5) against a programme.

    The result holds ``eligible`` (true / false / null = more information needed), the ``failing`` and
    ``unknown`` criterion ids, ``missing_inputs`` (field paths to file), ``derived`` values, near-miss
    ``hints`` and a ``trace`` per criterion.

    >>> result = evaluate_record(get_programme("hnte"), {"application_date": "2025-06-01",
    ...     "registration_date": "2025-01-01", "resident_enterprise_mainland": True})
    >>> result["eligible"], "hnte.registered_one_year" in result["failing"]
    (False, True)
    """
    return evaluate_facts(programme, read_facts(programme, record))


def evaluate_records(programme: Programme, records: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Evaluate many records; a bad record yields ``errors`` (with field paths) and the others go on.

    >>> out = evaluate_records(get_programme("tsme"), [{"id": "a", "evaluation_date": "2025-02-30"}])
    >>> out[0]["errors"][0]["path"]
    'evaluation_date'
    """
    results = []
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            results.append(
                {
                    "id": None,
                    "eligible": None,
                    "failing": [],
                    "unknown": [],
                    "errors": [{"path": f"[{index}]", "message": "Write each record as a JSON object."}],
                }
            )
            continue
        identifier = record.get("id")
        data = record.get("input", record) if isinstance(record.get("input"), Mapping) else record
        try:
            result = evaluate_record(programme, data)
        except InputErrors as error:
            results.append(
                {
                    "id": identifier,
                    "eligible": None,
                    "failing": [],
                    "unknown": [],
                    "errors": [item.as_dict() for item in error.errors],
                }
            )
            continue
        except ParameterNotSet as error:
            results.append(
                {
                    "id": identifier,
                    "eligible": None,
                    "failing": [],
                    "unknown": [],
                    "errors": [{"path": programme.date_field, "message": str(error)}],
                }
            )
            continue
        results.append({"id": identifier, **result})
    return results


def _merge(base: Any, change: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(change, Mapping):
        merged = dict(base)
        for key, value in change.items():
            merged[key] = _merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return merged
    if (
        isinstance(base, list)
        and isinstance(change, list)
        and all(isinstance(item, Mapping) and "year" in item for item in [*base, *change])
    ):
        by_year = {item["year"]: dict(item) for item in base}
        for item in change:
            by_year[item["year"]] = _merge(by_year.get(item["year"], {}), item)
        return sorted(by_year.values(), key=lambda item: item["year"])
    return copy.deepcopy(change)


def apply_changes(record: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The record with ``changes`` merged in: mappings merge, fiscal years merge by ``year``, the rest replaces.

    >>> apply_changes({"fiscal_years": [{"year": 2024, "tech_staff_avg": 8, "employees_avg": 90}]},
    ...               {"fiscal_years": [{"year": 2024, "tech_staff_avg": 10}]})
    {'fiscal_years': [{'year': 2024, 'tech_staff_avg': 10, 'employees_avg': 90}]}
    """
    result = _merge(dict(record), dict(changes))
    assert isinstance(result, dict)
    return result


def what_if(programme: Programme, record: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Re-evaluate with changed inputs ("if we hire 2 more R&D staff"); says which criteria changed.

    >>> base = {"application_date": "2025-06-01", "registration_date": "2020-01-01"}
    >>> what_if(get_programme("hnte"), base, {"registration_date": "2024-07-01"})["changed"]
    [{'criterion': 'hnte.registered_one_year', 'before': 'pass', 'after': 'fail'}]
    """
    before = evaluate_record(programme, record)
    after = evaluate_record(programme, apply_changes(record, changes))
    results_before = {item["criterion"]: item["result"] for item in before["trace"]}
    changed = [
        {"criterion": item["criterion"], "before": results_before[item["criterion"]], "after": item["result"]}
        for item in after["trace"]
        if results_before[item["criterion"]] != item["result"]
    ]
    return {"before": before, "after": after, "changed": changed}
