"""Write the bilingual evaluation set under data/, deterministically (same seed, same files).

    .venv/bin/python bench/matching_quality/generate.py

- ``corpus.jsonl``: the listing each query should find, plus at least 5,000 distractor listings in both
  languages drawn from the same vocabularies and templates (so they share sectors, cities and stages);
- ``queries.jsonl``: the queries, in the CLI's ``{"id", "text", "lang", "kind", "sectors"}`` format;
- ``pairs.jsonl``: which corpus listing answers which query, and the direction (zh→en, en→zh, zh→zh, en→en).

A pair is what the platform matches: a listing and its **counterpart** of the other kind (a funding ask and
the investment thesis that fits it, a technology need and the offer that answers it, a position and the
talent for it, a soft-landing ask and the landing offer), written from the same facts (sector, product,
customer, city, stage...) in another or the same language. Every listing carries its platform kind and its
sectors, as the platform's listings do; investment theses and landing offers often name a second sector.
A distractor never repeats a target's identifying facts (the product, city, customer, stage or role its
kind's templates always state), so there is exactly one right answer per query.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from vocabulary import CITIES, DEGREES, FUND_TYPES, ROLES, SECTORS, STAGES, USES

DATA = Path(__file__).with_name("data")
KINDS = ("project", "investor", "need", "offer", "talent", "position", "landing", "landing_offer")
# The platform's listing kinds (hatchway.listings.models.ListingKind) and the kind each one is matched with.
PLATFORM_KIND = {
    "project": "funding_ask",
    "investor": "investment_thesis",
    "need": "technology_need",
    "offer": "technology_offer",
    "talent": "talent_profile",
    "position": "position",
    "landing": "landing_ask",
    "landing_offer": "landing_offer",
}
COUNTERPART = {
    "project": "investor",
    "investor": "project",
    "need": "offer",
    "offer": "need",
    "talent": "position",
    "position": "talent",
    "landing": "landing_offer",
    "landing_offer": "landing",
}
# The generator's sectors as the platform's sector codes (hatchway/directory/taxonomy/sectors.yaml).
SECTOR_CODE = {
    "ic": "integrated_circuits",
    "ai": "artificial_intelligence",
    "bio": "biomedicine",
    "meddev": "medical_devices",
    "energy": "hydrogen_and_storage",
    "materials": "advanced_materials",
    "robotics": "intelligent_manufacturing",
    "fintech": "blockchain_and_fintech",
    "auto": "new_energy_vehicles",
    "green": "environmental_technology",
    "agri": "agritech_and_food",
    "aero": "aerospace_and_aviation",
}
BROAD_KINDS = {"investor", "landing_offer"}  # these often name more than one sector
IDENTITY = ("product", "customer", "city", "stage", "role")

# Templates per kind and language; {slots} are filled from the vocabularies.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "project": {
        "zh": [
            "我们研发{product}，主要客户为{customer}。公司位于{city}，目前处于{stage}，计划融资{amount}，用于{use}。",
            "{city}{sector}初创企业，核心产品是{product}，已与多家{customer}开展试点。本轮{stage}拟募集{amount}，资金将用于{use}。",
            "项目简介：{product}。目标市场：{customer}。融资需求：{stage}，{amount}。团队所在地：{city}。",
        ],
        "en": [
            "We develop {product} for {customer}. Based in {city}, we are raising a {stage} round of {amount} to {use}.",
            "{city} {sector} start-up whose core product is {product}, piloted with several {customer}. Our {stage} round seeks {amount}; the money will {use}.",
            "Project: {product}. Market: {customer}. Ask: {amount} ({stage}). Team location: {city}.",
        ],
    },
    "investor": {
        "zh": [
            "{fund}，专注{sector}领域，尤其关注{product}方向，单笔投资{amount}，偏好{stage}项目，覆盖{city}及周边。",
            "我们是一家{fund}，投资主题为{product}等{sector}技术，主要投{stage}，投资额度约{amount}，重点地区为{city}。",
        ],
        "en": [
            "{fund} focused on {sector}, especially {product}; tickets of {amount}, preferring {stage} companies in and around {city}.",
            "We are a {fund} whose thesis covers {product} and other {sector} technologies. We mainly invest at {stage}, around {amount} per deal, with a focus on {city}.",
        ],
    },
    "need": {
        "zh": [
            "技术需求：我们是一家服务{customer}的企业，正在寻找{product}方面的技术合作伙伴，希望在{city}联合开发，预算约{amount}。",
            "{city}企业寻求{product}解决方案，用于服务{customer}，可采用技术许可或联合研发方式，预算{amount}。",
        ],
        "en": [
            "Technology need: a company serving {customer} seeks a partner for {product}, for joint development in {city}, budget about {amount}.",
            "A {city} company is looking for a {product} solution to serve {customer}; open to licensing or co-development, with a budget of {amount}.",
        ],
    },
    "offer": {
        "zh": [
            "技术成果转让：{city}研究团队拥有{product}相关专利，适用于{customer}，可授权许可或作价入股。",
            "我们在{city}开发了成熟的{product}技术，已完成中试验证，寻求{customer}作为产业化合作方。",
        ],
        "en": [
            "Technology offer: a research team in {city} holds patents on {product}, suited to {customer}, available for licensing or as equity.",
            "We have developed proven {product} technology in {city}, validated at pilot scale, and seek {customer} as industrial partners.",
        ],
    },
    "talent": {
        "zh": [
            "海外人才：{degree}，在{city}从事{product}研究{years}年，希望回国担任{role}，加入{sector}企业。",
            "本人拥有{degree}，{years}年{product}相关经验，目前在{city}工作，寻求{sector}方向的{role}职位。",
        ],
        "en": [
            "Overseas talent with a {degree} and {years} years working on {product} in {city}, looking to join a {sector} company in China as {role}.",
            "I hold a {degree}, have {years} years of experience in {product}, currently work in {city}, and seek a {role} role in {sector}.",
        ],
    },
    "position": {
        "zh": [
            "招聘{role}：负责{product}的研发，要求{degree}，{years}年以上相关经验，工作地点{city}。",
            "{city}{sector}企业诚聘{role}，主攻{product}方向，{degree}优先，需{years}年以上经验。",
        ],
        "en": [
            "Hiring a {role} to lead work on {product}; {degree} required, {years}+ years of experience, based in {city}.",
            "{sector} company in {city} is recruiting a {role} for {product}; {degree} preferred and at least {years} years of experience.",
        ],
    },
    "landing": {
        "zh": [
            "来自{city}的{sector}企业，主营{product}，计划在上海设立中国总部，需要办公场地、注册协助和{customer}客户对接。",
            "软着陆需求：{city}公司，产品为{product}，希望通过上海孵化器进入中国市场，对接{customer}。",
        ],
        "en": [
            "A {sector} company from {city} making {product} plans a China headquarters in Shanghai and needs office space, registration help and introductions to {customer}.",
            "Soft-landing request: {city} company offering {product} wants to enter China through a Shanghai incubator and meet {customer}.",
        ],
    },
    "landing_offer": {
        "zh": [
            "{city}孵化器面向海外{sector}企业提供软着陆服务，重点支持{product}方向，提供免租工位并对接{customer}。",
            "我们的{city}海外站为{sector}初创企业提供落地服务，尤其欢迎{product}项目，可引荐{customer}。",
        ],
        "en": [
            "A {city} incubator offers soft landing to overseas {sector} companies, focusing on {product}, with rent-free desks and introductions to {customer}.",
            "Our overseas station in {city} helps {sector} start-ups land, especially {product} projects, and can introduce them to {customer}.",
        ],
    },
}


def amount_text(millions: int, currency: str, lang: str) -> str:
    if lang == "zh":
        unit = "万元" if currency == "CNY" else ("万美元" if currency == "USD" else "万欧元")
        return f"{millions * 100}{unit}"
    return f"{currency} {millions} million"


def make_slots(rng: random.Random, sector: str | None = None) -> dict[str, object]:
    sector = sector or rng.choice(list(SECTORS))
    products, customers = SECTORS[sector][2], SECTORS[sector][3]
    return {
        "kind": rng.choice(KINDS),
        "sector": sector,
        "product": rng.randrange(len(products)),
        "customer": rng.randrange(len(customers)),
        "city": rng.randrange(len(CITIES)),
        "stage": rng.randrange(len(STAGES)),
        "use": rng.randrange(len(USES)),
        "fund": rng.randrange(len(FUND_TYPES)),
        "role": rng.randrange(len(ROLES)),
        "degree": rng.randrange(len(DEGREES)),
        "years": rng.randrange(3, 16),
        "millions": rng.choice([1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 80, 100]),
        "currency": rng.choice(["CNY", "CNY", "USD", "EUR"]),
    }


def render(slots: dict[str, object], lang: str, variant: int) -> str:
    side = 0 if lang == "zh" else 1
    sector_zh, sector_en, products, customers = SECTORS[str(slots["sector"])]

    def pick(table: list[tuple[str, str]], key: str) -> str:
        return table[int(str(slots[key]))][side]

    fields = {
        "sector": sector_zh if lang == "zh" else sector_en,
        "product": pick(products, "product"),
        "customer": pick(customers, "customer"),
        "city": pick(CITIES, "city"),
        "stage": pick(STAGES, "stage"),
        "use": pick(USES, "use"),
        "fund": pick(FUND_TYPES, "fund"),
        "role": pick(ROLES, "role"),
        "degree": pick(DEGREES, "degree"),
        "years": slots["years"],
        "amount": amount_text(int(str(slots["millions"])), str(slots["currency"]), lang),
    }
    templates = TEMPLATES[str(slots["kind"])][lang]
    return templates[variant % len(templates)].format(**fields)


def identity_slots(kind: str) -> tuple[str, ...]:
    """The identifying facts every template of ``kind`` states, in both languages."""
    stated = [set(re.findall(r"{(\w+)}", text)) for texts in TEMPLATES[kind].values() for text in texts]
    return tuple(slot for slot in IDENTITY if all(slot in each for each in stated))


def signature(slots: dict[str, object], kind: str | None = None) -> tuple[object, ...]:
    """What makes two listings of ``kind`` the same listing: their sector and the facts its templates state."""
    kind = kind or str(slots["kind"])
    return (kind, slots["sector"], *(slots[slot] for slot in identity_slots(kind)))


def sectors_of(slots: dict[str, object], kind: str, rng: random.Random) -> list[str]:
    """The listing's sector codes: its own, and for broad kinds sometimes a second one."""
    found = [SECTOR_CODE[str(slots["sector"])]]
    if kind in BROAD_KINDS and rng.random() < 0.5:
        found.append(SECTOR_CODE[rng.choice([code for code in SECTOR_CODE if code != slots["sector"]])])
    return found


