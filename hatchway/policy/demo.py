"""Demo determinations: declared facts for most demo enterprises, then approved HNTE and tech-SME runs.

Idempotent: facts are declared once per enterprise, and an approved run for the same programme, date and
rule file is reused as it is.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.policy.actions import do_approve_run, do_evaluate_run, do_start_run
from hatchway.policy.models import DeclaredFacts, RunStatus

PROGRAMMES = ("hnte", "tsme")


def _facts(rng: random.Random) -> dict[str, Any]:
    return {
        "innovation_subscores": {
            "ip": rng.randint(12, 30),
            "conversion": rng.randint(13, 30),
            "rd_management": rng.randint(8, 20),
            "growth": rng.randint(3, 20),
        },
        "major_incident_dates": [],
        "accounting_sound": True,
        "audit_based_tax_collection": rng.random() > 0.05,
        "rd_expenses_accurately_collected": True,
        "industry": {"restricted_or_eliminated": False, "rd_super_deduction_excluded": rng.random() < 0.05},
        "integrity": {"major_incident_or_serious_dishonesty": False, "on_abnormal_or_dishonest_list": False},
    }


def declare_demo_facts(*, seed: int = 2026, share: float = 0.8) -> int:
    """Declare facts for about ``share`` of the enterprises (the rest stay "figures to file")."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    ids = list(
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = [(pk, _facts(rng)) for pk in ids if rng.random() < share]
    existing = set(DeclaredFacts.objects.values_list("enterprise_id", flat=True))
    created = DeclaredFacts.objects.bulk_create(
        [
            DeclaredFacts(enterprise_id=pk, facts=facts, updated_at=now)
            for pk, facts in chosen
            if pk not in existing
        ],
        batch_size=500,
    )
    return len(created)


def build_demo_determinations(
    *, seed: int = 2026, as_of: datetime.date | None = None, stdout: Any = None
) -> dict[str, int]:
    """Run HNTE and tech-SME for every demo enterprise and approve the runs as the demo operator."""
    as_of = as_of or timezone.localdate()
    added = {"declared_facts": declare_demo_facts(seed=seed)}
    membership = Membership.objects.operators().select_related("user").order_by("pk").first()
    operator: User | None = membership.user if membership else None
    for programme in PROGRAMMES:
        run = do_start_run(operator, programme, as_of, enqueue=False)
        if not run.is_approved:
            run = do_evaluate_run(run)
        if stdout is not None:
            stdout.write(f"policy run {programme} as of {as_of}: {run.status}, {run.counts()}\n")
        if run.status == RunStatus.DONE and operator is not None and not run.is_approved:
            do_approve_run(operator, run)
        added[f"determinations_{programme}"] = run.determinations.count()
    return added
