"""Bilingual vocabularies for the generated evaluation set: sectors, products, customers, places."""

from __future__ import annotations

# sector: (zh, en, [(product zh, product en)], [(customer zh, customer en)])
SECTORS: dict[str, tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]] = {
    "ic": (
        "集成电路",
        "integrated circuits",
        [
            ("用于晶圆缺陷检测的机器视觉系统", "machine-vision system for wafer defect inspection"),
            ("车规级功率半导体碳化硅MOSFET", "automotive-grade silicon carbide power MOSFETs"),
            ("面向边缘推理的低功耗AI芯片", "low-power AI chips for edge inference"),
            ("国产化EDA版图验证软件", "EDA software for physical layout verification"),
            ("高速光模块用硅光芯片", "silicon photonics chips for high-speed optical modules"),
            ("先进封装用临时键合胶材料", "temporary bonding adhesives for advanced packaging"),
            ("RISC-V架构的物联网微控制器", "RISC-V microcontrollers for IoT devices"),
            ("半导体设备用精密真空阀门", "precision vacuum valves for semiconductor equipment"),
        ],
        [
            ("晶圆代工厂", "wafer foundries"),
            ("新能源汽车主机厂", "electric-vehicle makers"),
            ("消费电子品牌", "consumer-electronics brands"),
            ("数据中心运营商", "data-centre operators"),
        ],
    ),
    "ai": (
        "人工智能",
        "artificial intelligence",
        [
            (
                "面向制造业的工业大模型质检平台",
                "industrial foundation-model platform for quality inspection in factories",
            ),
            ("多语种智能客服对话机器人", "multilingual customer-service chatbot"),
            ("基于联邦学习的医疗影像分析", "federated-learning analysis of medical images"),
            ("城市交通信号智能优化算法", "AI optimisation of urban traffic signals"),
            ("法律合同自动审查系统", "automated legal contract review"),
            ("零售门店客流视觉分析", "computer-vision footfall analytics for retail stores"),
            ("金融反欺诈图神经网络", "graph neural networks for financial fraud detection"),
            ("语音合成与声音克隆引擎", "speech synthesis and voice cloning engine"),
        ],
        [
            ("大型制造企业", "large manufacturers"),
            ("商业银行", "commercial banks"),
            ("三甲医院", "tertiary hospitals"),
            ("城市交通管理部门", "city traffic authorities"),
        ],
    ),
    "bio": (
        "生物医药",
        "biomedicine",
        [
            ("针对实体瘤的CAR-T细胞疗法", "CAR-T cell therapy for solid tumours"),
            (
                "阿尔茨海默病早期诊断的血液生物标志物",
                "blood biomarkers for early diagnosis of Alzheimer's disease",
            ),
            ("mRNA流感疫苗递送平台", "mRNA delivery platform for influenza vaccines"),
            ("抗体偶联药物ADC研发平台", "antibody-drug conjugate (ADC) discovery platform"),
            ("基于AI的小分子药物筛选", "AI-driven small-molecule drug screening"),
            ("罕见病基因治疗载体", "gene-therapy vectors for rare diseases"),
            ("合成生物学生产的天然香料", "natural flavours produced by synthetic biology"),
            ("微生物组调节的口服益生菌药物", "oral live biotherapeutics that modulate the microbiome"),
        ],
        [
            ("跨国制药企业", "multinational pharmaceutical companies"),
            ("CRO合同研究组织", "contract research organisations"),
            ("肿瘤专科医院", "cancer hospitals"),
            ("食品与日化企业", "food and consumer-goods companies"),
        ],
    ),
    "meddev": (
        "医疗器械",
        "medical devices",
        [
            ("手术机器人力反馈系统", "force-feedback system for surgical robots"),
            ("可穿戴连续血糖监测贴片", "wearable continuous glucose monitoring patch"),
            ("便携式超声诊断设备", "portable ultrasound diagnostic device"),
            ("可降解心脏支架", "bioresorbable coronary stent"),
            ("眼科OCT影像设备", "ophthalmic OCT imaging equipment"),
            ("居家睡眠呼吸监测仪", "home sleep-apnoea monitor"),
            ("骨科3D打印植入物", "3D-printed orthopaedic implants"),
        ],
        [
            ("基层医疗机构", "primary-care clinics"),
            ("养老机构", "elderly-care homes"),
            ("眼科连锁医院", "eye-hospital chains"),
            ("医疗器械经销商", "medical-device distributors"),
        ],
    ),
    "energy": (
        "新能源",
        "new energy",
        [
            ("固态锂电池电解质", "solid-state electrolytes for lithium batteries"),
            ("钠离子电池储能系统", "sodium-ion battery energy storage systems"),
            ("钙钛矿叠层光伏组件", "perovskite tandem solar modules"),
            ("绿色氢能电解槽", "electrolysers for green hydrogen"),
            ("动力电池回收与梯次利用", "recycling and second-life use of EV batteries"),
            ("海上风电智能运维无人机", "drones for offshore wind-farm maintenance"),
            ("虚拟电厂负荷调度软件", "virtual power plant load-dispatch software"),
            ("超级快充充电桩", "ultra-fast EV charging stations"),
        ],
        [
            ("电网公司", "grid operators"),
            ("光伏电站开发商", "solar-farm developers"),
            ("工商业园区", "industrial parks"),
            ("电池制造商", "battery manufacturers"),
        ],
    ),
    "materials": (
        "新材料",
        "advanced materials",
        [
            ("高导热石墨烯散热膜", "high-conductivity graphene heat-spreading films"),
            ("航空级碳纤维复合材料", "aerospace-grade carbon-fibre composites"),
            ("生物基可降解塑料", "bio-based biodegradable plastics"),
            ("柔性显示用聚酰亚胺薄膜", "polyimide films for flexible displays"),
            ("稀土永磁材料回收技术", "rare-earth permanent-magnet recycling"),
            ("自修复防腐涂层", "self-healing anti-corrosion coatings"),
            ("气凝胶隔热材料", "aerogel thermal insulation"),
        ],
        [
            ("手机制造商", "smartphone makers"),
            ("航空航天企业", "aerospace companies"),
            ("包装企业", "packaging companies"),
            ("建筑与化工企业", "construction and chemical companies"),
        ],
    ),
    "robotics": (
        "智能制造",
        "intelligent manufacturing",
        [
            ("协作机器人关节模组", "joint modules for collaborative robots"),
            ("仓储物流自主移动机器人", "autonomous mobile robots for warehouse logistics"),
            ("人形机器人灵巧手", "dexterous hands for humanoid robots"),
            ("工业设备预测性维护传感器", "predictive-maintenance sensors for industrial equipment"),
            ("数字孪生工厂仿真软件", "digital-twin simulation software for factories"),
            ("激光焊接自动化产线", "automated laser-welding production lines"),
            ("农业采摘机器人", "fruit-picking robots for agriculture"),
        ],
        [
            ("汽车零部件厂", "auto-parts plants"),
            ("电商物流企业", "e-commerce logistics companies"),
            ("家电制造商", "home-appliance manufacturers"),
            ("大型农场", "large farms"),
        ],
    ),
    "fintech": (
        "金融科技",
        "fintech",
        [
            ("跨境贸易供应链金融平台", "supply-chain finance platform for cross-border trade"),
            ("中小企业智能信贷风控", "AI credit-risk scoring for small businesses"),
            ("数字人民币跨境支付网关", "cross-border payment gateway for the digital yuan"),
            ("保险理赔自动化处理", "automated insurance claims processing"),
            ("ESG投资数据与评级", "ESG investment data and ratings"),
            ("财富管理智能投顾", "robo-advisory for wealth management"),
        ],
        [
            ("外贸企业", "export companies"),
            ("城市商业银行", "regional banks"),
            ("保险公司", "insurers"),
            ("资产管理公司", "asset managers"),
        ],
    ),
    "auto": (
        "智能网联汽车",
        "connected and autonomous vehicles",
        [
            ("L4级自动驾驶卡车", "level-4 autonomous trucks"),
            ("车载激光雷达", "automotive lidar sensors"),
            ("智能座舱语音交互系统", "in-cabin voice assistant for smart cockpits"),
            ("车路协同边缘计算单元", "roadside edge-computing units for vehicle-road cooperation"),
            ("线控底盘制动系统", "brake-by-wire chassis systems"),
            ("自动泊车算法", "automated parking software"),
        ],
        [
            ("整车厂", "carmakers"),
            ("港口与物流园区", "ports and logistics hubs"),
            ("一级供应商", "tier-one suppliers"),
            ("智慧城市建设方", "smart-city builders"),
        ],
    ),
    "green": (
        "节能环保",
        "clean technology",
        [
            ("工业废水零排放处理", "zero-liquid-discharge industrial wastewater treatment"),
            ("碳捕集与利用技术", "carbon capture and utilisation"),
            ("建筑能耗智能管理平台", "smart energy-management platform for buildings"),
            ("餐厨垃圾生物转化", "biological conversion of food waste"),
            ("企业碳足迹核算软件", "carbon-footprint accounting software for companies"),
            ("土壤重金属修复", "remediation of heavy-metal contaminated soil"),
        ],
        [
            ("化工园区", "chemical parks"),
            ("商业地产业主", "commercial property owners"),
            ("市政环卫部门", "municipal sanitation departments"),
            ("出口型制造企业", "export manufacturers"),
        ],
    ),
    "agri": (
        "农业食品",
        "agrifood",
        [
            ("植物基人造肉", "plant-based meat alternatives"),
            ("垂直农场LED种植系统", "LED growing systems for vertical farms"),
            ("水产养殖水质监测", "water-quality monitoring for aquaculture"),
            ("冷链物流温控追溯", "temperature tracking for cold-chain logistics"),
            ("细胞培养肉生产工艺", "cultivated-meat production process"),
            ("作物病虫害无人机识别", "drone detection of crop pests and diseases"),
        ],
        [
            ("连锁餐饮企业", "restaurant chains"),
            ("生鲜电商", "online grocers"),
            ("养殖合作社", "fish-farming cooperatives"),
            ("农业龙头企业", "leading agribusinesses"),
        ],
    ),
    "aero": (
        "航空航天",
        "aerospace",
        [
            ("商业卫星星座遥感数据服务", "remote-sensing data from a commercial satellite constellation"),
            ("电动垂直起降飞行器eVTOL", "electric vertical take-off and landing aircraft (eVTOL)"),
            ("可回收液体火箭发动机", "reusable liquid rocket engines"),
            ("无人机物流配送网络", "drone delivery network for logistics"),
            ("卫星互联网相控阵天线", "phased-array antennas for satellite internet"),
            ("航空发动机叶片检测", "inspection of aero-engine turbine blades"),
        ],
        [
            ("应急管理部门", "emergency-management agencies"),
            ("航空公司", "airlines"),
            ("卫星运营商", "satellite operators"),
            ("城市物流企业", "urban logistics companies"),
        ],
    ),
}

