"""The stored vector of each listing, from which every server builds its own index; feedback on recommendations."""

from __future__ import annotations

import secrets
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hatchway.listings.models import Listing


def _new_epoch() -> str:
    return secrets.token_hex(8)


class IndexState(models.Model):
    """One row: the generation of the stored vectors, raised by every change, and the epoch of the last
    rebuild. A server compares both with its own copy (one cheap query) to know whether to catch up.

    ``centring`` holds the (kind, language) means the last reindex fitted on the stored vectors, with when
    and on how many vectors (``hatchway.matching.index.CentringFit``; empty: the means shipped with the
    engine). It changes only together with the epoch, so a server that read an epoch's means keeps them.
    """

    generation = models.BigIntegerField(_("generation"), default=0)
    epoch = models.CharField(_("epoch"), max_length=32, default=_new_epoch)
    encoder = models.CharField(_("encoder"), max_length=64, blank=True)
    rebuilt_at = models.DateTimeField(_("rebuilt at"), null=True, blank=True)
    centring = models.JSONField(
        _("centring means"),
        default=dict,
        blank=True,
        help_text=_("Mean vector per kind and language of listing, fitted at the last reindex."),
    )

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index state")

    def __str__(self) -> str:
        return f"{self.epoch}/{self.generation}"


class ListingVectorQuerySet(models.QuerySet["ListingVector"]):
    def active(self) -> ListingVectorQuerySet:
        return self.filter(active=True)

    def changed_since(self, generation: int) -> ListingVectorQuerySet:
        return self.filter(generation__gt=generation).order_by("generation", "pk")


class ListingVector(models.Model):
    """A listing's text in one language (``zh`` or ``en``) encoded into a unit vector.

    Rows of closed, expired or deleted listings stay as inactive tombstones so that every server learns to
    remove them; the listing is referenced without a database constraint for that reason.
    """

    listing = models.ForeignKey(
        Listing,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("listing"),
    )
    kind = models.CharField(_("kind"), max_length=32, db_index=True)
    language = models.CharField(_("language"), max_length=8)
    encoder = models.CharField(_("encoder"), max_length=64)
    vector = models.BinaryField(_("vector"))
    text_hash = models.CharField(_("text fingerprint"), max_length=64)
    active = models.BooleanField(_("in the index"), default=True)
    generation = models.BigIntegerField(_("generation"), default=0, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[ListingVectorQuerySet] = ListingVectorQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("listing vector")
        verbose_name_plural = _("listing vectors")
        constraints = [
            models.UniqueConstraint(fields=["listing", "language"], name="listing_vector_once_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}:{self.language}"

    @property
    def key(self) -> str:
        """The id of this vector in an index: ``"<listing id>:<language>"``."""
        return f"{self.listing_id}:{self.language}"

    def as_array(self) -> npt.NDArray[np.float32]:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class FeedbackVerdict(models.TextChoices):
    DISMISSED = "dismissed", _("Dismissed")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


class Feedback(models.Model):
    """A person said a recommended listing does not fit one of theirs; the recommender demotes similar ones."""

    source = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="feedback_given", verbose_name=_("for listing")
    )
    target = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        related_name="feedback_received",
        verbose_name=_("recommended listing"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("given by")
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=FeedbackVerdict.choices)
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "user"], name="feedback_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} ✗ {self.target_id}: {self.verdict}"


__all__ = ["Feedback", "FeedbackVerdict", "IndexState", "ListingVector"]
