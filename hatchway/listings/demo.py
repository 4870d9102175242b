"""Demo listings: realistic, bilingual, the same on every run, owned by the demo directory's organisations.

Content comes from a seeded random generator; dates are counted from the day the data is loaded, so the
listings are open when someone looks at them. Each listing carries a ``demo-…`` reference, which makes a
second run add nothing.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, Role, Sector, Stage
from hatchway.listings.actions import refresh_search_text
from hatchway.listings.attributes import attributes_of
from hatchway.listings.models import (
    OWNER_KINDS,
    Listing,
    ListingCountry,
    ListingKind,
    ListingStatus,
    Visibility,
)
from hatchway.listings.signals import announce_listings_changed

# (Chinese, English) subjects per kind; a title is built from a subject and a place or focus.
SUBJECTS: dict[str, list[tuple[str, str]]] = {
    ListingKind.FUNDING_ASK: [
        ("固态电池电解质量产", "mass production of solid-state battery electrolytes"),
        ("AI 病理影像辅助诊断", "AI-assisted pathology imaging"),
        ("车规级碳化硅功率芯片", "automotive-grade silicon carbide power chips"),
        ("mRNA 递送平台", "an mRNA delivery platform"),
        ("工业机器人视觉引导", "vision guidance for industrial robots"),
        ("低轨卫星通信终端", "low-orbit satellite communication terminals"),
        ("合成生物法生产香料", "fragrances made by synthetic biology"),
        ("氢燃料电池膜电极", "hydrogen fuel-cell membrane electrode assemblies"),
    ],
    ListingKind.INVESTMENT_THESIS: [
        ("集成电路设计与 EDA", "chip design and EDA"),
        ("创新药与医疗器械", "innovative drugs and medical devices"),
        ("通用人工智能应用", "applied artificial intelligence"),
        ("新能源与储能", "new energy and storage"),
        ("先进制造与机器人", "advanced manufacturing and robotics"),
        ("跨境消费科技", "cross-border consumer technology"),
    ],
    ListingKind.TECHNOLOGY_OFFER: [
        ("高通量蛋白质结构预测算法", "high-throughput protein structure prediction"),
        ("柔性钙钛矿光伏薄膜", "flexible perovskite photovoltaic film"),
        ("毫米波雷达手势识别", "millimetre-wave radar gesture recognition"),
        ("可降解心血管支架材料", "biodegradable cardiovascular stent material"),
        ("边缘端大模型量化压缩", "quantised large models for edge devices"),
        ("锂电池回收湿法冶金工艺", "hydrometallurgical lithium battery recycling"),
        ("量子点显示材料", "quantum-dot display materials"),
    ],
    ListingKind.TECHNOLOGY_NEED: [
        ("晶圆缺陷自动检测", "automatic wafer defect inspection"),
        ("冷链物流温度追溯", "temperature tracing in cold-chain logistics"),
        ("工厂能耗智能优化", "smart energy optimisation for factories"),
        ("生物药连续化生产", "continuous manufacturing of biologics"),
        ("汽车座舱多语种语音交互", "multilingual voice interaction in car cabins"),
        ("港口集装箱无人化调度", "autonomous container scheduling at ports"),
    ],
    ListingKind.POSITION: [
        ("模拟芯片设计工程师", "analogue IC design engineer"),
        ("计算生物学家", "computational biologist"),
        ("机器学习研究员", "machine learning researcher"),
        ("海外业务拓展经理", "overseas business development manager"),
        ("临床注册事务主管", "clinical regulatory affairs lead"),
        ("机器人控制算法工程师", "robot control algorithm engineer"),
        ("知识产权顾问", "intellectual property adviser"),
    ],
    ListingKind.TALENT_PROFILE: [
        ("半导体工艺整合", "semiconductor process integration"),
        ("药物化学", "medicinal chemistry"),
        ("自然语言处理", "natural language processing"),
        ("电池材料", "battery materials"),
        ("医疗器械法规", "medical device regulation"),
        ("嵌入式系统", "embedded systems"),
    ],
    ListingKind.LANDING_ASK: [
        ("医疗 AI 公司设立上海研发中心", "a medical AI company opening an R&D centre in Shanghai"),
        ("欧洲储能企业寻找中国工厂选址", "a European storage company looking for a factory site in China"),
        ("以色列网络安全公司落地", "an Israeli cyber-security company landing in Shanghai"),
        ("新加坡合成生物初创落地实验室", "a Singapore synthetic-biology start-up seeking a lab"),
        ("德国工业软件企业设立亚太总部", "a German industrial software firm setting up an Asia-Pacific HQ"),
    ],
    ListingKind.LANDING_OFFER: [
        ("张江生物医药孵化空间", "biomedicine incubation space in Zhangjiang"),
        ("临港智能制造加速器工位", "smart-manufacturing accelerator desks in Lingang"),
        ("漕河泾集成电路共享实验室", "shared IC laboratory in Caohejing"),
        ("徐汇人工智能创新载体", "AI innovation space in Xuhui"),
        ("杨浦大学科技园孵化器", "university science park incubator in Yangpu"),
    ],
}

TEMPLATES: dict[str, tuple[str, str, str, str]] = {
    # title_zh, title_en, description_zh, description_en; {s} is the subject, {c} a country.
    ListingKind.FUNDING_ASK: (
        "{s}项目融资",
        "Funding for {s}",
        "团队专注{s}，已完成样品验证并获得首批客户意向订单。本轮资金用于产线建设与海外市场拓展，"
        "欢迎关注硬科技的人民币及美元基金联系。",
        "The team works on {s}; samples are validated and first customers have signed letters of intent. "
        "This round pays for a production line and market entry abroad. RMB and USD funds focused on "
        "hard tech are welcome to get in touch.",
    ),
    ListingKind.INVESTMENT_THESIS: (
        "投资方向：{s}",
        "Investment thesis: {s}",
        "我们关注{s}领域的早中期项目，重视核心技术壁垒与跨境团队，可协助对接上海的产业资源与应用场景。",
        "We back early and growth-stage companies in {s}, looking for defensible core technology and "
        "cross-border teams, and help them reach Shanghai's industrial partners and customers.",
    ),
    ListingKind.TECHNOLOGY_OFFER: (
        "技术成果：{s}",
        "Technology offer: {s}",
        "本成果涉及{s}，已完成中试验证，拥有自主知识产权，可通过许可、转让或联合开发方式合作。",
        "This technology covers {s}. It has passed pilot-scale validation, its IP is owned outright, "
        "and it is available through licence, assignment or joint development.",
    ),
    ListingKind.TECHNOLOGY_NEED: (
        "技术需求：{s}",
        "Technology need: {s}",
        "我们正在寻找{s}的解决方案，希望与国内外初创企业和科研团队合作，提供真实应用场景与验证机会。",
        "We are looking for solutions in {s} and offer start-ups and research teams from China and abroad "
        "a real setting to test them and a path to purchase.",
    ),
    ListingKind.POSITION: (
        "招聘：{s}",
        "Hiring: {s}",
        "岗位职责：负责{s}相关工作，参与跨境项目协作。要求相关领域硕士及以上学历，具备英文工作能力，"
        "可协助办理外国人工作许可与居留。",
        "You will work as {s} in a cross-border team. A master's degree or higher in a related field and "
        "working English are expected; we help with the foreigner's work permit and residence.",
    ),
    ListingKind.TALENT_PROFILE: (
        "人才简历：{s}方向",
        "Talent profile: {s}",
        "拥有多年{s}领域研发经验，曾在海外知名机构任职，希望在上海寻找研发或技术管理岗位。",
        "Several years of R&D experience in {s} at well-known institutions abroad; looking for a research "
        "or technical leadership role in Shanghai.",
    ),
    ListingKind.LANDING_ASK: (
        "软着陆需求：{s}",
        "Soft-landing ask: {s}",
        "来自{c}的企业计划落地上海：{s}。需要办公或实验空间、公司注册、签证与银行开户等服务。",
        "A company from {c} plans to land in Shanghai: {s}. It needs office or lab space, company "
        "registration, visas and a bank account.",
    ),
    ListingKind.LANDING_OFFER: (
        "软着陆服务：{s}",
        "Soft-landing offer: {s}",
        "提供{s}，含工商注册、签证居留、银行开户与知识产权服务，海外企业入驻可享免租期。",
        "We offer {s}, with company registration, visas and residence, banking and IP services; "
        "overseas companies moving in get rent-free months.",
    ),
}

COUNTRIES = ["US", "DE", "GB", "FR", "JP", "SG", "IL", "CA", "AU", "NL", "SE", "CH", "KR", "FI"]
COUNTRY_ZH = {
    "US": "美国",
    "DE": "德国",
    "GB": "英国",
    "FR": "法国",
    "JP": "日本",
    "SG": "新加坡",
    "IL": "以色列",
    "CA": "加拿大",
    "AU": "澳大利亚",
    "NL": "荷兰",
    "SE": "瑞典",
    "CH": "瑞士",
    "KR": "韩国",
    "FI": "芬兰",
}
CURRENCY_FOR_KIND: dict[str, str] = {ListingKind.FUNDING_ASK: "CNY", ListingKind.INVESTMENT_THESIS: "USD"}


def _attributes(kind: str, rng: random.Random) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for attribute in attributes_of(kind):
        if attribute.type == "choice":
            values[attribute.name] = rng.choice(attribute.values)
        elif attribute.type == "choices":
            values[attribute.name] = sorted(rng.sample(attribute.values, k=min(2, len(attribute.values))))
        elif attribute.type == "boolean":
            values[attribute.name] = rng.random() < 0.5
        elif attribute.type == "integer":
            low = attribute.minimum or 0
            high = min(attribute.maximum or 500, 500)
            values[attribute.name] = rng.randint(low, high)
        elif attribute.type == "date":
            values[attribute.name] = f"2027-0{rng.randint(1, 9)}-15"
        elif attribute.name in {"city", "district"}:
            values[attribute.name] = rng.choice(["Shanghai", "Pudong", "Xuhui", "Yangpu", "Minhang"])
        else:
            values[attribute.name] = rng.choice(["R&D", "production", "market entry", "life sciences"])
    return values


def _owners(kind: str) -> tuple[list[Organisation], list[User]]:
    owner_kinds = OWNER_KINDS[kind]
    if owner_kinds is None:
        talents = User.objects.filter(memberships__role=Role.TALENT, is_active=True).distinct().order_by("pk")
        return [], list(talents)
    return list(Organisation.objects.filter(kind__in=owner_kinds).order_by("pk")[:2000]), []


@transaction.atomic
def build_demo_listings(*, seed: int = 2026, per_kind: int = 40) -> int:
    """Create ``per_kind`` listings of every kind whose owners exist; return how many were added."""
    rng = random.Random(seed)  # noqa: S311 - demo content, not secrets
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    sectors = list(Sector.objects.order_by("sort_order", "code"))
    stages = list(Stage.objects.order_by("sort_order", "code"))
    existing = set(Listing.objects.filter(reference__startswith="demo-").values_list("reference", flat=True))
    created = 0
    new_ids: list[int] = []
    for kind in ListingKind.values:
        organisations, people = _owners(kind)
        subjects = SUBJECTS[kind]
        title_zh, title_en, description_zh, description_en = TEMPLATES[kind]
        for number in range(per_kind):
            # Draw every value even for rows that exist, so each row's content never depends on the others.
            subject_zh, subject_en = subjects[number % len(subjects)]
            country = rng.choice(COUNTRIES)
            published_days_ago = rng.randint(1, 80)
            roll = rng.random()
            attributes = _attributes(kind, rng)
            chosen_sectors = rng.sample(sectors, k=min(2, len(sectors))) if sectors else []
            chosen_stages = rng.sample(stages, k=min(1, len(stages))) if stages else []
            amount = rng.choice([5, 10, 20, 30, 50, 80, 100, 200]) * 1_000_000_00
            visibility = (
                Visibility.ANONYMOUS
                if roll < 0.08
                else Visibility.MEMBERS
                if roll < 0.25
                else Visibility.PUBLIC
            )
            status = ListingStatus.DRAFT if roll > 0.95 else ListingStatus.CLOSED if roll > 0.9 else None
            owner_index = rng.randrange(1_000_000)
            reference = f"demo-{kind}-{number + 1:04d}"
            if reference in existing or not (organisations or people):
                continue
            published_at = today - datetime.timedelta(days=published_days_ago)
            listing = Listing(
                kind=kind,
                reference=reference,
                owner_organisation=organisations[owner_index % len(organisations)] if organisations else None,
                owner_user=people[owner_index % len(people)] if not organisations else None,
                title_zh=title_zh.format(s=subject_zh, c=COUNTRY_ZH[country]),
                title_en=title_en.format(s=subject_en, c=country)[:1].upper()
                + title_en.format(s=subject_en, c=country)[1:],
                description_zh=description_zh.format(s=subject_zh, c=COUNTRY_ZH[country]),
                description_en=description_en.format(s=subject_en, c=country),
                languages=["zh", "en"] if number % 3 else ["en", "de" if country == "DE" else "zh"],
                attributes=attributes,
                visibility=visibility,
                status=status or ListingStatus.PUBLISHED,
                published_at=None if status == ListingStatus.DRAFT else published_at,
                expires_at=published_at + datetime.timedelta(days=90),
                closed_at=today if status == ListingStatus.CLOSED else None,
            )
            if kind in CURRENCY_FOR_KIND:
                listing.currency = CURRENCY_FOR_KIND[kind]
                listing.amount_min = amount
                listing.amount_max = amount * 3
            listing.full_clean(exclude=["search_text"])
            listing.save()
            listing.sectors.set(chosen_sectors)
            listing.stages.set(chosen_stages)
            codes = {country} if kind != ListingKind.LANDING_OFFER else {"CN"}
            if kind in {ListingKind.LANDING_ASK, ListingKind.TECHNOLOGY_NEED, ListingKind.POSITION}:
                codes.add("CN")
            ListingCountry.objects.bulk_create(
                [ListingCountry(listing=listing, code=code) for code in sorted(codes)]
            )
            refresh_search_text(listing)
            new_ids.append(listing.pk)
            created += 1
    announce_listings_changed(new_ids)
    return created


# A Chinese-only project and the English-only thesis that fits it: the demo of cross-language matching.
SHOWCASE_ASK: dict[str, Any] = {
    "reference": "demo-showcase-sic-ask",
    "kind": ListingKind.FUNDING_ASK,
    "title_zh": "车规级碳化硅功率模块A轮融资",
    "description_zh": (
        "我们研发用于电动汽车主驱逆变器的车规级碳化硅MOSFET功率模块，已通过车规可靠性验证，"
        "正在与两家整车厂进行装车测试。本轮融资人民币5000万元，用于建设模块封装与测试产线。"
    ),
    "languages": ["zh"],
    "sectors": ["integrated_circuits", "new_energy_vehicles"],
    "stages": ["series_a"],
    "countries": ["CN"],
    "amount": (50_000_000_00, 50_000_000_00, "CNY"),
    "owner": "Neuron Chip Technology (Shanghai) Co., Ltd.",
    "owner_kinds": ("enterprise",),
}
SHOWCASE_THESIS: dict[str, Any] = {
    "reference": "demo-showcase-power-thesis",
    "kind": ListingKind.INVESTMENT_THESIS,
    "title_en": "Investment thesis: power semiconductors for electric vehicles",
    "description_en": (
        "We invest in Series A and Series B companies that build silicon carbide and gallium nitride power "
        "devices, modules and inverters for electric vehicles and fast chargers. Tickets run from USD 5 "
        "million to 20 million, and we help our companies enter automotive supply chains in Europe and China."
    ),
    "languages": ["en"],
    "sectors": ["integrated_circuits", "new_energy_vehicles"],
    "stages": ["series_a", "series_b"],
    "countries": ["CN", "DE", "US"],
    "amount": (5_000_000_00, 20_000_000_00, "USD"),
    "owner": "Pujiang Cross-border Tech Fund",
    "owner_kinds": ("investor",),
    "attributes": {"fund_type": "usd_fund", "rounds": ["series_a", "series_b"], "leads_rounds": True},
}

# The same across the other pair the demo personas meet: the German founder's English-only landing ask and the
# Zhangjiang incubator's Chinese-only offer (the founder's and the carrier's workspaces each show the other).
SHOWCASE_LANDING_ASK: dict[str, Any] = {
    "reference": "demo-showcase-landing-ask",
    "kind": ListingKind.LANDING_ASK,
    "title_en": "Wet lab and company set-up in Shanghai for an antibody start-up",
    "description_en": (
        "Helix Bio, a Berlin biotech developing antibody drugs, plans to open its China subsidiary in "
        "Shanghai next year. We need about 300 square metres of wet-lab and office space for eight people, "
        "help with company registration and work visas, and introductions to hospitals for clinical trials."
    ),
    "languages": ["en"],
    "sectors": ["biomedicine"],
    "stages": [],
    "countries": ["CN"],
    "amount": (None, None, ""),
    "owner": "Helix Bio GmbH",
    "owner_kinds": ("enterprise",),
    "attributes": {
        "headcount": 8,
        "space_m2": 300,
        "services": ["office_space", "company_registration", "visas_residence"],
    },
}
SHOWCASE_LANDING_OFFER: dict[str, Any] = {
    "reference": "demo-showcase-landing-offer",
    "kind": ListingKind.LANDING_OFFER,
    "title_zh": "张江生物医药湿实验室与海外企业落地服务",
    "description_zh": (
        "张江国际创新孵化器为海外生物医药初创企业提供可拎包入驻的湿实验室和办公空间，"
        "协助办理公司注册、工作签证和居留许可，并对接医院开展临床试验。入驻首年免租六个月。"
    ),
    "languages": ["zh"],
    "sectors": ["biomedicine"],
    "stages": [],
    "countries": ["CN"],
    "amount": (None, None, ""),
    "owner": "Zhangjiang International Innovation Incubator",
    "owner_kinds": ("carrier",),
    "attributes": {
        "space_m2": 2000,
        "services": ["office_space", "company_registration", "visas_residence", "recruitment"],
        "rent_free_months": 6,
        "district": "Pudong",
    },
}
SHOWCASE = (SHOWCASE_ASK, SHOWCASE_THESIS, SHOWCASE_LANDING_ASK, SHOWCASE_LANDING_OFFER)


@transaction.atomic
def build_cross_language_showcase() -> int:
    """Add the showcase pairs (a Chinese-only funding ask and the English-only thesis for it, an English-only
    landing ask and the Chinese-only landing offer for it); return how many.

    Both are published and public; a second run adds nothing. Owners are the demo enterprise and fund
    (or the first organisation of the fitting kind).
    """
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    created = 0
    new_ids: list[int] = []
    for spec in SHOWCASE:
        if Listing.objects.filter(reference=spec["reference"]).exists():
            continue
        owner = (
            Organisation.objects.filter(name_en=spec["owner"]).first()
            or Organisation.objects.filter(kind__in=spec["owner_kinds"]).order_by("pk").first()
        )
        if owner is None:
            continue
        low, high, currency = spec["amount"]
        listing = Listing(
            kind=spec["kind"],
            reference=spec["reference"],
            owner_organisation=owner,
            title_zh=spec.get("title_zh", ""),
            title_en=spec.get("title_en", ""),
            description_zh=spec.get("description_zh", ""),
            description_en=spec.get("description_en", ""),
            languages=spec["languages"],
            attributes=spec.get("attributes", {}),
            amount_min=low,
            amount_max=high,
            currency=currency,
            visibility=Visibility.PUBLIC,
            status=ListingStatus.PUBLISHED,
            published_at=now - datetime.timedelta(days=3),
            expires_at=now + datetime.timedelta(days=87),
        )
        listing.full_clean(exclude=["search_text"])
        listing.save()
        listing.sectors.set(Sector.objects.filter(code__in=spec["sectors"]))
        listing.stages.set(Stage.objects.filter(code__in=spec["stages"]))
        ListingCountry.objects.bulk_create(
            [ListingCountry(listing=listing, code=code) for code in spec["countries"]]
        )
        refresh_search_text(listing)
        new_ids.append(listing.pk)
        created += 1
    announce_listings_changed(new_ids)
    return created


__all__ = ["build_cross_language_showcase", "build_demo_listings"]
