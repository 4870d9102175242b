"""``hatchway policy evaluate`` and ``hatchway policy growth``: the operators' command-line contract."""

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.policy.records import hnte_record, tsme_record


def run(*args):
    out = StringIO()
    call_command("policy", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, records):
    path = tmp_path / "enterprises.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_evaluate_prints_one_json_object_per_record(tmp_path):
    near_miss = hnte_record(
        id="near-miss", innovation_subscores={"ip": 22, "conversion": 24, "rd_management": 14, "growth": 10}
    )
    unknown = hnte_record(id="unknown", major_incident_dates=None)
    path = write(tmp_path, [hnte_record(id="ok"), near_miss, unknown])
    results = json.loads(run("evaluate", "--programme", "hnte", "--input", path, "--format", "json"))
    assert [r["id"] for r in results] == ["ok", "near-miss", "unknown"]
    assert [r["eligible"] for r in results] == [True, False, None]
    assert results[1]["failing"] == ["hnte.innovation_score"]
    assert results[1]["hints"] == {"hnte.innovation_score": {"additional_points": 1}}
    assert results[2]["unknown"] == ["hnte.no_major_incident"]
    derived = results[0]["derived"]
    assert derived["rd_ratio"] == "0.06"
    assert derived["rd_threshold"] == "0.05"
    assert derived["tech_staff_ratio"] == "0.2"
    assert derived["innovation_total"] == 73
    assert derived["days_registered"] == 2635
    assert derived["fiscal_years_used"] == 3
    assert len(results[0]["trace"]) == 10


def test_evaluate_tsme_reports_route_and_scores(tmp_path):
    direct = tsme_record(
        id="direct",
        direct_track={
            "hnte_certificate_valid_until": "2027-01-01",
            "national_st_awards": [],
            "led_standard_years": [],
            "provincial_or_higher_rd_institution": False,
        },
    )
    direct["last_fiscal_year"]["tech_staff_avg"] = 0
    path = write(tmp_path, [tsme_record(id="score"), direct])
    results = json.loads(run("evaluate", "--programme", "tsme", "--input", path, "--format", "json"))
    assert [r["route"] for r in results] == ["score", "direct"]
    assert results[0]["scores"] == {
        "tech_staff": 12,
        "rd_by_sales": 40,
        "rd_by_cost": 0,
        "rd": 40,
        "ip": 12,
        "total": 64,
    }
    assert results[1]["scores"]["tech_staff"] == 0


def test_bad_records_are_reported_with_their_field_path_and_the_rest_evaluated(tmp_path):
    wrong_type = hnte_record(id="wrong-type")
    wrong_type["fiscal_years"][2]["sales_revenue_cny"] = "12,5万"
    impossible = hnte_record(id="impossible", application_date="2025-02-30")
    path = write(tmp_path, [wrong_type, hnte_record(id="fine"), impossible])
    results = json.loads(run("evaluate", "--programme", "hnte", "--input", path, "--format", "json"))
    assert results[0]["eligible"] is None
    assert results[0]["errors"][0]["path"] == "fiscal_years[2].sales_revenue_cny"
    assert "Write a whole number of yuan" in results[0]["errors"][0]["message"]
    assert results[1]["eligible"] is True
    assert results[2]["errors"][0]["path"] == "application_date"


def test_the_text_format_gives_one_line_per_record(tmp_path):
    path = write(tmp_path, [hnte_record(id="ok"), hnte_record(id="unknown", major_incident_dates=None)])
    lines = run("evaluate", "--programme", "hnte", "--input", path).splitlines()
    assert lines == ["ok: eligible", "unknown: more information needed; missing major_incident_dates"]


def test_it_refuses_an_input_that_is_not_an_array(tmp_path):
    path = tmp_path / "one.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON array"):
        run("evaluate", "--programme", "hnte", "--input", str(path))


def test_it_refuses_an_unknown_programme(tmp_path):
    with pytest.raises(CommandError, match="Unknown programme 'abc'"):
        run("evaluate", "--programme", "abc", "--input", write(tmp_path, []))


def test_growth_prints_rate_band_and_score_range():
    assert json.loads(run("growth", "--values", "100", "150", "180", "--format", "json")) == {
        "rate": "0.35",
        "band": "A",
        "score_range": [9, 10],
    }
    assert json.loads(run("growth", "--values", "100", "0", "50", "--format", "json")) == {
        "rate": None,
        "band": "F",
        "score_range": [0, 0],
    }


def test_growth_refuses_a_value_that_is_not_a_number():
    with pytest.raises(CommandError, match="number of yuan"):
        run("growth", "--values", "12,5万")


def test_the_console_script_runs_the_command(tmp_path):
    env = {**os.environ, "DEBUG": "1"}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "hatchway",
            "policy",
            "growth",
            "--values",
            "0",
            "100",
            "120",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert json.loads(completed.stdout) == {"rate": "0.2", "band": "C", "score_range": [5, 6]}


def test_backend_names_the_compiled_loop_and_where_its_loops_are_kept(settings, tmp_path):
    settings.HATCHWAY_KERNEL_CACHE = tmp_path / "kernels"
    with translation.override("en"):
        out = run("backend")
    assert "the compiled loop (numba " in out
    assert "200,000 rows or more" in out
    assert f"Compiled loops are kept in {tmp_path / 'kernels'} (HATCHWAY_KERNEL_CACHE)." in out


def test_without_numba_backend_says_numpy_and_how_to_install_the_compiled_loop_in_chinese():
    script = (
        "import sys; sys.modules['numba'] = None; sys.argv = ['hatchway', 'policy', 'backend']; "
        "from hatchway.__main__ import main; main()"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        timeout=120,
    )
    assert completed.stdout.splitlines() == [
        "政策引擎：所有批次都由 numpy 计算；未安装编译循环。",
        "一次计算 200,000 行及以上时，编译循环快数倍。安装方法：pip install 'hatchway[fast]'",
    ]
