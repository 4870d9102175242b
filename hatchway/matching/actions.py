"""Verbs of matching: give feedback on a recommendation, which the recommender reads back when it ranks."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.errors import Forbidden, InvalidInput, NotFound
from hatchway.listings.access import viewer_of
from hatchway.listings.models import Listing
from hatchway.matching.models import Feedback, FeedbackVerdict


@transaction.atomic
def do_give_feedback(
    actor: User, source: Listing, target: Listing, verdict: str, *, now: dt.datetime | None = None
) -> Feedback:
    """Record that a recommended listing does not fit one of the person's own; giving it again updates it."""
    if verdict not in FeedbackVerdict.values:
        raise InvalidInput.at(
            "verdict",
            _("“%(value)s” is not a verdict. Write one of: %(choices)s.")
            % {"value": verdict, "choices": ", ".join(FeedbackVerdict.values)},
        )
    viewer = viewer_of(actor)
    if not viewer.owns(source):
        raise Forbidden(_("You may give feedback only on recommendations for your own listings."))
    if not viewer.can_read(target):
        raise NotFound(_("There is no listing with this identifier you may see. Check target_id."))
    if source.pk == target.pk:
        raise InvalidInput.at("target_id", _("A listing is not recommended to itself."))
    feedback, _created = Feedback.objects.update_or_create(
        source=source,
        target=target,
        user=actor,
        defaults={"verdict": verdict, "created_at": now or timezone.now()},
    )
    return feedback
