"""Vectorised evaluation: the same syntax trees over numpy columns, for a million enterprises at once.

Columns (``_columns``) hold exact rationals with ``known`` and zero-denominator masks; ``_column_ops``
evaluates a programme's formulas over them with the scalar evaluator's three-valued rules.

Large batches are cut into slices that stay in cache and run on two threads; from ``COMPILED_MIN_ROWS``
rows, when numba is installed, ``_compiled`` evaluates them as one fused loop instead (same results).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hatchway.policy.engine import _compiled
from hatchway.policy.engine._column_ops import BOUNDS, ColumnEvaluator, as_bool, column_of
from hatchway.policy.engine._columns import (
    Col,
    Columns,
    always,
    bool_column,
    category_column,
    cell,
    num_column,
    rational_of,
)
from hatchway.policy.engine._evaluate import ParameterNotSet, evaluate_facts, read_facts, resolve_parameters
from hatchway.policy.engine._expr import EvaluationError, Node
from hatchway.policy.engine._inputs import Facts, InputErrors
from hatchway.policy.engine._rules import Programme
from hatchway.policy.engine._values import Unknown, Value, is_number


@dataclass
class VectorResult:
    """Outcomes per criterion (1 pass, 0 fail, −1 unknown), ``eligible`` (1, 0, −1), outputs, routes."""

    programme: Programme
    size: int
    outcomes: dict[str, npt.NDArray[np.int8]]
    eligible: npt.NDArray[np.int8]
    outputs: dict[str, dict[str, Col]]
    route_codes: npt.NDArray[np.int8] | None  # index into the programme's routes; −1 for none
    backend: str = "numpy"  # which evaluator computed it: numpy or compiled

    @cached_property
    def route(self) -> npt.NDArray[Any] | None:
        """The route name per row (``None`` where no route applies), built on first use."""
        if self.route_codes is None:
            return None
        names = [route.name for route in self.programme.routes]
        return np.array([*names, None], dtype=object)[self.route_codes]  # code −1 picks the last: None

    def record(self, index: int) -> dict[str, Any]:
        """Row ``index`` in the scalar result's vocabulary (for comparison and export)."""
        code = int(self.eligible[index])
        result: dict[str, Any] = {
            "eligible": None if code == -1 else bool(code),
            "failing": [cid for cid, values in self.outcomes.items() if values[index] == 0],
            "unknown": [cid for cid, values in self.outcomes.items() if values[index] == -1],
        }
        for group, items in self.outputs.items():
            result[group] = {key: cell(col, index) for key, col in items.items()}
        if self.route_codes is not None:
            code = int(self.route_codes[index])
            result["route"] = None if code < 0 else self.programme.routes[code].name
        return result


CHUNK_ROWS = 32_768  # rows per slice: a slice's temporaries stay in the core's cache and are reused
THREADS = min(2, os.cpu_count() or 1)
COMPILED_MIN_ROWS = 200_000  # below this, compiling a loop (about a second, once) costs more than it saves


