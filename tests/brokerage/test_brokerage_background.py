"""The schedule is computed by a background worker: queued, followed on the console, failures kept."""

from __future__ import annotations

import datetime as dt

import pytest

from hatchway.brokerage import actions
from hatchway.brokerage.actions import do_request_schedule, do_run_schedule
from hatchway.brokerage.models import BrokerageMeeting, ScheduleRun
from hatchway.brokerage.scheduler import optimise_schedule, parse_instance
from tests.brokerage.brokerage import agree, cancel_while_computing, join, make_brokerage
from tests.events.conftest import NOW, carrier_of

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def event(organiser, founder, talent, investor):
    """Three participants: the founder meets the talent and the investor."""
    event = make_brokerage(carrier_of(organiser), slots=2, tables=1)
    mine = join(event, founder)
    agree(mine, join(event, talent))
    agree(mine, join(event, investor))
    return event


def test_the_console_queues_the_run_and_follows_it_until_it_is_done(
    event, organiser, client_as, django_capture_on_commit_callbacks
):
    client = client_as(organiser)
    console = f"/events/{event.pk}/brokerage/console/"

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(f"/events/{event.pk}/brokerage/compute/")
    run = ScheduleRun.objects.get()
    waiting = client.get(console).content.decode()
    polled = client.get(f"/events/{event.pk}/brokerage/runs/{run.pk}/", headers={"HX-Request": "true"})

    assert response.status_code == 302
    assert (run.status, run.stage, run.computed_by) == ("queued", "queued", organiser)
    assert not BrokerageMeeting.objects.exists()  # nothing is computed inside the request
    assert 'data-run-status="queued"' in waiting
    assert f'hx-get="/events/{event.pk}/brokerage/runs/{run.pk}/"' in waiting
    assert 'data-action="compute" disabled' in waiting
    assert polled.status_code == 200
    assert "HX-Refresh" not in polled
    assert 'data-stage="queued"' in polled.content.decode()

    for callback in queued:  # the worker picks the task up (immediate backend)
        callback()
    done = client.get(f"/events/{event.pk}/brokerage/runs/{run.pk}/", headers={"HX-Request": "true"})
    page = client.get(console).content.decode()

    run.refresh_from_db()
    assert (run.status, run.stage, run.percent, run.participants, run.meetings) == ("done", "done", 100, 3, 2)
    assert run.started_at is not None
    assert run.finished_at is not None
    assert done["HX-Refresh"] == "true"  # the console reloads to show the meetings
    assert BrokerageMeeting.objects.filter(run=run).count() == 2
    assert "100.0 %" in page
    assert "hx-get" not in page.split('id="schedule-title"')[1].split("</section>")[0]


def test_a_second_run_is_refused_while_one_is_queued_but_not_after_its_worker_died(
    event, organiser, api_as, time_machine
):
    client = api_as(organiser)
    first = client.post(f"/events/{event.pk}/brokerage/schedule")

    again = client.post(f"/events/{event.pk}/brokerage/schedule", **{"Accept-Language": "en"})

    assert first.status_code == 202
    assert again.status_code == 409
    assert "being computed already" in again.json()["message"]

    time_machine.move_to(NOW + dt.timedelta(minutes=30), tick=False)
    later = client.post(f"/events/{event.pk}/brokerage/schedule", **{"Accept-Language": "en"})

    assert later.status_code == 202
    stale = ScheduleRun.objects.get(pk=first.json()["id"])
    assert stale.status == "failed"
    assert "stopped without finishing" in stale.failure


def test_a_failure_is_kept_on_the_run_and_shown_and_the_meetings_stay(
    event, organiser, client_as, monkeypatch
):
    done = do_run_schedule(do_request_schedule(event, now=NOW, enqueue=False), notify=False)
    before = list(BrokerageMeeting.objects.values_list("pk", "slot_id", "table"))

    def broken(*args, **kwargs):
        raise RuntimeError("the solver ran out of memory")

    monkeypatch.setattr(actions, "optimise_schedule", broken)
    failed = do_run_schedule(do_request_schedule(event, now=NOW, enqueue=False), notify=False)
    page = client_as(organiser).get(f"/events/{event.pk}/brokerage/console/").content.decode()

    assert done.status == "done"
    assert (failed.status, failed.failure) == ("failed", "RuntimeError: the solver ran out of memory")
    assert failed.finished_at is not None
    assert list(BrokerageMeeting.objects.values_list("pk", "slot_id", "table")) == before
    assert "RuntimeError: the solver ran out of memory" in page
    assert f'data-run="{done.pk}"' in page  # the last good schedule is still shown
    assert 'data-action="compute" disabled' not in page


def test_a_schedule_that_no_longer_fits_the_records_is_not_stored(event, monkeypatch):
    """Someone cancels their place while the worker computes: the result would give them meetings."""
    run = do_request_schedule(event, now=NOW, enqueue=False)
    cancel_while_computing(event, monkeypatch)
    run = do_run_schedule(run, notify=False)

    assert run.status == "failed"
    assert "changed while the schedule was computed" in run.failure
    assert not BrokerageMeeting.objects.exists()


def test_the_engine_reports_its_stages_in_order():
    instance = parse_instance(
        {
            "slots": [{"id": "s1", "start": "2026-03-12T09:00:00+08:00", "end": "2026-03-12T09:20:00+08:00"}],
            "tables": 1,
            "participants": [{"id": "a", "available": ["s1"]}, {"id": "b", "available": ["s1"]}],
            "requests": [{"from": "a", "to": "b", "priority": 3}],
        }
    )
    stages: list[str] = []

    schedule = optimise_schedule(instance, time_limit=5, progress=stages.append)

    assert len(schedule.meetings) == 1
    assert stages == ["bound", "pairs", "slots", "exact"]
