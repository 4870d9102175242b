"""The pipeline left matching without moving a row: a populated database migrates across the split."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hatchway.listings.models import ListingKind
from hatchway.matching.models import Feedback
from hatchway.pipeline.models import Interest, Match, MatchStageChange
from tests.matching.listings import make_listing, organisation_of

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("matching", "0002_indexstate_centring")]
AFTER = [("matching", "0003_pipeline_moves_out"), ("pipeline", "0001_initial")]
WHEN = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


@pytest.fixture
def before_the_split() -> Iterator[MigrationExecutor]:
    """The database as the code before the split left it; put back to the latest state afterwards."""
    executor = _migrate(BEFORE)
    try:
        yield executor
    finally:
        _migrate(AFTER)


def test_interests_matches_their_history_and_feedback_survive_the_split(founder, investor, before_the_split):
    ask = make_listing(founder, ListingKind.FUNDING_ASK)
    thesis = make_listing(investor, ListingKind.INVESTMENT_THESIS)
    old = before_the_split.loader.project_state(BEFORE).apps
    OldInterest = old.get_model("matching", "Interest")
    OldMatch = old.get_model("matching", "Match")
    OldChange = old.get_model("matching", "MatchStageChange")
    OldFeedback = old.get_model("matching", "Feedback")
    content_type = ContentType.objects.get(app_label="matching", model="match")

    match = OldMatch.objects.create(
        source_id=thesis.pk,
        target_id=ask.pk,
        organisation_id=organisation_of(investor).pk,
        pipeline="capital",
        stage="meeting",
        created_by_id=investor.pk,
        created_at=WHEN,
        updated_at=WHEN,
    )
    first = OldInterest.objects.create(
        source_id=thesis.pk,
        target_id=ask.pk,
        organisation_id=organisation_of(investor).pk,
        message="Your round fits our thesis.",
        created_by_id=investor.pk,
        created_at=WHEN,
        match=match,
    )
    OldInterest.objects.create(
        source_id=ask.pk,
        target_id=thesis.pk,
        organisation_id=organisation_of(founder).pk,
        created_by_id=founder.pk,
        created_at=WHEN,
        match=match,
        in_reply_to=first,
    )
    OldChange.objects.create(match=match, from_stage="", to_stage="interested", changed_at=WHEN)
    OldChange.objects.create(
        match=match, from_stage="interested", to_stage="meeting", changed_at=WHEN, note="Call on Monday"
    )
    OldFeedback.objects.create(source_id=ask.pk, target_id=thesis.pk, user_id=founder.pk, verdict="dismissed")

    _migrate(AFTER)

    moved = Match.objects.get(pk=match.pk)
    assert (moved.source, moved.target, moved.stage, moved.is_open) == (thesis, ask, "meeting", True)
    assert list(moved.history.values_list("to_stage", "note")) == [
        ("interested", ""),
        ("meeting", "Call on Monday"),
    ]
    assert MatchStageChange.objects.count() == 2
    reply = Interest.objects.get(in_reply_to__pk=first.pk)
    assert (reply.source, reply.target, reply.match) == (ask, thesis, moved)
    assert set(moved.interests.values_list("pk", flat=True)) == {first.pk, reply.pk}
    assert list(Feedback.objects.values_list("source", "target", "user", "verdict")) == [
        (ask.pk, thesis.pk, founder.pk, "dismissed")
    ]
    # The same content type, relabelled: permissions and admin history still point at it.
    assert ContentType.objects.get_for_model(Match) == content_type
    assert ContentType.objects.get(pk=content_type.pk).app_label == "pipeline"
