"""Demo interests and matches at every stage, between the demo listings; deterministic and idempotent.

Interests and matches are written directly (a demo sends no notices); stages after the first go through
``do_move_match`` as the demo operator, so a won match records its flow the way a real one does.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Role
from hatchway.errors import HatchwayError
from hatchway.listings.models import Listing, ListingKind, ListingStatus, Visibility
from hatchway.pipeline.actions import do_move_match
from hatchway.pipeline.models import (
    COUNTERPART_KIND,
    KIND_PIPELINE,
    PIPELINES,
    Interest,
    Match,
    MatchStage,
    MatchStageChange,
)

# (kind of the interested side, how many pairs, the stage each pair reaches; None: interest only)
PLAN: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (
        ListingKind.INVESTMENT_THESIS,
        (None, MatchStage.MEETING, MatchStage.DUE_DILIGENCE, MatchStage.INVESTED),
    ),
    (ListingKind.TECHNOLOGY_NEED, (None, MatchStage.TRIAL, MatchStage.LICENSED)),
    (ListingKind.POSITION, (MatchStage.INTERVIEW, MatchStage.OFFER, MatchStage.LOST)),
    (ListingKind.LANDING_OFFER, (None, MatchStage.VISIT, MatchStage.LANDED)),
)
MESSAGES: dict[str, str] = {
    ListingKind.INVESTMENT_THESIS: (
        "Your round fits our thesis. Could we have a call next week? / 贵司本轮融资与我们的方向契合，下周能否通话？"
    ),
    ListingKind.TECHNOLOGY_NEED: "We would like to evaluate your process on our line. / 我们希望在产线上评估贵方工艺。",
    ListingKind.POSITION: "Your profile fits our team. / 您的背景与我们团队很契合。",
    ListingKind.LANDING_OFFER: "We can host your team in our incubator. / 我们可以在孵化器接待贵团队。",
}


def _candidates(kind: str) -> list[Listing]:
    return list(
        Listing.objects.filter(kind=kind, reference__startswith="demo-", status=ListingStatus.PUBLISHED)
        .exclude(visibility=Visibility.ANONYMOUS)
        .select_related("owner_organisation", "owner_user")
        .order_by("reference")[:12]
    )


def _stand_in(listing: Listing, operator: User) -> User:
    """A person of the listing's side to record as having acted; the operator when the side has none."""
    if listing.owner_user is not None:
        return listing.owner_user
    member = Membership.objects.filter(organisation=listing.owner_organisation).order_by("pk").first()
    return member.user if member is not None else operator


def _party(listing: Listing) -> dict[str, object]:
    if listing.owner_organisation_id is not None:
        return {"organisation_id": listing.owner_organisation_id, "user": None}
    return {"organisation": None, "user_id": listing.owner_user_id}


def _pairs(kind: str, count: int) -> list[tuple[Listing, Listing]]:
    sources, targets = _candidates(kind), _candidates(COUNTERPART_KIND[kind])
    pairs: list[tuple[Listing, Listing]] = []
    used: set[int] = set()
    for source in sources:
        for target in targets:
            if len(pairs) == count:
                return pairs
            same_owner = (
                source.owner_organisation_id is not None
                and source.owner_organisation_id == target.owner_organisation_id
            ) or (source.owner_user_id is not None and source.owner_user_id == target.owner_user_id)
            if target.pk in used or same_owner:
                continue
            pairs.append((source, target))
            used.add(target.pk)
            break
    return pairs


def build_demo_matches(*, now: dt.datetime | None = None) -> int:
    """Add the demo interests and matches that are missing; return how many interests were added."""
    now = now or timezone.now()
    operator = User.objects.filter(memberships__role=Role.OPERATOR, is_active=True).order_by("pk").first()
    if operator is None:
        return 0
    added = 0
    for kind, stages in PLAN:
        for index, ((source, target), stage) in enumerate(
            zip(_pairs(kind, len(stages)), stages, strict=False)
        ):
            if Interest.objects.filter(source=source, target=target).exists():
                continue
            with transaction.atomic():
                added += _build_pair(source, target, stage, operator, now - dt.timedelta(days=30 - index * 3))
    return added


def _build_pair(
    source: Listing, target: Listing, stage: str | None, operator: User, when: dt.datetime
) -> int:
    actor = _stand_in(source, operator)
    interest = Interest.objects.create(
        source=source,
        target=target,
        message=MESSAGES[source.kind],
        created_by=actor,
        created_at=when,
        **_party(source),
    )
    if stage is None:
        return 1
    answerer = _stand_in(target, operator)
    answered = when + dt.timedelta(days=2)
    match = Match.objects.create(
        source=source,
        target=target,
        pipeline=KIND_PIPELINE[target.kind],
        created_by=answerer,
        created_at=answered,
        updated_at=answered,
        **_party(source),
    )
    Interest.objects.create(
        source=target,
        target=source,
        created_by=answerer,
        created_at=answered,
        in_reply_to=interest,
        match=match,
        **_party(target),
    )
    Interest.objects.filter(pk=interest.pk).update(match=match)
    MatchStageChange.objects.create(
        match=match, to_stage=MatchStage.INTERESTED, changed_by=answerer, changed_at=answered
    )
    spec = PIPELINES[match.pipeline]
    path = list(spec.stages[1:]) if stage != MatchStage.LOST else [spec.stages[1], MatchStage.LOST]
    moved_at = answered
    for step in path[: path.index(stage) + 1]:
        moved_at += dt.timedelta(days=3)
        deal: dict[str, object] = {}
        if step == spec.won:
            amount = target.amount_min or source.amount_min or 10_000_000_00
            deal = {"value_minor": amount, "currency": "CNY", "evidence_number": f"DEMO-{match.pk}"}
        try:
            match = do_move_match(match, operator, step, now=moved_at, occurred_on=moved_at.date(), **deal)  # type: ignore[arg-type]
        except HatchwayError:
            break  # e.g. a rate missing for the deal's currency: the demo match stays where it got
    return 2
