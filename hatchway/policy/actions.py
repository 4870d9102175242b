"""Verbs of proactive eligibility: start a run, evaluate it in batches, approve it and tell the enterprises."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.errors import Conflict, InvalidInput, NotFound
from hatchway.policy.engine import (
    InputErrors,
    ParameterNotSet,
    Programme,
    Text,
    evaluate_many,
    evaluate_record,
    get_programme,
    read_facts,
)
from hatchway.policy.labels import HINTS
from hatchway.policy.models import DeclaredFacts, Determination, PolicyRun, RunStatus
from hatchway.policy.records import enterprise_records
from hatchway.policy.templatetags.policy import in_language

logger = logging.getLogger(__name__)

BATCH_SIZE = 500

# Per-criterion parts of a trace that come from the rule file, not from the enterprise: kept once per run.
_STATIC_TRACE_KEYS = ("label", "article", "source", "verified", "formula")

Progress = Callable[[int, int], None]


class EngineDisagreement(RuntimeError):
    """The vectorised and the explained evaluation disagree: never store a decision its trace contradicts."""


def get_known_programme(programme_id: str) -> Programme:
    try:
        return get_programme(programme_id)
    except KeyError:
        raise NotFound(
            _("There is no programme “%(id)s”. Choose one from the programme catalogue.")
            % {"id": programme_id}
        ) from None


def _criteria_snapshot(programme: Programme) -> dict[str, dict[str, Any]]:
    snapshot = {}
    for criterion in programme.criteria:
        source = programme.source(criterion.source)
        snapshot[criterion.id] = {
            "label": criterion.label.as_dict(),
            "article": criterion.article.as_dict(),
            "source": criterion.source,
            "verified": bool(source and source.verified),
            "formula": criterion.formula,
        }
    return snapshot


def do_start_run(
    user: User | None, programme_id: str, as_of: datetime.date, *, enqueue: bool = True
) -> PolicyRun:
    """Start (or reuse) the run of a programme as of a date, and queue its evaluation.

    Runs are keyed by programme, date and the rule file's hash: asking again reuses the same run. An
    approved run is returned as it is; one in progress is returned unless its worker has died, in which
    case it starts again from the beginning (the determinations are upserted, so they come out the same).
    """
    programme = get_known_programme(programme_id)
    if programme.template:
        raise InvalidInput(
            _("This programme is a template: an operator must set its amounts before it can be evaluated.")
        )
    now = timezone.now()
    with transaction.atomic():
        run, created = PolicyRun.objects.select_for_update().get_or_create(
            programme=programme.id,
            as_of=as_of,
            rules_sha256=programme.sha256,
            defaults={
                "rules_version": programme.version,
                "criteria": _criteria_snapshot(programme),
                "started_by": user,
                "created_at": now,
                "heartbeat_at": now,
            },
        )
        if not created:
            if run.is_approved or (not run.is_finished and not run.is_stale(now)):
                return run
            run.status = RunStatus.QUEUED
            run.error = ""
            run.progress_done = 0
            run.finished_at = None
            run.heartbeat_at = now
            run.criteria = _criteria_snapshot(programme)
            if user is not None:
                run.started_by = user
            run.save()
        if enqueue:
            from hatchway.policy.tasks import evaluate_policy_run

            transaction.on_commit(lambda: evaluate_policy_run.enqueue(run.pk))
    return run


def _declared(enterprise_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    return {
        item.enterprise_id: item.facts
        for item in DeclaredFacts.objects.filter(enterprise_id__in=list(enterprise_ids))
    }


def _explain(programme: Programme, record: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return evaluate_record(programme, record)
    except InputErrors as error:
        return {"eligible": None, "failing": [], "unknown": [], "errors": [e.as_dict() for e in error.errors]}


def evaluate_batch(
    programme: Programme, enterprises: list[Organisation], as_of: datetime.date
) -> list[dict[str, Any]]:
    """Evaluate enterprises in one vectorised call, then explain each (trace, gaps, derived values)."""
    declared = _declared(e.pk for e in enterprises)
    records = enterprise_records(programme, enterprises, as_of, declared)
    decided = evaluate_many(programme, records, kernel_cache=settings.HATCHWAY_KERNEL_CACHE)
    rows = []
    for enterprise, record, decision in zip(enterprises, records, decided, strict=True):
        explained = _explain(programme, record)
        if decision.get("errors") is None and (
            decision["eligible"] != explained["eligible"] or decision["failing"] != explained["failing"]
        ):
            raise EngineDisagreement(
                f"{programme.id}: enterprise {enterprise.pk} is {decision['eligible']} in the vectorised "
                f"evaluation but {explained['eligible']} in the explained one."
            )
        failing = list(explained.get("failing", []))
        hints = explained.get("hints", {})
        outputs = {
            key: explained[key]
            for key in ("scores", "direct_conditions", "route", "award")
            if key in explained
        }
        rows.append(
            {
                "enterprise": enterprise,
                "input": record,
                "eligible": explained["eligible"],
                "near_miss": explained["eligible"] is False and bool(failing) and set(failing) <= set(hints),
                "failing": failing,
                "unknown": list(explained.get("unknown", [])),
                "missing_inputs": list(explained.get("missing_inputs", [])),
                "derived": explained.get("derived", {}),
                "hints": hints,
                "outputs": outputs,
                "errors": explained.get("errors", []),
                "trace": [
                    {key: value for key, value in item.items() if key not in _STATIC_TRACE_KEYS}
                    for item in explained.get("trace", [])
                ],
            }
        )
    return rows


_UPDATED = (
    "input",
    "eligible",
    "near_miss",
    "failing",
    "unknown",
    "missing_inputs",
    "derived",
    "hints",
    "outputs",
    "errors",
    "trace",
    "updated_at",
)


def _store(run: PolicyRun, rows: list[dict[str, Any]], now: datetime.datetime) -> None:
    Determination.objects.bulk_create(
        [Determination(run=run, created_at=now, updated_at=now, **row) for row in rows],
        update_conflicts=True,
        unique_fields=["run", "enterprise"],
        update_fields=list(_UPDATED),
    )


def do_evaluate_run(
    run: PolicyRun, *, batch_size: int | None = None, progress: Progress | None = None
) -> PolicyRun:
    """Evaluate every enterprise for the run, batch by batch, each batch committed with the progress.

    A failure is kept on the run (status failed, the error in words) and stays visible. Killed half-way,
    the run is simply started again: each batch upserts its determinations, so the result is the same.
    """
    batch_size = batch_size or BATCH_SIZE  # read when called, so a test can make batches small
    run.refresh_from_db()
    if run.is_approved:
        return run
    try:
        programme = get_programme(run.programme)
        if programme.sha256 != run.rules_sha256:
            raise RuntimeError(
                f"The rule file of {run.programme} changed since this run was started "
                f"(version {run.rules_version}); start a new run."
            )
        enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).order_by("pk")
        ids = list(enterprises.values_list("pk", flat=True))
        now = timezone.now()
        PolicyRun.objects.filter(pk=run.pk).update(
            status=RunStatus.RUNNING, progress_done=0, progress_total=len(ids), heartbeat_at=now, error=""
        )
        done = 0
        for start in range(0, len(ids), batch_size):
            chunk = list(
                enterprises.filter(pk__in=ids[start : start + batch_size]).prefetch_related("sectors")
            )
            rows = evaluate_batch(programme, chunk, run.as_of)
            done += len(chunk)
            with transaction.atomic():
                now = timezone.now()
                _store(run, rows, now)
                PolicyRun.objects.filter(pk=run.pk).update(progress_done=done, heartbeat_at=now)
            if progress is not None:
                progress(done, len(ids))
        # Enterprises removed since an earlier attempt keep no determination in this run.
        Determination.objects.filter(run=run).exclude(enterprise_id__in=ids).delete()
        PolicyRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now()
        )
    except ParameterNotSet:
        _fail(
            run,
            gettext(
                "This programme is a template: an operator must set its amounts before it can be evaluated."
            ),
        )
    except Exception as error:
        logger.exception("Policy run %s failed", run.pk)
        _fail(run, f"{type(error).__name__}: {error}")
    run.refresh_from_db()
    return run


def _fail(run: PolicyRun, message: str) -> None:
    PolicyRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _members(enterprise_ids: Iterable[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    memberships = Membership.objects.filter(organisation_id__in=list(enterprise_ids)).select_related("user")
    for membership in memberships:
        assert membership.organisation_id is not None
        found[membership.organisation_id].append(membership.user)
    return found


def previous_approved_run(run: PolicyRun) -> PolicyRun | None:
    return (
        PolicyRun.objects.approved()
        .of_programme(run.programme)
        .exclude(pk=run.pk)
        .filter(approved_at__lte=run.approved_at or timezone.now())
        .order_by("-approved_at", "-pk")
        .first()
    )


def _gaps(run: PolicyRun, determination: Determination) -> list[dict[str, Any]]:
    gaps = []
    for criterion_id, hints in determination.hints.items():
        label = run.criteria.get(criterion_id, {}).get("label", {"zh": criterion_id, "en": criterion_id})
        for name, value in hints.items():
            gaps.append(
                {
                    "criterion": Text(zh=label["zh"], en=label["en"]),
                    "name": HINTS.get(name, name),
                    "value": value,
                }
            )
    return gaps


def do_approve_run(user: User, run: PolicyRun) -> PolicyRun:
    """Approve a finished run and tell its enterprises, without anyone applying.

    Newly eligible enterprises (eligible now, not in the previous approved run of the programme) hear that
    they qualify; near misses hear what they lack; enterprises with unknown results hear which figures to
    file. Each notice goes once per run (idempotency keys), so approving twice tells nobody twice.
    """
    with transaction.atomic():
        run = PolicyRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise Conflict(
                _("Only a finished run can be approved. Wait until it is done, or start it again.")
            )
        if run.approved_at is None:
            run.approved_at = timezone.now()
            run.approved_by = user
            run.save(update_fields=["approved_at", "approved_by"])
        _notify(run)
    return run


def _notify(run: PolicyRun) -> None:
    from hatchway.notices.actions import do_notify

    programme = get_programme(run.programme)
    previous = previous_approved_run(run)
    before = (
        set(previous.determinations.filter(eligible=True).values_list("enterprise_id", flat=True))
        if previous
        else set()
    )
    determinations = list(
        run.determinations.exclude(eligible=False, near_miss=False).select_related("enterprise")
    )
    members = _members(d.enterprise_id for d in determinations)
    title = programme.title

    def subject(text: str) -> Callable[[], str]:
        return lambda: gettext(text) % {"programme": in_language(title)}

    for determination in determinations:
        recipients = members.get(determination.enterprise_id)
        if not recipients:
            continue
        enterprise = determination.enterprise
        url = reverse("policy:enterprise_eligibility", args=[enterprise.pk])
        context = {
            "enterprise": enterprise,
            "programme": programme,
            "run": run,
            "determination": determination,
        }
        if determination.eligible is True:
            if determination.enterprise_id in before:
                continue
            do_notify(
                recipients,
                kind="policy.eligible",
                subject=subject(gettext_noop("Your enterprise qualifies for %(programme)s without applying")),
                template="policy/notices/eligible.txt",
                context=context,
                url=url,
                key=f"policy-run:{run.pk}:eligible:{enterprise.pk}",
            )
        elif determination.near_miss:
            do_notify(
                recipients,
                kind="policy.near_miss",
                subject=subject(gettext_noop("Your enterprise is close to qualifying for %(programme)s")),
                template="policy/notices/near_miss.txt",
                context={**context, "gaps": _gaps(run, determination)},
                url=url,
                key=f"policy-run:{run.pk}:near-miss:{enterprise.pk}",
            )
        else:
            do_notify(
                recipients,
                kind="policy.missing_figures",
                subject=subject(
                    gettext_noop("File a few figures to know whether you qualify for %(programme)s")
                ),
                template="policy/notices/missing_figures.txt",
                context=context,
                url=url,
                key=f"policy-run:{run.pk}:missing:{enterprise.pk}",
            )


def do_declare_facts(user: User, enterprise: Organisation, facts: Mapping[str, Any]) -> DeclaredFacts:
    """Replace the facts an enterprise declared for policy evaluation (checked against every reader)."""
    problems = []
    today = timezone.localdate()
    for programme in (get_programme("hnte"), get_programme("tsme")):
        record = {**dict(facts), programme.date_field: today.isoformat()}
        try:
            read_facts(programme, record)
        except InputErrors as error:
            problems += [
                {"location": f"body.facts.{item.path}", "message": item.message} for item in error.errors
            ]
    if problems:
        unique = list({item["location"]: item for item in problems}.values())
        raise InvalidInput(
            "; ".join(f"{item['location']}: {item['message']}" for item in unique), errors=unique
        )
    declared, _created = DeclaredFacts.objects.update_or_create(
        enterprise=enterprise,
        defaults={"facts": dict(facts), "updated_at": timezone.now(), "updated_by": user},
    )
    return declared
