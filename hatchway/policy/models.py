"""Proactive eligibility (免申即享): runs of a programme over every enterprise, and the determinations they store.

A run pins the rule file (version and SHA-256 of its bytes) and the date whose figures and parameters count;
each determination keeps the exact input it was computed from, so the decision can be explained and recomputed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models import Organisation

# A running run whose worker has not reported for this long is taken as dead and may be started again.
STALE_AFTER = datetime.timedelta(minutes=10)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PolicyRunQuerySet(models.QuerySet["PolicyRun"]):
    def approved(self) -> PolicyRunQuerySet:
        return self.filter(approved_at__isnull=False)

    def of_programme(self, programme_id: str) -> PolicyRunQuerySet:
        return self.filter(programme=programme_id)


class PolicyRun(models.Model):
    """One evaluation of a programme over every enterprise, as of a date."""

    programme = models.CharField(_("programme"), max_length=64, db_index=True)
    rules_version = models.CharField(_("rule-file version"), max_length=32)
    rules_sha256 = models.CharField(_("rule-file SHA-256"), max_length=64)
    as_of = models.DateField(_("as of"))
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    error = models.TextField(_("error"), blank=True)
    progress_done = models.PositiveIntegerField(_("enterprises evaluated"), default=0)
    progress_total = models.PositiveIntegerField(_("enterprises to evaluate"), default=0)
    # The rule file's criteria (labels, articles, formulas) as they were, so traces stay readable later.
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last progress at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = PolicyRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility run")
        verbose_name_plural = _("eligibility runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "as_of", "rules_sha256"], name="policy_run_unique_programme_date_rules"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.as_of.isoformat()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    def counts(self) -> dict[str, int]:
        """Determinations by outcome (a near miss is also counted as not eligible)."""
        found = {Outcome.ELIGIBLE.value: 0, Outcome.NOT_ELIGIBLE.value: 0, Outcome.UNKNOWN.value: 0}
        rows = self.determinations.values_list("eligible").annotate(n=models.Count("id")).order_by()
        for eligible, count in rows:
            key = (
                Outcome.UNKNOWN
                if eligible is None
                else (Outcome.ELIGIBLE if eligible else Outcome.NOT_ELIGIBLE)
            )
            found[key.value] = count
        found[Outcome.NEAR_MISS.value] = self.determinations.filter(near_miss=True).count()
        return found

    def is_stale(self, now: datetime.datetime | None = None) -> bool:
        """Queued or running, but no worker has reported for a while (killed half-way)."""
        return not self.is_finished and (now or timezone.now()) - self.heartbeat_at > STALE_AFTER


class Outcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not", _("Not eligible")
    UNKNOWN = "unknown", _("More information needed")
    NEAR_MISS = "near_miss", _("Near miss")


class DeterminationQuerySet(models.QuerySet["Determination"]):
    def approved(self) -> DeterminationQuerySet:
        return self.filter(run__approved_at__isnull=False)

    def with_outcome(self, outcome: str) -> DeterminationQuerySet:
        """Filter by the operator's four result filters (a near miss is also "not eligible")."""
        if outcome == Outcome.ELIGIBLE:
            return self.filter(eligible=True)
        if outcome == Outcome.NOT_ELIGIBLE:
            return self.filter(eligible=False)
        if outcome == Outcome.UNKNOWN:
            return self.filter(eligible__isnull=True)
        if outcome == Outcome.NEAR_MISS:
            return self.filter(near_miss=True)
        return self

    def latest_per_programme(self, enterprise: Organisation) -> list[Determination]:
        """The enterprise's determination from the newest finished run of each programme."""
        latest: dict[str, Determination] = {}
        found = (
            self.filter(enterprise=enterprise, run__status=RunStatus.DONE)
            .select_related("run")
            .order_by("-run__as_of", "-run__created_at", "-run_id")
        )
        for determination in found:
            latest.setdefault(determination.run.programme, determination)
        return sorted(latest.values(), key=lambda item: item.run.programme)


class Determination(models.Model):
    """A run's decision about one enterprise, with the input it read and the trace that explains it."""

    run = models.ForeignKey(
        PolicyRun, on_delete=models.CASCADE, related_name="determinations", verbose_name=_("run")
    )
    enterprise = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="determinations", verbose_name=_("enterprise")
    )
    input = models.JSONField(_("input snapshot"), default=dict)
    eligible = models.BooleanField(_("eligible"), null=True)
    near_miss = models.BooleanField(_("near miss"), default=False)
    failing = models.JSONField(_("failing criteria"), default=list)
    unknown = models.JSONField(_("unknown criteria"), default=list)
    missing_inputs = models.JSONField(_("figures to file"), default=list)
    derived = models.JSONField(_("derived values"), default=dict)
    hints = models.JSONField(_("gaps"), default=dict)
    outputs = models.JSONField(_("outputs"), default=dict)
    errors = models.JSONField(_("input errors"), default=list)
    trace = models.JSONField(_("trace"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = DeterminationQuerySet.as_manager()

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")
        ordering = ["run", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "enterprise"], name="policy_determination_unique_enterprise"
            )
        ]
        indexes = [models.Index(fields=["run", "eligible"], name="policy_det_run_eligible")]

    def __str__(self) -> str:
        return f"{self.run} · {self.enterprise_id}"

    @property
    def outcome(self) -> str:
        if self.eligible is True:
            return Outcome.ELIGIBLE
        if self.eligible is None:
            return Outcome.UNKNOWN
        return Outcome.NEAR_MISS if self.near_miss else Outcome.NOT_ELIGIBLE

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label)

    def explained_trace(self) -> list[dict[str, Any]]:
        """The stored trace with each criterion's label and article from the run's snapshot of the rule file."""
        return [{**self.run.criteria.get(item["criterion"], {}), **item} for item in self.trace]


class DeclaredFacts(models.Model):
    """Figures a programme needs that data reports do not hold (expert sub-scores, incidents, tax and
    industry flags, direct-track conditions), declared by the enterprise, its carrier or an operator.
    Runs merge them over the data-report figures; fields follow docs/policy/criteria.md §5."""

    enterprise = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="declared_policy_facts",
        verbose_name=_("enterprise"),
    )
    facts = models.JSONField(_("declared facts"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("declared policy facts")
        verbose_name_plural = _("declared policy facts")

    def __str__(self) -> str:
        return str(self.enterprise_id)