CITIES = [
    ("上海张江", "Zhangjiang, Shanghai"),
    ("上海临港", "Lingang, Shanghai"),
    ("上海漕河泾", "Caohejing, Shanghai"),
    ("上海杨浦", "Yangpu, Shanghai"),
    ("波士顿", "Boston"),
    ("硅谷", "Silicon Valley"),
    ("伦敦", "London"),
    ("慕尼黑", "Munich"),
    ("新加坡", "Singapore"),
    ("以色列特拉维夫", "Tel Aviv, Israel"),
    ("东京", "Tokyo"),
    ("巴黎", "Paris"),
    ("赫尔辛基", "Helsinki"),
    ("多伦多", "Toronto"),
    ("悉尼", "Sydney"),
]

STAGES = [
    ("种子轮", "seed"),
    ("天使轮", "angel"),
    ("Pre-A轮", "pre-Series A"),
    ("A轮", "Series A"),
    ("B轮", "Series B"),
    ("C轮", "Series C"),
]

USES = [
    ("扩大产能", "scale up production"),
    ("完成临床试验", "complete clinical trials"),
    ("拓展海外市场", "expand into overseas markets"),
    ("组建研发团队", "build out the R&D team"),
    ("通过车规认证", "pass industry certification"),
    ("建设中试线", "build a pilot line"),
]

FUND_TYPES = [
    ("政府引导基金", "government guidance fund"),
    ("企业风险投资部门", "corporate venture capital arm"),
    ("美元风险投资基金", "US-dollar venture capital fund"),
    ("人民币早期基金", "RMB early-stage fund"),
    ("天使投资人", "angel investor"),
    ("产业并购基金", "industrial buyout fund"),
]

ROLES = [
    ("首席技术官", "chief technology officer"),
    ("算法工程师", "algorithm engineer"),
    ("研发总监", "R&D director"),
    ("海外市场负责人", "head of international business"),
    ("资深科学家", "senior scientist"),
    ("产品经理", "product manager"),
]

DEGREES = [
    ("博士", "PhD"),
    ("硕士", "master's degree"),
    ("博士后", "postdoctoral experience"),
]
