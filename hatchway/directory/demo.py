"""A realistic, bilingual, deterministic directory at the seed letter's scale.

``build_demo_directory()`` makes the same rows for the same seed on every run (``random.Random``,
no clock except the current year for the data reports' fiscal years) and adds only what is missing:
every row carries a ``ref`` (users: their e-mail address), so a second call adds nothing. Rows go in
with ``bulk_create`` in batches, and enterprises are generated batch by batch, so that a million
enterprises stay within the memory of a small server.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hatchway.accounts.models import User
from hatchway.directory.creditcode import ALPHABET, check_character, organisation_code_check_character
from hatchway.directory.models import (
    ConsentKind,
    ConsentRecord,
    DataReport,
    Degree,
    FundType,
    Organisation,
    OrganisationKind,
    Sector,
    Stage,
    Subtype,
    TalentProfile,
)
from hatchway.search import search_document

BATCH = 2000

# Shanghai districts: (Chinese, English, administrative division code).
DISTRICTS = [
    ("浦东新区", "Pudong", "310115"),
    ("徐汇", "Xuhui", "310104"),
    ("杨浦", "Yangpu", "310110"),
    ("闵行", "Minhang", "310112"),
    ("嘉定", "Jiading", "310114"),
    ("松江", "Songjiang", "310117"),
    ("宝山", "Baoshan", "310113"),
    ("静安", "Jing'an", "310106"),
    ("长宁", "Changning", "310105"),
    ("普陀", "Putuo", "310107"),
    ("虹口", "Hongkou", "310109"),
    ("黄浦", "Huangpu", "310101"),
    ("青浦", "Qingpu", "310118"),
    ("奉贤", "Fengxian", "310120"),
    ("金山", "Jinshan", "310116"),
    ("崇明", "Chongming", "310151"),
]
AREAS = [
    ("张江", "Zhangjiang"),
    ("漕河泾", "Caohejing"),
    ("临港", "Lingang"),
    ("紫竹", "Zizhu"),
    ("五角场", "Wujiaochang"),
    ("市北", "Shibei"),
    ("大零号湾", "Dalinghao Bay"),
    ("环同济", "Tongji Ring"),
    ("虹桥", "Hongqiao"),
    ("外滩", "Bund"),
    ("G60", "G60"),
    ("南大", "Nanda"),
]
THEMES = [
    ("集成电路", "IC"),
    ("生物医药", "Biomedical"),
    ("人工智能", "AI"),
    ("智能制造", "Smart Manufacturing"),
    ("新材料", "New Materials"),
    ("数字经济", "Digital Economy"),
    ("医疗器械", "MedTech"),
    ("新能源", "New Energy"),
    ("国际", "International"),
    ("青年创业", "Youth Venture"),
    ("硬科技", "Hard Tech"),
    ("航空航天", "Aerospace"),
]
CARRIER_TYPES = [
    (Subtype.INCUBATOR, "孵化器", "Incubator"),
    (Subtype.ACCELERATOR, "加速器", "Accelerator"),
    (Subtype.MAKER_SPACE, "众创空间", "Maker Space"),
    (Subtype.UNIVERSITY_SCIENCE_PARK, "大学科技园", "University Science Park"),
]
GOI_HOSTS = [
    ("上汽集团", "SAIC Motor"),
    ("上海电气", "Shanghai Electric"),
    ("中国商飞", "COMAC"),
    ("华谊集团", "Huayi Group"),
    ("上海医药", "Shanghai Pharma"),
    ("中国宝武", "China Baowu"),
    ("联影医疗", "United Imaging"),
    ("西门子", "Siemens"),
    ("施耐德电气", "Schneider Electric"),
    ("霍尼韦尔", "Honeywell"),
    ("阿斯利康", "AstraZeneca"),
    ("罗氏", "Roche"),
    ("拜耳", "Bayer"),
    ("强生", "Johnson & Johnson"),
    ("微软", "Microsoft"),
    ("亚马逊云科技", "Amazon Web Services"),
    ("腾讯", "Tencent"),
    ("阿里巴巴", "Alibaba"),
    ("百度", "Baidu"),
    ("商汤科技", "SenseTime"),
    ("联想", "Lenovo"),
    ("中国电信", "China Telecom"),
    ("中国移动", "China Mobile"),
    ("东方航空", "China Eastern"),
    ("上港集团", "SIPG"),
    ("光明食品", "Bright Food"),
    ("复星", "Fosun"),
    ("巴斯夫", "BASF"),
    ("科思创", "Covestro"),
    ("博世", "Bosch"),
    ("通用电气医疗", "GE HealthCare"),
    ("飞利浦", "Philips"),
    ("欧莱雅", "L'Oréal"),
    ("达能", "Danone"),
    ("英特尔", "Intel"),
    ("宁德时代", "CATL"),
    ("中芯国际", "SMIC"),
    ("华虹集团", "Hua Hong Group"),
    ("国网上海电力", "State Grid Shanghai"),
    ("上海仪电", "INESA"),
    ("百联集团", "Bailian Group"),
    ("锦江国际", "Jin Jiang International"),
    ("ABB", "ABB"),
    ("米其林", "Michelin"),
    ("赛诺菲", "Sanofi"),
]
GOI_THEMES = [
    ("开放创新中心", "Open Innovation Centre"),
    ("创新加速中心", "Innovation Acceleration Centre"),
    ("数字化创新中心", "Digital Innovation Centre"),
    ("绿色低碳创新中心", "Green and Low-carbon Innovation Centre"),
]
# Real cities of the overseas stations: (zh, en, country).
CITIES = [
    ("波士顿", "Boston", "US"),
    ("旧金山", "San Francisco", "US"),
    ("圣何塞", "San Jose", "US"),
    ("纽约", "New York", "US"),
    ("西雅图", "Seattle", "US"),
    ("洛杉矶", "Los Angeles", "US"),
    ("圣地亚哥", "San Diego", "US"),
    ("休斯敦", "Houston", "US"),
    ("芝加哥", "Chicago", "US"),
    ("多伦多", "Toronto", "CA"),
    ("蒙特利尔", "Montreal", "CA"),
    ("温哥华", "Vancouver", "CA"),
    ("伦敦", "London", "GB"),
    ("剑桥", "Cambridge", "GB"),
    ("牛津", "Oxford", "GB"),
    ("曼彻斯特", "Manchester", "GB"),
    ("爱丁堡", "Edinburgh", "GB"),
    ("柏林", "Berlin", "DE"),
    ("慕尼黑", "Munich", "DE"),
    ("法兰克福", "Frankfurt", "DE"),
    ("汉堡", "Hamburg", "DE"),
    ("斯图加特", "Stuttgart", "DE"),
    ("杜塞尔多夫", "Düsseldorf", "DE"),
    ("巴黎", "Paris", "FR"),
    ("里昂", "Lyon", "FR"),
    ("格勒诺布尔", "Grenoble", "FR"),
    ("阿姆斯特丹", "Amsterdam", "NL"),
    ("埃因霍温", "Eindhoven", "NL"),
    ("鹿特丹", "Rotterdam", "NL"),
    ("布鲁塞尔", "Brussels", "BE"),
    ("鲁汶", "Leuven", "BE"),
    ("苏黎世", "Zurich", "CH"),
    ("日内瓦", "Geneva", "CH"),
    ("巴塞尔", "Basel", "CH"),
    ("维也纳", "Vienna", "AT"),
    ("斯德哥尔摩", "Stockholm", "SE"),
    ("哥本哈根", "Copenhagen", "DK"),
    ("赫尔辛基", "Helsinki", "FI"),
    ("奥斯陆", "Oslo", "NO"),
    ("米兰", "Milan", "IT"),
    ("都灵", "Turin", "IT"),
    ("马德里", "Madrid", "ES"),
    ("巴塞罗那", "Barcelona", "ES"),
    ("都柏林", "Dublin", "IE"),
    ("华沙", "Warsaw", "PL"),
    ("布拉格", "Prague", "CZ"),
    ("布达佩斯", "Budapest", "HU"),
    ("新加坡", "Singapore", "SG"),
    ("东京", "Tokyo", "JP"),
    ("大阪", "Osaka", "JP"),
    ("名古屋", "Nagoya", "JP"),
    ("首尔", "Seoul", "KR"),
    ("大田", "Daejeon", "KR"),
    ("悉尼", "Sydney", "AU"),
    ("墨尔本", "Melbourne", "AU"),
    ("布里斯班", "Brisbane", "AU"),
    ("奥克兰", "Auckland", "NZ"),
    ("曼谷", "Bangkok", "TH"),
    ("吉隆坡", "Kuala Lumpur", "MY"),
    ("雅加达", "Jakarta", "ID"),
    ("胡志明市", "Ho Chi Minh City", "VN"),
    ("班加罗尔", "Bengaluru", "IN"),
    ("香港", "Hong Kong", "HK"),
    ("特拉维夫", "Tel Aviv", "IL"),
]
STATION_TYPES = [
    (Subtype.BRANCH, "分站", "Station"),
    (Subtype.INNOVATION_BASE, "海外创新基地", "Overseas Innovation Base"),
    (Subtype.COOPERATION_CHANNEL, "合作渠道", "Cooperation Channel"),
]
SYLLABLES = [
    ("芯", "Xin"),
    ("智", "Zhi"),
    ("源", "Yuan"),
    ("瑞", "Rui"),
    ("博", "Bo"),
    ("康", "Kang"),
    ("微", "Wei"),
    ("华", "Hua"),
    ("星", "Xing"),
    ("云", "Yun"),
    ("量", "Liang"),
    ("图", "Tu"),
    ("泰", "Tai"),
    ("创", "Chuang"),
    ("诺", "Nuo"),
    ("恒", "Heng"),
    ("合", "He"),
    ("思", "Si"),
    ("迈", "Mai"),
    ("格", "Ge"),
    ("朗", "Lang"),
    ("峰", "Feng"),
    ("凌", "Ling"),
    ("启", "Qi"),
]
LATIN_BRANDS = [
    ("赫利克斯", "Helix"),
    ("诺瓦", "Nova"),
    ("奥普蒂卡", "Optica"),
    ("维塔", "Vita"),
    ("夸恩图姆", "Quantum"),
    ("艾奥", "Aeon"),
    ("卢门", "Lumen"),
    ("赛纳普斯", "Synapse"),
    ("阿尔法", "Alpha"),
    ("奥比特", "Orbit"),
    ("费罗", "Ferro"),
    ("格拉菲", "Graphe"),
]
# The business word of an enterprise name, by sector code (zh, en).
SECTOR_WORDS: dict[str, tuple[str, str]] = {
    "integrated_circuits": ("半导体", "Semiconductor"),
    "biomedicine": ("生物医药", "Biopharma"),
    "artificial_intelligence": ("智能科技", "AI Technology"),
    "medical_devices": ("医疗器械", "Medical Devices"),
    "software_and_it_services": ("信息技术", "Information Technology"),
    "communications_5g": ("通信技术", "Communications"),
    "quantum_technology": ("量子科技", "Quantum Technology"),
    "blockchain_and_fintech": ("金融科技", "Fintech"),
    "aerospace_and_aviation": ("航空科技", "Aviation Technology"),
    "commercial_space": ("航天科技", "Space Technology"),
    "advanced_materials": ("新材料", "Advanced Materials"),
    "new_energy_vehicles": ("新能源汽车科技", "EV Technology"),
    "hydrogen_and_storage": ("氢能科技", "Hydrogen Technology"),
    "solar_and_wind": ("光伏科技", "Solar Technology"),
    "environmental_technology": ("环保科技", "Environmental Technology"),
    "carbon_neutrality": ("碳中和科技", "Carbon Technology"),
    "intelligent_manufacturing": ("智能装备", "Smart Equipment"),
    "robotics": ("机器人", "Robotics"),
    "high_end_equipment": ("精密装备", "Precision Equipment"),
    "digital_health": ("数字健康", "Digital Health"),
    "synthetic_biology": ("合成生物", "Synthetic Biology"),
    "agritech_and_food": ("食品科技", "Food Technology"),
    "tech_services": ("科技服务", "Technology Services"),
    "culture_and_creative_tech": ("数字创意", "Creative Technology"),
}
# Overseas enterprise countries: (country, zh, legal form).
OVERSEAS = [
    ("US", "美国", "Inc."),
    ("DE", "德国", "GmbH"),
    ("GB", "英国", "Ltd."),
    ("FR", "法国", "SAS"),
    ("NL", "荷兰", "B.V."),
    ("SG", "新加坡", "Pte. Ltd."),
    ("JP", "日本", "K.K."),
    ("KR", "韩国", "Co., Ltd."),
    ("CH", "瑞士", "AG"),
    ("SE", "瑞典", "AB"),
    ("IL", "以色列", "Ltd."),
    ("CA", "加拿大", "Inc."),
    ("AU", "澳大利亚", "Pty Ltd"),
    ("FI", "芬兰", "Oy"),
]
INVESTOR_SPECS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        FundType.RMB_FUND,
        "CNY",
        "CN",
        [
            ("浦江科创", "Pujiang Sci-Tech"),
            ("临港前沿", "Lingang Frontier"),
            ("张江硬科技", "Zhangjiang Hard Tech"),
            ("海河创新", "Haihe Innovation"),
            ("长三角协同", "YRD Synergy"),
            ("申城天使", "Shencheng Seed"),
        ],
    ),
    (
        FundType.USD_FUND,
        "USD",
        "US",
        [
            ("太平洋桥", "Pacific Bridge"),
            ("北极星", "Polaris"),
            ("蓝海", "Blue Ocean"),
            ("红杉树", "Redwood Grove"),
            ("东方之门", "East Gate"),
        ],
    ),
    (
        FundType.QFLP,
        "USD",
        "CN",
        [
            ("陆家嘴QFLP", "Lujiazui QFLP"),
            ("外滩跨境", "Bund Cross-border"),
            ("虹桥国际", "Hongqiao International"),
            ("自贸区", "Free Trade Zone"),
        ],
    ),
    (
        FundType.SOVEREIGN,
        "USD",
        "SG",
        [
            ("狮城主权", "Lion City Sovereign"),
            ("北欧主权", "Nordic Sovereign"),
            ("海湾主权", "Gulf Sovereign"),
        ],
    ),
    (
        FundType.PENSION,
        "CAD",
        "CA",
        [
            ("枫叶养老", "Maple Pension"),
            ("荷兰公职养老", "Dutch Civil Pension"),
            ("加州教师养老", "California Teachers Pension"),
        ],
    ),
    (
        FundType.ENDOWMENT,
        "USD",
        "US",
        [("常春藤大学", "Ivy University"), ("剑河学院", "Cam River College"), ("湾区大学", "Bay University")],
    ),
    (
        FundType.CORPORATE_VC,
        "CNY",
        "CN",
        [
            ("上汽恒旭", "SAIC Hengxu"),
            ("联影智元", "United Imaging Zhiyuan"),
            ("商飞创投", "COMAC Ventures"),
            ("腾讯产业", "Tencent Industry"),
            ("博世创投", "Bosch Ventures"),
        ],
    ),
    (
        FundType.ANGEL,
        "CNY",
        "CN",
        [
            ("交大校友天使", "SJTU Alumni Angels"),
            ("复旦天使", "Fudan Angels"),
            ("海归天使", "Returnee Angels"),
            ("硅谷华人天使", "Silicon Valley Chinese Angels"),
        ],
    ),
]
FUND_SUFFIX: dict[str, tuple[str, str]] = {
    FundType.RMB_FUND: ("创业投资基金", "Venture Capital Fund"),
    FundType.USD_FUND: ("美元基金", "Capital"),
    FundType.QFLP: ("股权投资基金", "Equity Investment Fund"),
    FundType.SOVEREIGN: ("投资公司", "Investment Corporation"),
    FundType.PENSION: ("基金", "Fund"),
    FundType.ENDOWMENT: ("捐赠基金", "Endowment"),
    FundType.CORPORATE_VC: ("投资", "Investment"),
    FundType.ANGEL: ("投资人联盟", "Angel Network"),
}
UNIVERSITIES = [
    ("复旦大学", "Fudan University", "https://www.fudan.edu.cn"),
    ("上海交通大学", "Shanghai Jiao Tong University", "https://www.sjtu.edu.cn"),
    ("同济大学", "Tongji University", "https://www.tongji.edu.cn"),
    ("华东师范大学", "East China Normal University", "https://www.ecnu.edu.cn"),
    ("上海大学", "Shanghai University", "https://www.shu.edu.cn"),
    ("上海科技大学", "ShanghaiTech University", "https://www.shanghaitech.edu.cn"),
    ("华东理工大学", "East China University of Science and Technology", "https://www.ecust.edu.cn"),
    ("东华大学", "Donghua University", "https://www.dhu.edu.cn"),
    ("上海理工大学", "University of Shanghai for Science and Technology", "https://www.usst.edu.cn"),
    ("上海中医药大学", "Shanghai University of Traditional Chinese Medicine", "https://www.shutcm.edu.cn"),
]
INSTITUTES = [
    ("中国科学院上海药物研究所", "Shanghai Institute of Materia Medica, CAS"),
    (
        "中国科学院上海微系统与信息技术研究所",
        "Shanghai Institute of Microsystem and Information Technology, CAS",
    ),
    ("中国科学院上海光学精密机械研究所", "Shanghai Institute of Optics and Fine Mechanics, CAS"),
    ("中国科学院上海硅酸盐研究所", "Shanghai Institute of Ceramics, CAS"),
    ("上海人工智能实验室", "Shanghai Artificial Intelligence Laboratory"),
    ("张江实验室", "Zhangjiang Laboratory"),
    ("上海市计量测试技术研究院", "Shanghai Institute of Measurement and Testing Technology"),
    ("上海产业技术研究院", "Shanghai Industrial Technology Research Institute"),
]
GIVEN_NAMES = [
    "Priya",
    "Lukas",
    "Sofia",
    "Kenji",
    "Amara",
    "Mateo",
    "Hana",
    "Oliver",
    "Chloé",
    "Arjun",
    "Elena",
    "Daniel",
    "Yuki",
    "Noah",
    "Fatima",
    "Liam",
    "Mei",
    "Jonas",
    "Aisha",
    "Tomás",
]
FAMILY_NAMES = [
    "Sharma",
    "Müller",
    "Rossi",
    "Tanaka",
    "Okafor",
    "García",
    "Kim",
    "Smith",
    "Dubois",
    "Patel",
    "Ivanova",
    "Cohen",
    "Sato",
    "Johansson",
    "Haddad",
    "Murphy",
    "Lin",
    "Weber",
    "Bello",
    "Silva",
]
NATIONALITIES = [
    "IN",
    "DE",
    "IT",
    "JP",
    "NG",
    "ES",
    "KR",
    "GB",
    "FR",
    "IN",
    "RU",
    "IL",
    "JP",
    "SE",
    "LB",
    "IE",
    "SG",
    "DE",
    "NG",
    "PT",
]
FIELDS = [
    "power electronics",
    "immunology",
    "computer vision",
    "battery chemistry",
    "MEMS design",
    "drug discovery",
    "robot control",
    "photonics",
    "medical imaging",
    "natural language processing",
    "materials science",
    "RF front-end design",
]
SKILLS = [
    "Python",
    "PyTorch",
    "CRISPR",
    "Verilog",
    "PCB design",
    "GMP",
    "finite element analysis",
    "ROS",
    "clinical trials",
    "Cadence",
    "Kubernetes",
    "mass spectrometry",
    "SolidWorks",
    "patent drafting",
]


@dataclass(frozen=True)
class _TalentSpec:
    email: str
    full_name: str
    nationality: str
    current_country: str
    field: str
    degree: str
    skills: list[str]
    languages: list[str]
    matching: bool
    contact: bool
    sectors: list[int]


def _ref(kind: str, number: int) -> str:
    return f"demo:{kind}:{number:07d}"


@lru_cache(maxsize=4096)
def _words(*parts: str) -> tuple[str, ...]:
    return tuple(search_document(*parts).split())


def _search_text(names: tuple[str, ...], descriptions: tuple[str, ...]) -> str:
    """search_document of names and descriptions; descriptions repeat, so their words are cached."""
    merged = dict.fromkeys(search_document(*names).split())
    merged.update(dict.fromkeys(_words(*descriptions)))
    return f" {' '.join(merged)} " if merged else ""


def _credit_code(number: int, division: str) -> str:
    """A well-formed, unique code: the organisation code encodes the number in the code's alphabet."""
    digits = ""
    value = number
    for _position in range(5):
        digits = ALPHABET[value % 31] + digits
        value //= 31
    organisation = "MA1" + digits
    first17 = "91" + division + organisation + organisation_code_check_character(organisation)
    return first17 + check_character(first17)


