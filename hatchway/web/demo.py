"""The demo data set, the same on every run.

``load_demo_data()`` makes one account per role and the organisations they belong to (fast; tests
use it). ``load_full_demo()`` adds the directory at the seed letter's scale, listings of every kind,
events and competitions, and the ledger of flows, each through its own app's demo builder.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.directory.actions import do_grant_role, do_save_talent_profile
from hatchway.directory.models import (
    Degree,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Sector,
    TalentProfile,
)

DEMO_PASSWORD = "hatchway-demo-2026"


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    kind: str
    name_zh: str
    name_en: str
    country: str
    website: str = ""


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    organisation: str | None
    language: str
    time_zone: str


ORGANISATIONS = [
    DemoOrganisation(
        "office",
        OrganisationKind.PLATFORM,
        "上海跨境孵化服务中心",
        "Shanghai Cross-border Incubation Service Centre",
        "CN",
    ),
    DemoOrganisation(
        "zhangjiang",
        OrganisationKind.CARRIER,
        "张江国际创新孵化器",
        "Zhangjiang International Innovation Incubator",
        "CN",
        "https://zhangjiang.example.cn",
    ),
    DemoOrganisation(
        "boston",
        OrganisationKind.OVERSEAS_STATION,
        "张江孵化器波士顿站",
        "Zhangjiang Incubator Boston Station",
        "US",
    ),
    DemoOrganisation(
        "neuro",
        OrganisationKind.ENTERPRISE,
        "神经元芯片科技（上海）有限公司",
        "Neuron Chip Technology (Shanghai) Co., Ltd.",
        "CN",
    ),
    DemoOrganisation(
        "helix",
        OrganisationKind.ENTERPRISE,
        "赫利克斯生物（德国）",
        "Helix Bio GmbH",
        "DE",
        "https://helix-bio.example.de",
    ),
    DemoOrganisation(
        "pudong-fund", OrganisationKind.INVESTOR, "浦江跨境科创基金", "Pujiang Cross-border Tech Fund", "CN"
    ),
    DemoOrganisation(
        "fudan", OrganisationKind.UNIVERSITY, "复旦大学", "Fudan University", "CN", "https://www.fudan.edu.cn"
    ),
]

ACCOUNTS = [
    DemoAccount(
        "operator@demo.hatchway.local", "王敏 Wang Min", Role.OPERATOR, "office", "zh-hans", "Asia/Shanghai"
    ),
    DemoAccount(
        "carrier@demo.hatchway.local",
        "李娜 Li Na",
        Role.CARRIER_STAFF,
        "zhangjiang",
        "zh-hans",
        "Asia/Shanghai",
    ),
    DemoAccount(
        "station@demo.hatchway.local", "Emily Carter", Role.CARRIER_STAFF, "boston", "en", "America/New_York"
    ),
    DemoAccount(
        "founder@demo.hatchway.local", "Jonas Weber", Role.ENTERPRISE_MEMBER, "helix", "en", "Europe/Berlin"
    ),
    DemoAccount(
        "investor@demo.hatchway.local",
        "陈浩 Chen Hao",
        Role.INVESTOR_MEMBER,
        "pudong-fund",
        "zh-hans",
        "Asia/Shanghai",
    ),
    DemoAccount("talent@demo.hatchway.local", "Priya Sharma", Role.TALENT, None, "en", "Asia/Kolkata"),
    DemoAccount("judge@demo.hatchway.local", "赵磊 Zhao Lei", Role.JUDGE, None, "zh-hans", "Asia/Shanghai"),
]


@transaction.atomic
def load_demo_data() -> list[DemoAccount]:
    """Create what is missing and leave what exists; running twice changes nothing."""
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisations[spec.key], _created = Organisation.objects.get_or_create(
            name_en=spec.name_en,
            defaults={
                "kind": spec.kind,
                "name_zh": spec.name_zh,
                "country": spec.country,
                "website": spec.website,
            },
        )
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                account.email,
                DEMO_PASSWORD,
                full_name=account.full_name,
                language=account.language,
                time_zone=account.time_zone,
            )
        organisation = organisations[account.organisation] if account.organisation else None
        if not Membership.objects.filter(user=user, role=account.role, organisation=organisation).exists():
            do_grant_role(user, account.role, organisation)
        if account.role == Role.TALENT and not TalentProfile.objects.filter(user=user).exists():
            _talent_profile(user)
    return ACCOUNTS


def _talent_profile(user: User) -> None:
    """The demo talent agrees to be matched, so her talent-profile listings find positions."""
    do_save_talent_profile(
        user,
        headline_zh="机器学习工程师，专注医学影像",
        headline_en="Machine-learning engineer for medical imaging",
        nationality="IN",
        current_country="IN",
        field="machine learning",
        degree=Degree.MASTER,
        skills=["PyTorch", "computer vision", "medical imaging"],
        languages=["en", "hi"],
        sectors=Sector.objects.filter(code__in=["artificial_intelligence", "medical_devices"]),
        consent_matching=True,
        consent_contact=True,
        now=timezone.make_aware(datetime.datetime(2026, 1, 15, 9, 0)),
    )


POLICY_DEMO_LIMIT = 20_000


def build_demo_event_programme(*, seed: int = 2026) -> int:
    """The demo events, the competition edition and the brokerage showcase; how many events were created."""
    from hatchway.brokerage.demo import build_demo_brokerage
    from hatchway.competitions.demo import build_demo_competition
    from hatchway.events.demo import build_demo_events

    return build_demo_events(seed=seed) + build_demo_competition(seed=seed) + build_demo_brokerage(seed=seed)


def load_full_demo(*, enterprises: int = 3000, seed: int = 2026, stdout: Any = None) -> dict[str, int]:
    """The demo accounts, then every app's demo content, in dependency order; idempotent."""
    from hatchway.directory.demo import build_demo_directory
    from hatchway.flows.demo import build_demo_flows
    from hatchway.listings.demo import build_cross_language_showcase, build_demo_listings
    from hatchway.pipeline.demo import build_demo_matches
    from hatchway.policy.demo import build_demo_determinations

    load_demo_data()
    added: dict[str, int] = dict(build_demo_directory(seed=seed, enterprises=enterprises, stdout=stdout))
    added["listings"] = build_demo_listings(seed=seed) + build_cross_language_showcase()
    added["events"] = build_demo_event_programme(seed=seed)
    added["flows"] = build_demo_flows(seed=seed)
    added["matches"] = build_demo_matches()
    if enterprises <= POLICY_DEMO_LIMIT:
        added.update(build_demo_determinations(seed=seed, stdout=stdout))
    elif stdout is not None:
        # Stored determinations keep a trace per enterprise: at benchmark scale that is the operator's call.
        stdout.write(
            f"Eligibility runs skipped above {POLICY_DEMO_LIMIT:,} enterprises; "
            "run `hatchway policy run --programme hnte --as-of YYYY-MM-DD` when wanted."
        )
    return added
