"""Every way of evaluating a batch gives the record-by-record results: sliced, threaded and compiled.

The compiled loop needs numba (``hatchway[fast]``, part of the test install); without it the numpy path
evaluates every batch.
"""

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from hatchway.policy.engine import (
    COMPILED_MIN_ROWS,
    category_column,
    cell,
    columns_from_facts,
    compiled_available,
    evaluate_columns,
    evaluate_many,
    evaluate_records,
    get_programme,
    read_facts,
)
from tests.policy.records import hnte_record
from tests.policy.test_vectorised import random_hnte, random_tsme

ROOT = Path(__file__).resolve().parents[2]
COMPARED = ("id", "eligible", "failing", "unknown", "route", "scores", "direct_conditions")


def sample(programme_id, make, size=400):
    rng = random.Random(20260315)
    records = [make(rng, index) for index in range(size)]
    programme = get_programme(programme_id)
    facts = [read_facts(programme, record) for record in records]
    return programme, records, facts


def same_rows(one, other, size):
    assert list(one.outcomes) == list(other.outcomes)
    for cid in one.outcomes:
        assert np.array_equal(one.outcomes[cid], other.outcomes[cid]), cid
    assert np.array_equal(one.eligible, other.eligible)
    for index in range(size):
        assert one.record(index) == other.record(index), index


@pytest.mark.parametrize(("programme_id", "make"), [("hnte", random_hnte), ("tsme", random_tsme)])
def test_slices_and_threads_do_not_change_any_row(programme_id, make):
    programme, _, facts = sample(programme_id, make)
    as_of = facts[0].as_of
    columns = columns_from_facts(programme, facts)
    whole = evaluate_columns(programme, columns, as_of, backend="numpy", chunk_rows=10**9, threads=1)
    sliced = evaluate_columns(programme, columns, as_of, backend="numpy", chunk_rows=50, threads=2)
    same_rows(whole, sliced, len(facts))
    assert (whole.route is None) == (programme_id == "hnte")


@pytest.mark.parametrize(("programme_id", "make"), [("hnte", random_hnte), ("tsme", random_tsme)])
def test_the_numpy_path_and_the_compiled_loop_give_identical_rows(programme_id, make):
    programme, _, facts = sample(programme_id, make)
    columns = columns_from_facts(programme, facts)
    numpy = evaluate_columns(programme, columns, facts[0].as_of, backend="numpy")
    compiled = evaluate_columns(programme, columns, facts[0].as_of, backend="compiled")
    assert (numpy.backend, compiled.backend) == ("numpy", "compiled")
    same_rows(numpy, compiled, len(facts))
    for group, items in numpy.outputs.items():
        for key, col in items.items():
            other = compiled.outputs[group][key]
            assert [cell(col, i) for i in range(len(facts))] == [cell(other, i) for i in range(len(facts))]


@pytest.mark.parametrize(("programme_id", "make"), [("hnte", random_hnte), ("tsme", random_tsme)])
def test_the_compiled_loop_gives_the_record_by_record_results(programme_id, make):
    programme, records, facts = sample(programme_id, make)
    compiled = evaluate_columns(
        programme, columns_from_facts(programme, facts), facts[0].as_of, backend="compiled"
    )
    assert compiled.backend == "compiled"
    scalar = evaluate_records(programme, records)
    outcomes = {True: 0, False: 0, None: 0}
    for index, one in enumerate(scalar):
        row = compiled.record(index)
        for key in COMPARED[1:]:
            if key in one:
                assert row[key] == one[key], (one["id"], key)
        outcomes[one["eligible"]] += 1
    assert all(outcomes.values()), outcomes  # missing inputs, fails and passes are all exercised
    assert evaluate_many(programme, records, backend="compiled") == evaluate_many(
        programme, records, backend="numpy"
    )


def tile(col, size, reps):
    """The column repeated ``reps`` times (shared one-cell arrays stay shared)."""
    arrays = {
        name: np.tile(array, reps) if array is not None and array.shape[0] == size else array
        for name, array in (
            ("known", col.known),
            ("num", col.num),
            ("den", col.den),
            ("val", col.val),
            ("zd", col.zd),
        )
    }
    return replace(col, **arrays)


def test_the_compiled_loop_runs_on_two_threads_with_the_same_result():
    programme, _, facts = sample("tsme", random_tsme, size=50)
    columns = {name: tile(col, 50, 2400) for name, col in columns_from_facts(programme, facts).items()}
    one = evaluate_columns(programme, columns, facts[0].as_of, backend="compiled", threads=1)
    two = evaluate_columns(programme, columns, facts[0].as_of, backend="compiled", threads=2)
    numpy = evaluate_columns(programme, columns, facts[0].as_of, backend="numpy", threads=2)
    assert one.backend == two.backend == "compiled"
    assert numpy.backend == "numpy"
    for other in (two, numpy):
        for cid in one.outcomes:
            assert np.array_equal(one.outcomes[cid], other.outcomes[cid])
        assert np.array_equal(one.eligible, other.eligible)
        assert one.route_codes is not None
        assert other.route_codes is not None
        assert np.array_equal(one.route_codes, other.route_codes)
        assert np.array_equal(
            np.asarray(one.outputs["scores"]["total"].num), np.asarray(other.outputs["scores"]["total"].num)
        )