def evaluate_columns(
    programme: Programme,
    columns: Mapping[str, Col],
    as_of: date,
    *,
    chunk_rows: int = CHUNK_ROWS,
    threads: int = THREADS,
    backend: str = "auto",
    outputs: Collection[str] | None = None,
    kernel_cache: Path | None = None,
) -> VectorResult:
    """Evaluate every row of ``columns`` (one column per input fact) with the parameters in force on ``as_of``.

    ``backend`` is ``numpy``, ``compiled`` (one fused loop per programme, see ``_compiled``; needs numba,
    ``pip install 'hatchway[fast]'``) or ``auto``: compiled from ``COMPILED_MIN_ROWS`` rows when numba is
    installed and the formulas allow it, else numpy. The numpy backend cuts large batches into slices of
    ``chunk_rows`` rows; both run ``threads`` threads. The results do not depend on any of these;
    ``VectorResult.backend`` says which one computed them. ``kernel_cache`` is a folder where compiled loops
    are kept between processes (the app passes its ``HATCHWAY_KERNEL_CACHE`` setting); ``None`` compiles in
    memory, once per process. ``outputs`` names the outputs to compute (``"scores"`` for a group,
    ``"scores.total"`` for one); ``None`` computes them all.

    >>> from hatchway.policy.engine import get_programme
    >>> tsme = get_programme("tsme")
    >>> cols = columns_from_facts(tsme, [read_facts(tsme, {"evaluation_date": "2025-05-01"})])
    >>> evaluate_columns(tsme, cols, date(2025, 5, 1)).record(0)["eligible"] is None
    True
    """
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1.")
    sizes = {
        len(array) for col in columns.values() for array in (col.num, col.val, col.known) if array is not None
    }
    size = max(sizes) if sizes else 0
    parameters = {name: p.value for name, p in resolve_parameters(programme, as_of).items()}
    if backend not in {"auto", "numpy", "compiled"}:
        raise ValueError(f"Unknown backend {backend!r}.")
    wanted = _wanted_outputs(programme, outputs)
    if backend == "compiled" or (backend == "auto" and size >= COMPILED_MIN_ROWS and _compiled.available()):
        try:
            return _from_compiled(
                programme,
                _compiled.evaluate_compiled(
                    programme, columns, parameters, size, threads, wanted, cache=kernel_cache
                ),
                size,
            )
        except _compiled.Unsupported:
            if backend == "compiled" and not _compiled.available():
                raise
    if size <= chunk_rows:
        return _evaluate_slice(programme, columns, parameters, size, wanted)
    assembly = _Assembly(programme, size)

    def work(start: int) -> None:
        stop = min(start + chunk_rows, size)
        part = _evaluate_slice(programme, _rows(columns, start, stop, size), parameters, stop - start, wanted)
        assembly.put(start, stop, part)

    starts = range(0, size, chunk_rows)
    if threads <= 1:
        for start in starts:
            work(start)
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for _ in pool.map(work, starts):
                pass
    return assembly.finish()


def _from_compiled(programme: Programme, done: _compiled.Compiled, size: int) -> VectorResult:
    outputs = {
        group: {
            key: Col(
                spec["kind"],
                spec["known"],
                spec.get("num"),
                spec.get("den"),
                val=spec.get("val"),
                zd=spec.get("zd"),
                integral=spec["integral"],
                cats=spec["cats"],
            )
            for key, spec in items.items()
        }
        for group, items in done.outputs.items()
    }
    return VectorResult(
        programme, size, done.outcomes, done.eligible, outputs, done.route, backend="compiled"
    )


def _rows(columns: Mapping[str, Col], start: int, stop: int, size: int) -> dict[str, Col]:
    """Rows ``start:stop`` of every column as views; one-cell (broadcast) arrays stay as they are."""

    def cut(array: npt.NDArray[Any] | None) -> Any:
        return array[start:stop] if array is not None and array.shape[0] == size else array

    return {
        name: replace(
            col, known=cut(col.known), num=cut(col.num), den=cut(col.den), val=cut(col.val), zd=cut(col.zd)
        )
        for name, col in columns.items()
    }


