"""Expressing interest: who may, what the other side is told and in which language, and anonymity."""

from __future__ import annotations

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Role
from hatchway.errors import Conflict, Forbidden, InvalidInput, NotFound
from hatchway.listings.access import viewer_of
from hatchway.listings.actions import do_close_listing
from hatchway.listings.models import ListingKind, ListingReveal, Visibility
from hatchway.notices.models import Notice
from hatchway.pipeline.actions import do_express_interest, do_withdraw_interest
from hatchway.pipeline.models import Interest, Match
from tests.conftest import make_user
from tests.matching.listings import NOW, make_listing, organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ask(founder):
    return make_listing(founder, ListingKind.FUNDING_ASK)


@pytest.fixture
def thesis(investor):
    return make_listing(investor, ListingKind.INVESTMENT_THESIS)


def test_an_investor_expresses_interest_with_a_thesis_and_the_founder_is_told_in_english(
    investor, founder, ask, thesis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interest = do_express_interest(investor, ask, source=thesis, message="Shall we meet in Berlin?")

    assert interest.organisation == organisation_of(investor)
    assert interest.match is None
    notice = Notice.objects.get(recipient=founder)
    assert notice.kind == "matching.interest"
    assert notice.subject_en == "New interest in your listing “Series A for solid-state batteries”"
    assert "固态电池A轮融资" in notice.subject_zh
    assert "Shall we meet in Berlin?" in notice.body_en
    assert organisation_of(investor).name_en in notice.body_en
    assert [message.subject for message in mail.outbox] == [notice.subject_en]
    assert mail.outbox[0].to == ["founder@example.de"]


def test_a_chinese_member_is_told_in_chinese(
    investor, founder, ask, thesis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        do_express_interest(founder, thesis, source=ask)

    notice = Notice.objects.get(recipient=investor)
    assert mail.outbox[0].subject == notice.subject_zh
    assert "新能源早期投资" in mail.outbox[0].subject
    assert "Early-stage" not in mail.outbox[0].subject
    assert "固态电池A轮融资" in mail.outbox[0].body
    assert "Series A" not in mail.outbox[0].body
    with translation.override("zh-hans"):
        assert notice.body == notice.body_zh


def test_every_member_of_the_listing_owner_is_told(investor, founder, ask, thesis):
    colleague = make_user("colleague@example.de", language="en")
    do_grant_role(colleague, Role.ENTERPRISE_MEMBER, organisation_of(founder))

    do_express_interest(investor, ask, source=thesis)

    assert set(Notice.objects.values_list("recipient__email", flat=True)) == {
        "founder@example.de",
        "colleague@example.de",
    }


def test_only_a_member_of_the_source_listing_owner_may_use_it(investor, incubator, ask, thesis):
    with pytest.raises(Forbidden):
        do_express_interest(incubator, ask, source=thesis)
    assert not Interest.objects.exists()


def test_a_listing_past_its_expiry_date_takes_no_more_interest(investor, ask, thesis):
    with (
        translation.override("en"),
        time_machine.travel(ask.expires_at, tick=False),
        pytest.raises(Conflict, match="no longer open"),
    ):
        do_express_interest(investor, ask, source=thesis)


def test_a_closed_listing_is_no_longer_found(investor, ask, thesis):
    do_close_listing(ask)
    with pytest.raises(NotFound):
        do_express_interest(investor, ask, source=thesis)


def test_a_draft_of_someone_else_is_not_found(investor, founder, thesis):
    draft = make_listing(founder, ListingKind.FUNDING_ASK, publish=False)
    with pytest.raises(NotFound):
        do_express_interest(investor, draft, source=thesis)


def test_the_source_must_be_on_the_other_side_of_the_flow(incubator, founder, ask):
    need = make_listing(incubator, ListingKind.TECHNOLOGY_NEED)
    own_offer = make_listing(founder, ListingKind.TECHNOLOGY_OFFER)
    with translation.override("en"), pytest.raises(InvalidInput, match="does not go with"):
        do_express_interest(founder, need, source=ask)
    with translation.override("en"), pytest.raises(InvalidInput, match="your own listing"):
        do_express_interest(founder, own_offer)
    assert not Interest.objects.exists()


def test_interest_twice_is_a_conflict_until_withdrawn(investor, ask, thesis):
    first = do_express_interest(investor, ask, source=thesis)
    with pytest.raises(Conflict):
        do_express_interest(investor, ask, source=thesis)

    do_withdraw_interest(first, investor)
    again = do_express_interest(investor, ask, source=thesis)

    assert Interest.objects.count() == 2
    assert again.pk != first.pk


def test_a_talent_expresses_interest_in_person(talent, incubator):
    position = make_listing(incubator, ListingKind.POSITION)
    interest = do_express_interest(talent, position, message="I design inverters.")
    assert interest.user == talent
    assert interest.organisation is None


def test_mutual_interest_makes_one_match_and_tells_both_sides(investor, founder, ask, thesis):
    do_express_interest(investor, ask, source=thesis)

    reply = do_express_interest(founder, thesis, source=ask)

    match = Match.objects.get()
    assert reply.match == match
    assert Interest.objects.filter(match=match).count() == 2
    assert (match.source, match.target, match.stage) == (thesis, ask, "interested")
    assert set(Notice.objects.filter(kind="matching.match").values_list("recipient__email", flat=True)) == {
        "founder@example.de",
        "investor@example.org",
    }
    assert not Notice.objects.filter(kind="matching.interest", recipient=investor).exists()


def test_an_anonymous_listing_shows_its_owner_only_after_mutual_interest(investor, founder, thesis):
    secret_ask = make_listing(founder, ListingKind.FUNDING_ASK, visibility=Visibility.ANONYMOUS)
    enterprise = organisation_of(founder)

    do_express_interest(founder, thesis, source=secret_ask)

    notice = Notice.objects.get(recipient=investor)
    assert enterprise.name_en not in notice.body_en
    assert enterprise.name_zh not in notice.body_zh
    assert "The owner of an anonymous listing" in notice.body_en
    assert not viewer_of(investor).sees_owner(secret_ask)
    assert not ListingReveal.objects.exists()

    do_express_interest(investor, secret_ask, source=thesis)

    assert viewer_of(investor).sees_owner(secret_ask)
    assert ListingReveal.objects.get().organisation == organisation_of(investor)


def test_the_interest_form_posts_through_the_page_and_answers_with_the_fragment(
    client_as, investor, founder, ask, thesis
):
    response = client_as(investor).post(
        "/matching/interests/",
        {"target": ask.pk, "source": thesis.pk, "message": "Hello"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    interest = Interest.objects.get()
    assert f'data-interest="{interest.pk}"' in response.content.decode()
    assert interest.message == "Hello"


def test_the_interest_form_shows_the_reason_it_was_refused(client_as, investor, ask, thesis):
    client = client_as(investor)
    client.post("/matching/interests/", {"target": ask.pk, "source": thesis.pk})
    response = client.post(
        "/matching/interests/", {"target": ask.pk, "source": thesis.pk}, headers={"HX-Request": "true"}
    )
    assert 'role="alert"' in response.content.decode()
    assert Interest.objects.count() == 1


def test_my_matches_page_lists_incoming_interest_and_hides_an_anonymous_sender(
    client_as, investor, founder, thesis
):
    secret_ask = make_listing(founder, ListingKind.FUNDING_ASK, visibility=Visibility.ANONYMOUS)
    do_express_interest(founder, thesis, source=secret_ask, message="Fast-growing")

    page = client_as(investor).get("/matching/mine/").content.decode()

    assert "Fast-growing" in page
    assert organisation_of(founder).name_zh not in page
    assert "匿名" in page or "anonymous" in page.lower()


def test_a_person_without_a_role_cannot_express_interest(client_as, stranger, ask):
    response = client_as(stranger).post("/matching/interests/", {"target": ask.pk})
    assert response.status_code == 302
    assert not Interest.objects.exists()
    with pytest.raises(Forbidden):
        do_express_interest(stranger, ask)


def test_a_member_of_one_organisation_speaks_for_it_without_a_listing(investor, ask):
    interest = do_express_interest(investor, ask)
    assert interest.organisation == organisation_of(investor)
    assert interest.source is None