def test_an_input_beyond_the_compiled_bound_is_left_to_the_numpy_path():
    programme, _, facts = sample("tsme", random_tsme, size=50)
    columns = columns_from_facts(programme, facts)
    sales = np.array(columns["sales"].num)
    sales[7] = 2**41  # larger than the compiled loop's input bound, still exact for numpy
    columns["sales"] = replace(columns["sales"], num=sales)
    result = evaluate_columns(programme, columns, facts[0].as_of, backend="compiled")
    assert result.backend == "numpy"
    assert (
        result.record(7)["failing"]
        == evaluate_columns(programme, columns, facts[0].as_of, backend="numpy").record(7)["failing"]
    )


def test_a_product_too_large_for_64_bits_raises_in_both_backends():
    programme, _, facts = sample("tsme", random_tsme, size=50)
    columns = columns_from_facts(programme, facts)
    big = 2**39 + 1  # within the compiled loop's input bound, but tech staff × employees' denominators is not
    for name, den in (("tech_staff", big - 2), ("employees", 3)):
        col = columns[name]
        columns[name] = replace(col, num=np.full_like(col.num, big), den=np.full_like(col.den, den))
    for backend in ("numpy", "compiled"):
        with pytest.raises(OverflowError):
            evaluate_columns(programme, columns, facts[0].as_of, backend=backend)


def test_categories_are_read_as_their_strings_in_membership_and_equality():
    hnte = get_programme("hnte")
    facts = [
        read_facts(hnte, hnte_record(tech_field=field)) for field in ("aerospace", "retail", "aerospace")
    ]
    columns = columns_from_facts(hnte, facts)
    assert columns["tech_field"].cats is not None
    columns["tech_field"] = category_column(np.array([2, 0, 1], dtype=np.int16), ["retail", "x", "aerospace"])
    result = evaluate_columns(hnte, columns, facts[0].as_of, backend="numpy")
    assert result.outcomes["hnte.supported_field"].tolist() == [1, 0, 0]
    assert cell(columns["tech_field"], 0) == "aerospace"


def test_compiled_loops_are_kept_in_the_folder_the_caller_names(tmp_path):
    programme, _, facts = sample("hnte", random_hnte, size=20)
    columns = columns_from_facts(programme, facts)
    folder = tmp_path / "kernels"
    kept = evaluate_columns(programme, columns, facts[0].as_of, backend="compiled", kernel_cache=folder)
    assert kept.backend == "compiled"
    assert [path.suffix for path in folder.glob("kernel_*")] == [".py"]  # numba's machine code sits beside it
    evaluate_columns(programme, columns, facts[0].as_of, backend="compiled")  # no folder: in memory only
    assert len(list(folder.glob("kernel_*.py"))) == 1


@pytest.mark.parametrize("backend", ["numpy", "compiled"])
def test_only_the_outputs_asked_for_are_computed(backend):
    programme, _, facts = sample("tsme", random_tsme, size=50)
    columns = columns_from_facts(programme, facts)
    full = evaluate_columns(programme, columns, facts[0].as_of, backend="numpy")
    some = evaluate_columns(
        programme, columns, facts[0].as_of, backend=backend, outputs=["scores.total", "direct_conditions"]
    )
    assert list(some.outputs) == ["scores", "direct_conditions"]
    assert list(some.outputs["scores"]) == ["total"]
    assert list(some.outputs["direct_conditions"]) == list(full.outputs["direct_conditions"])
    for index in range(50):
        assert cell(some.outputs["scores"]["total"], index) == cell(full.outputs["scores"]["total"], index)
        assert some.record(index)["eligible"] == full.record(index)["eligible"]
    with pytest.raises(ValueError, match=r"no output 'scores\.bogus'"):
        evaluate_columns(programme, columns, facts[0].as_of, outputs=["scores.bogus"])


def test_the_compiled_backend_is_installed_for_the_tests():
    """The test install includes hatchway[fast]; without it the compiled tests would test numpy twice."""
    assert compiled_available()


WITHOUT_NUMBA = """
import json, sys
sys.modules["numba"] = None  # as if numba were not installed: any import of it fails
from hatchway.policy.engine import COMPILED_MIN_ROWS, columns_from_facts, compiled_available, evaluate_columns
from tests.policy.test_vector_backends import random_tsme, sample, tile

programme, _, facts = sample("tsme", random_tsme, size=50)
small = columns_from_facts(programme, facts)
reps = -(-COMPILED_MIN_ROWS // 50)
large = {name: tile(col, 50, reps) for name, col in small.items()}
result = evaluate_columns(programme, large, facts[0].as_of)  # auto: large enough for the compiled loop
expected = evaluate_columns(programme, small, facts[0].as_of, backend="numpy")
try:
    evaluate_columns(programme, small, facts[0].as_of, backend="compiled")
    refused = ""
except Exception as error:
    refused = str(error)
print(json.dumps({
    "available": compiled_available(),
    "backend": result.backend,
    "rows": result.size,
    "same": [result.record(50 * 7 + i) for i in range(50)] == [expected.record(i) for i in range(50)],
    "refused": refused,
}))
"""


def test_without_numba_the_engine_evaluates_on_the_numpy_path_and_says_so():
    completed = subprocess.run(
        [sys.executable, "-c", WITHOUT_NUMBA],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    outcome = json.loads(completed.stdout)
    assert outcome["available"] is False
    assert outcome["backend"] == "numpy"
    assert outcome["rows"] >= COMPILED_MIN_ROWS
    assert outcome["same"] is True
    assert "pip install 'hatchway[fast]'" in outcome["refused"]
