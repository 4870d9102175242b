"""Feedback on recommendations: dismissed or not relevant, stored once per person and pair."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from hatchway.errors import Forbidden, InvalidInput
from hatchway.listings.models import ListingKind
from hatchway.matching.actions import do_give_feedback
from hatchway.matching.models import Feedback
from tests.matching.listings import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(founder, investor):
    return make_listing(founder, ListingKind.FUNDING_ASK), make_listing(
        investor, ListingKind.INVESTMENT_THESIS
    )


def test_feedback_is_stored_and_giving_it_again_changes_the_verdict(founder, pair):
    ask, thesis = pair
    do_give_feedback(founder, ask, thesis, "dismissed")
    do_give_feedback(founder, ask, thesis, "not_relevant")

    assert list(Feedback.objects.values_list("source", "target", "user", "verdict")) == [
        (ask.pk, thesis.pk, founder.pk, "not_relevant")
    ]


def test_the_database_keeps_one_feedback_per_person_and_pair(founder, pair):
    ask, thesis = pair
    Feedback.objects.create(source=ask, target=thesis, user=founder, verdict="dismissed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Feedback.objects.create(source=ask, target=thesis, user=founder, verdict="not_relevant")


def test_only_the_owner_of_the_source_listing_gives_feedback_for_it(investor, pair):
    ask, thesis = pair
    with pytest.raises(Forbidden):
        do_give_feedback(investor, ask, thesis, "dismissed")


def test_an_unknown_verdict_is_refused(founder, pair):
    ask, thesis = pair
    with translation.override("en"), pytest.raises(InvalidInput, match="not a verdict"):
        do_give_feedback(founder, ask, thesis, "meh")


def test_the_feedback_buttons_post_through_htmx(client_as, founder, pair):
    ask, thesis = pair
    response = client_as(founder).post(
        "/matching/feedback/",
        {"source": ask.pk, "target": thesis.pk, "verdict": "not_relevant"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'data-feedback="not_relevant"' in response.content.decode()
    assert Feedback.objects.get().verdict == "not_relevant"


def test_someone_else_cannot_give_feedback_through_the_page(client_as, investor, pair):
    ask, thesis = pair
    response = client_as(investor).post(
        "/matching/feedback/", {"source": ask.pk, "target": thesis.pk, "verdict": "dismissed"}
    )
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_feedback_through_the_api(api_as, founder, pair):
    ask, thesis = pair
    response = api_as(founder).post(
        "/matching/feedback", {"source_id": ask.pk, "target_id": thesis.pk, "verdict": "dismissed"}
    )
    assert response.status_code == 201
    assert response.json()["verdict"] == "dismissed"
    assert Feedback.objects.get().user == founder
