"""Status changes as actions: draft → published → closed or expired, renewal, reminders before expiry."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Role
from hatchway.errors import Conflict
from hatchway.listings.actions import (
    REMINDER_DAYS,
    VALIDITY,
    do_close_listing,
    do_delete_listing,
    do_expire_listings,
    do_publish_listing,
    do_renew_listing,
    do_send_renewal_reminders,
)
from hatchway.listings.models import Listing, ListingKind, ListingStatus
from tests.conftest import make_user
from tests.listings.conftest import NOW, make_listing, organisation_of

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def expiry(listing: Listing) -> datetime.datetime:
    assert listing.expires_at is not None
    return listing.expires_at


def test_publishing_a_draft_opens_it_for_the_validity_period(founder):
    listing = make_listing(founder, publish=False)
    listing = do_publish_listing(listing, now=NOW)
    stored = Listing.objects.get(pk=listing.pk)
    assert stored.status == ListingStatus.PUBLISHED
    assert (stored.published_at, stored.expires_at) == (NOW, NOW + VALIDITY)


def test_a_later_expiry_date_chosen_by_the_owner_is_kept(founder):
    listing = make_listing(founder, publish=False, expires_at=NOW + 200 * DAY)
    assert do_publish_listing(listing, now=NOW).expires_at == NOW + 200 * DAY


@pytest.mark.parametrize(
    ("action", "status"),
    [
        (do_publish_listing, ListingStatus.PUBLISHED),
        (do_publish_listing, ListingStatus.CLOSED),
        (do_renew_listing, ListingStatus.DRAFT),
        (do_renew_listing, ListingStatus.CLOSED),
        (do_close_listing, ListingStatus.CLOSED),
    ],
)
def test_a_transition_that_is_not_allowed_is_a_conflict_and_changes_nothing(founder, action, status):
    listing = make_listing(founder, publish=False)
    Listing.objects.filter(pk=listing.pk).update(status=status)
    with pytest.raises(Conflict):
        action(listing, now=NOW)
    assert Listing.objects.get(pk=listing.pk).status == status


def test_closing_records_when(founder):
    listing = do_close_listing(make_listing(founder), now=NOW + DAY)
    assert (listing.status, listing.closed_at) == (ListingStatus.CLOSED, NOW + DAY)


def test_listings_past_their_expiry_date_expire_and_others_stay(founder):
    old = make_listing(founder, now=NOW - VALIDITY)
    fresh = make_listing(founder, now=NOW)
    draft = make_listing(founder, publish=False, expires_at=NOW - DAY)
    assert do_expire_listings(NOW) == 1
    statuses = dict(Listing.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: ListingStatus.EXPIRED,
        fresh.pk: ListingStatus.PUBLISHED,
        draft.pk: ListingStatus.DRAFT,
    }
    assert list(Listing.objects.open(NOW)) == [fresh]


def test_renewing_an_expired_listing_reopens_it_from_now(founder):
    listing = make_listing(founder, now=NOW - VALIDITY)
    do_expire_listings(NOW)
    renewed = do_renew_listing(listing, now=NOW + DAY)
    assert (renewed.status, renewed.expires_at) == (ListingStatus.PUBLISHED, NOW + DAY + VALIDITY)


def test_only_a_draft_is_deleted(founder):
    draft = make_listing(founder, publish=False)
    published = make_listing(founder)
    do_delete_listing(draft)
    with pytest.raises(Conflict):
        do_delete_listing(published)
    assert list(Listing.objects.all()) == [published]


def test_renewal_reminders_go_to_every_member_in_their_own_language_once(founder):
    organisation = organisation_of(founder)
    colleague = make_user("li@example.cn", language="zh-hans", full_name="李雷")
    do_grant_role(colleague, Role.ENTERPRISE_MEMBER, organisation)
    listing = make_listing(founder, title_en="Seed round for sensors", title_zh="传感器种子轮")
    due = expiry(listing) - (REMINDER_DAYS - 1) * DAY
    assert do_send_renewal_reminders(expiry(listing) - (REMINDER_DAYS + 1) * DAY) == 0
    assert do_send_renewal_reminders(due) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    english, chinese = by_address[founder.email], by_address["li@example.cn"]
    assert "Seed round for sensors" in english.subject
    assert "Hatchway, the cross-border incubation platform" in english.body
    assert "传感器种子轮" in chinese.subject
    assert "Hatchway 跨境孵化协同服务平台" in chinese.body
    assert f"/listings/{listing.pk}/" in english.body
    # The date is written in each recipient's time zone (Berlin vs Shanghai).
    assert "2026-05-31 11:00" in english.body
    assert "2026-05-31 17:00" in chinese.body
    assert do_send_renewal_reminders(due + DAY) == 0
    assert len(mail.outbox) == 2


def test_a_renewed_listing_is_reminded_again_before_its_new_expiry(talent):
    listing = make_listing(talent, ListingKind.TALENT_PROFILE)
    assert do_send_renewal_reminders(expiry(listing) - DAY) == 1
    renewed = do_renew_listing(listing, now=expiry(listing) - DAY)
    assert do_send_renewal_reminders(expiry(renewed) - DAY) == 1
    assert [message.to for message in mail.outbox] == [[talent.email], [talent.email]]


def test_closed_listings_get_no_reminder(founder):
    listing = do_close_listing(make_listing(founder), now=NOW)
    assert do_send_renewal_reminders(expiry(listing) - DAY) == 0


def test_the_daily_command_expires_and_reminds_and_can_run_twice(founder, talent):
    old = make_listing(founder, now=NOW - VALIDITY)
    soon = make_listing(talent, ListingKind.TALENT_PROFILE, now=NOW - VALIDITY + 5 * DAY)
    output = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("listings_daily", stdout=output)
        call_command("listings_daily", stdout=output)
    assert output.getvalue().splitlines() == [
        "1 listing(s) expired, 1 renewal reminder(s) sent.",
        "0 listing(s) expired, 0 renewal reminder(s) sent.",
    ]
    assert Listing.objects.get(pk=old.pk).status == ListingStatus.EXPIRED
    assert Listing.objects.get(pk=soon.pk).status == ListingStatus.PUBLISHED
    assert [message.to for message in mail.outbox] == [[talent.email]]