class _Field:
    """One array of an output column assembled from slices: a shared one-cell array until a slice differs."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.full: npt.NDArray[Any] | None = None
        self.constant: npt.NDArray[Any] | None = None
        self.pending: list[tuple[int, int, npt.NDArray[Any]]] = []
        self.missing = False

    def put(self, start: int, stop: int, array: npt.NDArray[Any] | None) -> None:
        if array is None:
            self.missing = True
            return
        shared = self.full is None and array.shape[0] == 1 and stop - start > 1
        if shared and (self.constant is None or np.array_equal(self.constant, array)):
            self.constant = array
            self.pending.append((start, stop, array))
            return
        if self.full is None:
            self.full = np.empty(self.size, dtype=array.dtype)
            for first, last, value in self.pending:
                self.full[first:last] = value
            self.pending.clear()
        self.full[start:stop] = array

    def finish(self) -> npt.NDArray[Any] | None:
        if self.missing:
            return None
        return self.full if self.full is not None else self.constant


class _Assembly:
    """The full-size result of a batch evaluated slice by slice (slices may arrive from several threads)."""

    def __init__(self, programme: Programme, size: int) -> None:
        self.programme = programme
        self.size = size
        self.lock = threading.Lock()
        self.outcomes = {c.id: np.empty(size, dtype=np.int8) for c in programme.criteria}
        self.eligible = np.empty(size, dtype=np.int8)
        self.route = np.empty(size, dtype=np.int8) if programme.routes else None
        self.fields: dict[tuple[str, str, str], _Field] = {}
        self.kinds: dict[tuple[str, str], Col] = {}

    def put(self, start: int, stop: int, part: VectorResult) -> None:
        for cid, values in part.outcomes.items():
            self.outcomes[cid][start:stop] = values
        self.eligible[start:stop] = part.eligible
        if self.route is not None and part.route_codes is not None:
            self.route[start:stop] = part.route_codes
        with self.lock:  # output columns may switch from a shared cell to a full array
            for group, items in part.outputs.items():
                for key, col in items.items():
                    previous = self.kinds.setdefault((group, key), col)
                    self.kinds[(group, key)] = replace(previous, integral=previous.integral and col.integral)
                    for name in ("known", "num", "den", "val", "zd"):
                        field = self.fields.setdefault((group, key, name), _Field(self.size))
                        field.put(start, stop, getattr(col, name))

    def finish(self) -> VectorResult:
        outputs: dict[str, dict[str, Col]] = {}
        for (group, key), first in self.kinds.items():
            arrays = {
                name: self.fields[(group, key, name)].finish()
                for name in ("known", "num", "den", "val", "zd")
            }
            known = arrays["known"]
            assert known is not None
            outputs.setdefault(group, {})[key] = Col(
                first.kind,
                known,
                arrays["num"],
                arrays["den"],
                val=arrays["val"],
                zd=arrays["zd"],
                integral=first.integral,
                cats=first.cats,
            )
        return VectorResult(self.programme, self.size, self.outcomes, self.eligible, outputs, self.route)


def _wanted_outputs(programme: Programme, names: Collection[str] | None) -> dict[str, dict[str, Node]]:
    if names is None:
        return {group: dict(items) for group, items in programme.outputs.items()}
    wanted: dict[str, dict[str, Node]] = {}
    for name in names:
        group, _, key = name.partition(".")
        items = programme.outputs.get(group)
        if items is None or (key and key not in items):
            raise ValueError(f"{programme.id} has no output {name!r}.")
        chosen = {key: items[key]} if key else dict(items)
        wanted.setdefault(group, {}).update(chosen)
    return wanted


def _evaluate_slice(
    programme: Programme,
    columns: Mapping[str, Col],
    parameters: Mapping[str, Value],
    size: int,
    wanted: Mapping[str, Mapping[str, Node]],
) -> VectorResult:
    BOUNDS.known.clear()
    try:
        return _evaluate_columns(programme, columns, parameters, size, wanted)
    finally:
        BOUNDS.known.clear()


def _evaluate_columns(
    programme: Programme,
    columns: Mapping[str, Col],
    parameters: Mapping[str, Value],
    size: int,
    wanted: Mapping[str, Mapping[str, Node]],
) -> VectorResult:
    vector = ColumnEvaluator(programme, columns, parameters)
    outcomes: dict[str, npt.NDArray[np.int8]] = {}
    passing = np.ones(size, dtype=bool)
    any_unknown = np.zeros(size, dtype=bool)
    for criterion in programme.criteria:
        col = as_bool(column_of(vector.eval(criterion.node), criterion.id))
        if col.kind != "bool":
            raise EvaluationError(f"{criterion.id}: the formula does not give true or false.")
        assert col.val is not None
        values = np.broadcast_to(col.val, (size,))
        outcome = values.astype(np.int8)
        if always(col.known):
            passing &= values
        else:
            known = np.broadcast_to(col.known, (size,))
            outcome[~known] = -1
            passing &= values | ~known
            any_unknown |= ~known
        outcomes[criterion.id] = outcome
    # eligible: 0 when any criterion fails, else −1 when any is unknown, else 1
    eligible = passing.astype(np.int8)
    if any_unknown.any():
        eligible -= (passing & any_unknown).astype(np.int8) * 2
    outputs = {
        group: {key: column_of(vector.eval(node), f"{group}.{key}") for key, node in items.items()}
        for group, items in wanted.items()
    }
    route = None
    if programme.routes:
        route = np.full(size, -1, dtype=np.int8)
        undecided = eligible == 1
        for code, candidate in enumerate(programme.routes):
            if candidate.when is None:
                hit = undecided
            else:
                col = as_bool(column_of(vector.eval(candidate.when), candidate.name))
                assert col.val is not None
                hit = undecided & np.broadcast_to(col.known & col.val, (size,))
            route[hit] = code
            undecided = undecided & ~hit
    return VectorResult(programme, size, outcomes, eligible, outputs, route)


def columns_from_facts(programme: Programme, facts: Sequence[Facts]) -> Columns:
    """Columns from facts read record by record (missing inputs become unknown cells)."""
    from hatchway.policy.engine._inputs import READERS

    names = READERS[programme.reader][1]
    columns: Columns = {}
    for name in names:
        values = [item.values.get(name, Unknown(frozenset({name}))) for item in facts]
        known = np.array([not isinstance(value, Unknown) for value in values], dtype=bool)
        sample = next((value for value in values if not isinstance(value, Unknown)), 0)
        if isinstance(sample, bool):
            columns[name] = bool_column([value is True for value in values], known)
        elif isinstance(sample, str):
            texts = [value if isinstance(value, str) else "" for value in values]
            categories = sorted(set(texts))
            code = {text: position for position, text in enumerate(categories)}
            columns[name] = category_column([code[text] for text in texts], categories, known)
        else:
            pairs = [rational_of(value) if is_number(value) else (0, 1) for value in values]
            dens = [den for _, den in pairs]
            columns[name] = num_column(
                [num for num, _ in pairs], None if all(den == 1 for den in dens) else dens, known
            )
    return columns


def evaluate_many(
    programme: Programme,
    records: Sequence[Mapping[str, Any]],
    *,
    backend: str = "auto",
    kernel_cache: Path | None = None,
) -> list[dict[str, Any]]:
    """Evaluate many records in one vectorised call per parameter set; bad records get ``errors``.

    Results carry ``id``, ``eligible``, ``failing``, ``unknown`` and the programme's outputs; use the scalar
    :func:`evaluate_record` for traces and hints. ``backend`` and ``kernel_cache`` are
    :func:`evaluate_columns`'s.
    """
    results: list[dict[str, Any]] = [{} for _ in records]
    groups: dict[tuple[Any, ...], list[tuple[int, Facts]]] = {}
    for index, record in enumerate(records):
        data = record.get("input", record) if isinstance(record.get("input"), Mapping) else record
        try:
            facts = read_facts(programme, data)
            key = tuple(
                (name, p.effective_from)
                for name, p in sorted(resolve_parameters(programme, facts.as_of).items())
            )
        except InputErrors as error:
            results[index] = {
                "id": record.get("id"),
                "eligible": None,
                "failing": [],
                "unknown": [],
                "errors": [item.as_dict() for item in error.errors],
            }
            continue
        except ParameterNotSet as error:
            results[index] = {
                "id": record.get("id"),
                "eligible": None,
                "failing": [],
                "unknown": [],
                "errors": [{"path": programme.date_field, "message": str(error)}],
            }
            continue
        groups.setdefault(key, []).append((index, facts))
    for members in groups.values():
        batch = [facts for _, facts in members]
        try:
            vector = evaluate_columns(
                programme,
                columns_from_facts(programme, batch),
                batch[0].as_of,
                backend=backend,
                kernel_cache=kernel_cache,
            )
        except OverflowError:
            for index, facts in members:
                full = evaluate_facts(programme, facts)
                results[index] = {
                    "id": records[index].get("id"),
                    **{k: v for k, v in full.items() if k != "trace"},
                }
            continue
        for position, (index, _) in enumerate(members):
            results[index] = {"id": records[index].get("id"), **vector.record(position)}
    return results
