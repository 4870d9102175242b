"""The cross-lingual encoder: offline, unit vectors, and a translation lands nearest its original."""

from __future__ import annotations

import numpy as np
import pytest

from hatchway.matching.engine import DEFAULT_ENCODER, E5Encoder, UseEncoder, detect_language, get_encoder

DISTRACTORS = [
    "We develop solid-state electrolytes for lithium batteries, raising a CNY 50 million Series B.",
    "面向银行的中小企业智能信贷风控平台，寻求天使轮融资500万元。",
    "Angel investor backing plant-based meat alternatives in Singapore.",
    "招聘算法工程师：负责车载激光雷达点云感知算法，工作地点上海临港。",
    "Technology offer: patents on aerogel thermal insulation for construction companies.",
    "我们研发可穿戴连续血糖监测贴片，主要客户为基层医疗机构，计划融资3000万元。",
    "A London incubator offers soft landing to overseas biomedicine companies.",
    "面向半导体设备的精密真空阀门，已进入多家晶圆厂供应链。",
]


def test_it_loads_and_encodes_without_touching_the_network(no_network):
    vectors = get_encoder().encode(
        ["上海张江的集成电路孵化器", "an integrated-circuit incubator in Zhangjiang"]
    )

    assert vectors.dtype == np.float32
    assert vectors.shape == (2, get_encoder().dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    ("query", "translation"),
    [
        (
            "我们研发用于晶圆缺陷检测的机器视觉系统，主要客户为晶圆代工厂，计划A轮融资3000万元。",
            "We build a machine-vision system that inspects wafers for defects, sold to foundries; raising a "
            "CNY 30 million Series A.",
        ),
        (
            "US-dollar venture fund investing USD 2-5 million in seed-stage CAR-T therapies for solid tumours.",
            "美元风险投资基金，投资实体瘤CAR-T细胞疗法的种子轮项目，单笔200万至500万美元。",
        ),
    ],
)
def test_a_text_lands_nearest_its_translation_among_distractors(encoder, query, translation):
    corpus = [*DISTRACTORS, translation]

    vectors = encoder.encode([query, *corpus])
    scores = vectors[1:] @ vectors[0]

    assert int(np.argmax(scores)) == len(corpus) - 1


def test_centring_brings_e5_translations_closer_than_same_language_neighbours():
    zh = "我们研发用于晶圆缺陷检测的机器视觉系统，主要客户为晶圆代工厂。"
    en = "We develop a machine-vision system for wafer defect inspection, sold to wafer foundries."
    other_zh = "我们研发植物基人造肉，主要客户为连锁餐饮企业。"
    raw, centred = E5Encoder(centring={}), E5Encoder()

    raw_vectors, centred_vectors = raw.encode([zh, en, other_zh]), centred.encode([zh, en, other_zh])

    assert raw_vectors[0] @ raw_vectors[2] > 0.8  # raw e5: any two Chinese texts look alike
    assert centred_vectors[0] @ centred_vectors[1] > centred_vectors[0] @ centred_vectors[2]


def test_the_default_encoder_is_centred_use_and_the_combination_stacks_both():
    assert DEFAULT_ENCODER == "use"
    assert isinstance(get_encoder(), UseEncoder)
    assert set(get_encoder().centring) == {"zh", "en"}  # type: ignore[attr-defined]
    assert get_encoder("use+e5").dim == UseEncoder.dim + E5Encoder.dim


def test_it_refuses_an_unknown_encoder_name():
    with pytest.raises(ValueError, match="choose one of"):
        get_encoder("word2vec")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("孵化器", "zh"),
        ("incubator", "en"),
        ("AI 芯片初创企业", "zh"),
        ("EDA tools for chip design (芯片)", "en"),
        ("123", "en"),
    ],
)
def test_it_tells_chinese_from_english(text, lang):
    assert detect_language(text) == lang


def test_the_raw_variants_skip_language_centring():
    assert get_encoder("use-raw").centring == {}  # type: ignore[attr-defined]
    assert get_encoder("e5-raw").centring == {}  # type: ignore[attr-defined]
    assert set(E5Encoder().centring) == {"zh", "en"}