def row(identifier: str, slots: dict[str, object], kind: str, lang: str, variant: int, rng: random.Random):
    text = render({**slots, "kind": kind}, lang, variant)
    return {
        "id": identifier,
        "text": text,
        "lang": lang,
        "kind": PLATFORM_KIND[kind],
        "sectors": sectors_of(slots, kind, rng),
    }


DIRECTIONS = (("zh", "en", 120), ("en", "zh", 120), ("zh", "zh", 60), ("en", "en", 60))


def generate(seed: int = 4, distractors: int = 5200) -> tuple[list[dict[str, object]], ...]:
    rng = random.Random(seed)
    sectors = list(SECTORS)
    corpus: list[dict[str, object]] = []
    queries: list[dict[str, object]] = []
    pairs: list[dict[str, object]] = []
    taken: set[tuple[object, ...]] = set()
    number = 0
    for source, target, count in DIRECTIONS:
        for _ in range(count):
            slots = make_slots(rng, sectors[number % len(sectors)])
            slots["kind"] = KINDS[number % len(KINDS)]
            counterpart = COUNTERPART[str(slots["kind"])]
            while signature(slots) in taken or signature(slots, counterpart) in taken:
                slots = make_slots(rng, sectors[number % len(sectors)])
                slots["kind"] = KINDS[number % len(KINDS)]
            taken.add(signature(slots))
            taken.add(signature(slots, counterpart))
            query_id, target_id = f"q{number:04d}", f"t{number:04d}"
            queries.append(row(query_id, slots, str(slots["kind"]), source, rng.randrange(9), rng))
            corpus.append(row(target_id, slots, counterpart, target, rng.randrange(9), rng))
            pairs.append(
                {
                    "query": query_id,
                    "target": target_id,
                    "direction": f"{source}→{target}",
                    "kind": PLATFORM_KIND[str(slots["kind"])],
                    "target_kind": PLATFORM_KIND[counterpart],
                    "sector": SECTOR_CODE[str(slots["sector"])],
                }
            )
            number += 1
    made = 0
    while made < distractors:
        slots = make_slots(rng)
        if signature(slots) in taken:
            continue  # the same listing again would be a second right answer, not a distractor
        lang = "zh" if made % 2 == 0 else "en"
        corpus.append(row(f"d{made:05d}", slots, str(slots["kind"]), lang, rng.randrange(9), rng))
        made += 1
    return corpus, queries, pairs


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--distractors", type=int, default=5200)
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args()
    corpus, queries, pairs = generate(args.seed, args.distractors)
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "corpus.jsonl", corpus)
    write_jsonl(args.out / "queries.jsonl", queries)
    write_jsonl(args.out / "pairs.jsonl", pairs)
    print(
        f"{len(pairs)} pairs, {len(corpus)} corpus listings ({len(corpus) - len(pairs)} distractors) in {args.out}"
    )


if __name__ == "__main__":
    main()