class _Builder:
    def __init__(self, seed: int, stdout: TextIO | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
        self.stdout = stdout
        self.created: dict[str, int] = {}
        self.sectors = list(Sector.objects.order_by("sort_order", "code"))
        self.stages = list(Stage.objects.order_by("sort_order", "code"))
        self.this_year = timezone.now().year

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + "\n")

    def insert(
        self, label: str, rows: list[Organisation], sectors: dict[str, list[int]] | None = None
    ) -> dict[str, int]:
        """Insert the rows whose ref is new; return the ids of those inserted, by ref."""
        existing = set(
            Organisation.objects.filter(ref__in=[row.ref for row in rows]).values_list("ref", flat=True)
        )
        new = [row for row in rows if row.ref not in existing]
        Organisation.objects.bulk_create(new, batch_size=500)
        ids = {
            ref: pk
            for ref, pk in Organisation.objects.filter(ref__in=[row.ref for row in new]).values_list(
                "ref", "id"
            )
            if ref is not None
        }
        if sectors:
            through = Organisation.sectors.through
            through.objects.bulk_create(
                [
                    through(organisation_id=ids[ref], sector_id=sector_id)
                    for ref, sector_ids in sectors.items()
                    if ref in ids
                    for sector_id in sector_ids
                ],
                batch_size=1000,
            )
        self.created[label] = self.created.get(label, 0) + len(new)
        return ids

    def all_ids(self, prefix: str) -> list[int]:
        return list(
            Organisation.objects.filter(ref__startswith=f"demo:{prefix}:")
            .order_by("ref")
            .values_list("id", flat=True)
        )

    def organisation(self, ref: str, kind: str, name_zh: str, name_en: str, **fields: Any) -> Organisation:
        row = Organisation(ref=ref, kind=kind, name_zh=name_zh, name_en=name_en, **fields)
        row.search_text = _search_text(
            (
                name_zh,
                name_en,
                row.city_zh,
                row.city_en,
                row.host_name_zh,
                row.host_name_en,
                row.credit_code or "",
            ),
            (row.description_zh, row.description_en),
        )
        return row

    # --- carriers, GOI centres, stations ---------------------------------------------------------------

    def carriers(self, count: int) -> None:
        rng = self.rng
        combos = [
            (area, theme, kind)
            for area in AREAS + [(d[0], d[1]) for d in DISTRICTS]
            for theme in THEMES
            for kind in CARRIER_TYPES
        ]
        rows = []
        for number, ((area_zh, area_en), (theme_zh, theme_en), (subtype, type_zh, type_en)) in enumerate(
            rng.sample(combos, count)
        ):
            rows.append(
                self.organisation(
                    _ref("carrier", number),
                    OrganisationKind.CARRIER,
                    f"{area_zh}{theme_zh}{type_zh}",
                    f"{area_en} {theme_en} {type_en}",
                    subtype=subtype,
                    city_zh="上海",
                    city_en="Shanghai",
                    description_zh=f"位于上海{area_zh}的{theme_zh}{type_zh}，为初创企业提供空间、投融资对接和跨境服务。",
                    description_en=(
                        f"A {theme_en.lower()} {type_en.lower()} in {area_en}, Shanghai, offering space, "
                        "investor introductions and cross-border services to start-ups."
                    ),
                    website=f"https://carrier{number:03d}.example.cn",
                )
            )
        self.insert("carriers", rows)

    def goi_centres(self) -> None:
        pairs = [(host, theme) for theme in GOI_THEMES for host in GOI_HOSTS][:90]
        rows = []
        for number, ((host_zh, host_en), (theme_zh, theme_en)) in enumerate(pairs):
            batch = number // 15 + 1
            rows.append(
                self.organisation(
                    _ref("goi", number),
                    OrganisationKind.CARRIER,
                    f"{host_zh}{theme_zh}",
                    f"{host_en} {theme_en}",
                    subtype=Subtype.GOI,
                    goi_batch=batch,
                    host_name_zh=host_zh,
                    host_name_en=host_en,
                    city_zh="上海",
                    city_en="Shanghai",
                    description_zh=f"{host_zh}设立的大企业开放创新中心（第{batch}批），发布技术需求，与初创企业共同开发。",
                    description_en=(
                        f"The open-innovation centre of {host_en} (batch {batch}): it publishes technology "
                        "challenges and co-develops with start-ups."
                    ),
                )
            )
        self.insert("goi_centres", rows)

    def stations(self, carrier_ids: list[int]) -> None:
        rng = self.rng
        rows = []
        for number, (city_zh, city_en, country) in enumerate(CITIES):
            subtype, type_zh, type_en = STATION_TYPES[number % 3]
            parent = rng.choice(carrier_ids)
            opened = datetime.date(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28))
            closed = opened + datetime.timedelta(days=rng.randint(700, 2000)) if rng.random() < 0.08 else None
            rows.append(
                self.organisation(
                    _ref("station", number),
                    OrganisationKind.OVERSEAS_STATION,
                    f"上海科创{city_zh}{type_zh}",
                    f"Shanghai Innovation {city_en} {type_en}",
                    subtype=subtype,
                    country=country,
                    city_zh=city_zh,
                    city_en=city_en,
                    parent_carrier_id=parent,
                    opened_on=opened,
                    closed_on=closed,
                    description_zh=f"上海科创载体在{city_zh}的{type_zh}，对接当地项目、人才与资本。",
                    description_en=(
                        f"A Shanghai carrier's {type_en.lower()} in {city_en}, connecting local projects, "
                        "talent and capital with Shanghai."
                    ),
                )
            )
        self.insert("overseas_stations", rows)

    # --- investors, universities, institutes -------------------------------------------------------------

    def investors(self) -> None:
        rng = self.rng
        rows, sectors = [], {}
        number = 0
        for fund_type, currency, country, names in INVESTOR_SPECS:
            suffix_zh, suffix_en = FUND_SUFFIX[fund_type]
            for name_zh, name_en in names:
                ref = _ref("investor", number)
                label = FundType(fund_type).label
                rows.append(
                    self.organisation(
                        ref,
                        OrganisationKind.INVESTOR,
                        f"{name_zh}{suffix_zh}",
                        f"{name_en} {suffix_en}",
                        fund_type=fund_type,
                        currency=currency,
                        country=country,
                        description_zh=f"{name_zh}{suffix_zh}投资早期和成长期硬科技项目。",
                        description_en=f"{name_en} {suffix_en} ({label}) invests in early and growth-stage hard tech.",
                    )
                )
                sectors[ref] = [sector.pk for sector in rng.sample(self.sectors, 3)]
                number += 1
        self.insert("investors", rows, sectors)

    def academia(self) -> None:
        taken = set(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE]
            ).values_list("name_en", flat=True)
        )
        universities = [
            self.organisation(
                _ref("university", number),
                OrganisationKind.UNIVERSITY,
                name_zh,
                name_en,
                website=website,
                city_zh="上海",
                city_en="Shanghai",
                description_zh=f"{name_zh}的技术转移中心向企业开放专利与科研成果。",
                description_en=f"The technology transfer office of {name_en} licenses patents and research results.",
            )
            for number, (name_zh, name_en, website) in enumerate(UNIVERSITIES)
            if name_en not in taken
        ]
        self.insert("universities", universities)
        institutes = [
            self.organisation(
                _ref("institute", number),
                OrganisationKind.RESEARCH_INSTITUTE,
                name_zh,
                name_en,
                city_zh="上海",
                city_en="Shanghai",
                description_zh=f"{name_zh}与企业共建联合实验室，转化科研成果。",
                description_en=f"{name_en} runs joint laboratories with companies and transfers research results.",
            )
            for number, (name_zh, name_en) in enumerate(INSTITUTES)
            if name_en not in taken
        ]
        self.insert("research_institutes", institutes)

    # --- enterprises and their data reports ---------------------------------------------------------------

    def enterprise_batches(
        self, count: int, carrier_ids: list[int]
    ) -> Iterator[tuple[list[Organisation], dict[str, list[int]], dict[str, list[DataReport]]]]:
        rng = self.rng
        rows: list[Organisation] = []
        sectors: dict[str, list[int]] = {}
        reports: dict[str, list[DataReport]] = {}
        for number in range(count):
            ref = _ref("enterprise", number)
            sector = rng.choice(self.sectors)
            word_zh, word_en = SECTOR_WORDS.get(sector.code, (sector.name_zh, sector.name_en))
            stage = rng.choice(self.stages)
            registered = datetime.date(
                rng.randint(2008, self.this_year - 2), rng.randint(1, 12), rng.randint(1, 28)
            )
            if rng.random() < 0.8:
                (a_zh, a_en), (b_zh, b_en) = rng.sample(SYLLABLES, 2)
                district_zh, _district_en, division = rng.choice(DISTRICTS)
                row = self.organisation(
                    ref,
                    OrganisationKind.ENTERPRISE,
                    f"{a_zh}{b_zh}{word_zh}（上海）有限公司",
                    f"{a_en}{b_en.lower()} {word_en} (Shanghai) Co., Ltd.",
                    country="CN",
                    city_zh="上海",
                    city_en="Shanghai",
                    credit_code=_credit_code(number, division),
                    registration_date=registered,
                    incubating_carrier_id=rng.choice(carrier_ids) if rng.random() < 0.7 else None,
                    stage_id=stage.pk,
                    description_zh=f"{district_zh}的{sector.name_zh}企业，处于{stage.name_zh}。",
                    description_en=f"A Shanghai company in {sector.name_en.lower()}, at the stage: {stage.name_en.lower()}.",
                )
            else:
                brand_zh, brand_en = rng.choice(LATIN_BRANDS)
                (a_zh, a_en) = rng.choice(SYLLABLES)
                country, country_zh, form = rng.choice(OVERSEAS)
                row = self.organisation(
                    ref,
                    OrganisationKind.ENTERPRISE,
                    f"{brand_zh}{a_zh}{word_zh}（{country_zh}）",
                    f"{brand_en}{a_en.lower()} {word_en} {form}",
                    country=country,
                    registration_date=registered,
                    incubating_carrier_id=rng.choice(carrier_ids) if rng.random() < 0.3 else None,
                    stage_id=stage.pk,
                    description_zh=f"来自{country_zh}的{sector.name_zh}企业，寻求在上海落地。",
                    description_en=f"A company from abroad in {sector.name_en.lower()}, seeking a soft landing in Shanghai.",
                )
            rows.append(row)
            extra = rng.choice(self.sectors)
            sectors[ref] = sorted({sector.pk, extra.pk} if rng.random() < 0.3 else {sector.pk})
            reports[ref] = self.reports(registered, stale=rng.random() < 0.08)
            if len(rows) == BATCH:
                yield rows, sectors, reports
                rows, sectors, reports = [], {}, {}
        if rows:
            yield rows, sectors, reports

    def reports(self, registered: datetime.date, *, stale: bool) -> list[DataReport]:
        rng = self.rng
        revenue = rng.randint(50, 20_000) * 1_000_000  # fen: 0.5 to 200 million yuan before growth
        employees = Decimal(rng.randint(5, 400))
        last = self.this_year - (2 if stale else 1)
        rows = []
        for year in range(self.this_year - 3, last + 1):
            if year < registered.year:
                continue
            revenue = int(revenue * rng.uniform(0.9, 1.5))
            rd = int(revenue * rng.uniform(0.03, 0.18))
            income = int(revenue * rng.uniform(1.0, 1.08))
            employees = (employees * Decimal(str(round(rng.uniform(0.95, 1.3), 2)))).quantize(Decimal("0.01"))
            assets = int(revenue * rng.uniform(0.8, 2.5))
            rows.append(
                DataReport(
                    fiscal_year=year,
                    revision=1,
                    is_current=True,
                    filed_at=timezone.make_aware(datetime.datetime(year + 1, 3, 31, 10, 0)),
                    sales_revenue_fen=revenue,
                    rd_expense_fen=rd,
                    rd_expense_domestic_fen=int(rd * rng.uniform(0.85, 1.0)),
                    income_total_fen=income,
                    non_taxable_income_fen=int(income * rng.uniform(0, 0.05)),
                    high_tech_income_fen=int(income * rng.uniform(0.4, 0.95)),
                    net_assets_fen=int(assets * rng.uniform(-0.1, 0.7)),
                    total_assets_fen=assets,
                    total_cost_expense_fen=int(revenue * rng.uniform(0.7, 1.1)),
                    employees_avg=employees,
                    tech_staff_avg=(employees * Decimal(str(round(rng.uniform(0.1, 0.6), 2)))).quantize(
                        Decimal("0.01")
                    ),
                    ip_class_i_count=rng.randint(0, 6),
                    ip_class_ii_count=rng.randint(0, 25),
                    overseas_staff_count=rng.randint(0, 12),
                )
            )
        return rows

    def enterprises(self, count: int, carrier_ids: list[int]) -> None:
        done = 0
        for rows, sectors, reports in self.enterprise_batches(count, carrier_ids):
            with transaction.atomic():
                ids = self.insert("enterprises", rows, sectors)
                new_reports = []
                for ref, enterprise_id in ids.items():
                    for report in reports[ref]:
                        report.enterprise_id = enterprise_id
                        new_reports.append(report)
                DataReport.objects.bulk_create(new_reports, batch_size=1000)
                self.created["data_reports"] = self.created.get("data_reports", 0) + len(new_reports)
            done += len(rows)
            self.say(f"enterprises: {done}/{count}")

    # --- talents ------------------------------------------------------------------------------------------

    def talents(self, count: int) -> None:
        rng = self.rng
        password = make_password(None)  # unusable: demo talents do not sign in
        specs: list[_TalentSpec] = []
        for number in range(count):
            index = rng.randrange(len(GIVEN_NAMES))
            family = rng.randrange(len(FAMILY_NAMES))
            field = rng.choice(FIELDS)
            specs.append(
                _TalentSpec(
                    email=f"talent{number:05d}@demo.hatchway.local",
                    full_name=f"{GIVEN_NAMES[index]} {FAMILY_NAMES[family]}",
                    nationality=NATIONALITIES[family],
                    current_country=rng.choice([country for _zh, _en, country in CITIES]),
                    field=field,
                    degree=rng.choice([Degree.MASTER, Degree.DOCTORATE, Degree.DOCTORATE, Degree.BACHELOR]),
                    skills=rng.sample(SKILLS, 3),
                    languages=sorted({"en", rng.choice(["zh", "de", "fr", "ja", "ko", "es", "en"])}),
                    matching=rng.random() < 0.7,
                    contact=rng.random() < 0.4,
                    sectors=[sector.pk for sector in rng.sample(self.sectors, 2)],
                )
            )
        existing = set(
            User.objects.filter(email__in=[spec.email for spec in specs]).values_list("email", flat=True)
        )
        new = [spec for spec in specs if spec.email not in existing]
        with transaction.atomic():
            User.objects.bulk_create(
                [
                    User(
                        email=spec.email,
                        full_name=spec.full_name,
                        password=password,
                        language="en",
                        time_zone="UTC",
                    )
                    for spec in new
                ],
                batch_size=500,
            )
            users = dict(
                User.objects.filter(email__in=[spec.email for spec in new]).values_list("email", "id")
            )
            when = timezone.make_aware(datetime.datetime(self.this_year, 1, 15, 9, 0))
            profiles = []
            for spec in new:
                headline = f"{spec.field.capitalize()} specialist"
                profiles.append(
                    TalentProfile(
                        user_id=users[spec.email],
                        headline_en=headline,
                        headline_zh="",
                        nationality=spec.nationality,
                        current_country=spec.current_country,
                        field=spec.field,
                        degree=spec.degree,
                        skills=spec.skills,
                        languages=spec.languages,
                        consent_matching=spec.matching,
                        consent_matching_at=when if spec.matching else None,
                        consent_contact=spec.contact,
                        consent_contact_at=when if spec.contact else None,
                        search_text=search_document(headline, spec.field, " ".join(spec.skills)),
                    )
                )
            TalentProfile.objects.bulk_create(profiles, batch_size=500)
            saved = dict(
                TalentProfile.objects.filter(user_id__in=users.values()).values_list("user_id", "id")
            )
            through = TalentProfile.sectors.through
            through.objects.bulk_create(
                [
                    through(talentprofile_id=saved[users[spec.email]], sector_id=sector_id)
                    for spec in new
                    for sector_id in spec.sectors
                ],
                batch_size=1000,
            )
            ConsentRecord.objects.bulk_create(
                [
                    ConsentRecord(
                        profile_id=saved[users[spec.email]], consent=consent, given=True, recorded_at=when
                    )
                    for spec in new
                    for consent, given in (
                        (ConsentKind.MATCHING, spec.matching),
                        (ConsentKind.CONTACT, spec.contact),
                    )
                    if given
                ],
                batch_size=1000,
            )
        self.created["talents"] = len(new)


def build_demo_directory(
    *, seed: int = 2026, enterprises: int = 3000, stdout: TextIO | None = None
) -> dict[str, int]:
    """Create the demo directory; return how many rows of each sort were added (zero on a second run)."""
    builder = _Builder(seed, stdout)
    with transaction.atomic():
        builder.carriers(240)
        builder.goi_centres()
        carrier_ids = builder.all_ids("carrier") + builder.all_ids("goi")
        builder.stations(carrier_ids)
        builder.investors()
        builder.academia()
    builder.say(f"carriers, stations, investors and universities: {builder.created}")
    builder.enterprises(enterprises, builder.all_ids("carrier"))
    builder.talents(max(30, min(enterprises // 20, 20_000)))
    for key in (
        "carriers",
        "goi_centres",
        "overseas_stations",
        "investors",
        "universities",
        "research_institutes",
        "enterprises",
        "data_reports",
        "talents",
    ):
        builder.created.setdefault(key, 0)
    builder.say(f"demo directory: {builder.created}")
    return builder.created
