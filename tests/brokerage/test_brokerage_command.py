"""``hatchway brokerage schedule``: the command-line contract of issue 7."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hatchway.brokerage.scheduler import check_schedule, parse_instance

from .test_scheduler_validation import VALID


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Messages are compared with the English source text (the catalogue translates them for zh users)."""
    with translation.override("en"):
        yield


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_it_writes_a_schedule_in_the_contracted_shape(tmp_path, capsys):
    source = write(tmp_path / "instance.json", VALID)
    target = tmp_path / "schedule.json"

    call_command(
        "brokerage", "schedule", "--input", str(source), "--output", str(target), "--time-limit", "5"
    )

    written = json.loads(target.read_text(encoding="utf-8"))
    assert set(written) == {"meetings", "value", "upper_bound", "participants_without_meeting"}
    assert written["meetings"] == [
        {"a": "ana", "b": "bo", "slot": "s1", "mode": "onsite", "table": 1},
        {"a": "cy", "b": "dee", "slot": "s2", "mode": "online", "table": None},
    ]
    assert (written["value"], written["upper_bound"]) == (4, 4)
    assert written["participants_without_meeting"] == []
    assert "2 meetings worth 4 of at most 4" in capsys.readouterr().out


def test_the_written_schedule_passes_the_independent_check(tmp_path):
    data = json.loads(json.dumps(VALID))
    data["requests"] += [
        {"from": "dee", "to": "bo", "priority": 2},
        {"from": "bo", "to": "dee", "priority": 2},
    ]
    source = write(tmp_path / "instance.json", data)
    target = tmp_path / "schedule.json"

    call_command("brokerage", "schedule", "--input", str(source), "--output", str(target))

    from hatchway.brokerage.scheduler import Meeting, Schedule

    written = json.loads(target.read_text(encoding="utf-8"))
    schedule = Schedule(
        tuple(Meeting(**m) for m in written["meetings"]),
        written["value"],
        written["upper_bound"],
        tuple(written["participants_without_meeting"]),
    )
    assert check_schedule(parse_instance(data), schedule) == []
    assert written["value"] == 3 + 6 + 1


def test_it_rejects_an_invalid_instance_with_located_messages_and_writes_nothing(tmp_path):
    data = json.loads(json.dumps(VALID))
    data["participants"][3]["available"] = ["s1", "s99"]
    data["slots"][2]["end"] = "2026-05-04T09:00:00+02:00"
    source = write(tmp_path / "instance.json", data)
    target = tmp_path / "schedule.json"

    with pytest.raises(CommandError) as caught:
        call_command("brokerage", "schedule", "--input", str(source), "--output", str(target))

    assert 'participants[3].available[1]: unknown slot "s99"' in str(caught.value)
    assert "slots[2]: ends before it starts" in str(caught.value)
    assert not target.exists()


def test_it_says_where_a_file_is_not_json(tmp_path):
    source = tmp_path / "instance.json"
    source.write_text('{"slots": [}', encoding="utf-8")

    with pytest.raises(CommandError, match=r"instance\.json: not JSON \(Expecting value: line 1 column 12"):
        call_command("brokerage", "schedule", "--input", str(source), "--output", str(tmp_path / "out.json"))


def test_it_runs_as_a_program_and_exits_non_zero_on_an_invalid_instance(tmp_path):
    data = json.loads(json.dumps(VALID))
    data["requests"][0]["to"] = "zoe"
    source = write(tmp_path / "instance.json", data)

    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "hatchway",
            "brokerage",
            "schedule",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "s.json"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1"},
        check=False,
        timeout=120,
    )

    assert finished.returncode != 0
    assert 'requests[0].to: unknown participant "zoe"' in finished.stderr
    assert not (tmp_path / "s.json").exists()


def test_it_refuses_a_time_limit_that_is_not_positive(tmp_path):
    source = write(tmp_path / "instance.json", VALID)

    with pytest.raises(CommandError, match="--time-limit: give a number of seconds above 0"):
        call_command(
            "brokerage",
            "schedule",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "s.json"),
            "--time-limit",
            "0",
        )


def test_it_can_write_the_greedy_baseline_instead(tmp_path):
    source = write(tmp_path / "instance.json", VALID)
    target = tmp_path / "schedule.json"

    call_command("brokerage", "schedule", "--input", str(source), "--output", str(target), "--greedy")

    assert json.loads(target.read_text(encoding="utf-8"))["value"] == 4
