"""`hatchway match rank`: the command-line contract operators rely on."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

CORPUS: list[dict[str, Any]] = [
    {
        "id": 1,
        "text": "Seed fund investing in CAR-T cell therapies for solid tumours, tickets of USD 1-3 million.",
    },
    {
        "id": "thesis-2",
        "text": "Corporate venture arm backing automotive lidar sensors and autonomous trucks.",
    },
    {"id": 3, "text": "面向仓储物流的自主移动机器人，寻求电商物流客户。", "lang": "zh"},
    {"id": 4, "text": "Angel investor in plant-based meat alternatives for restaurant chains."},
    {"id": 5, "text": "钙钛矿叠层光伏组件技术成果转让，已完成中试。", "sectors": ["energy"]},
]
QUERIES: list[dict[str, Any]] = [
    {"id": "p-1", "text": "我们研发针对实体瘤的CAR-T细胞疗法，寻求种子轮融资1000万元。"},
    {"id": 2, "text": "Autonomous mobile robots for e-commerce warehouses", "lang": "en"},
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def run_rank(*args: str) -> list[dict]:
    out = StringIO()
    call_command("match", "rank", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "corpus.jsonl", CORPUS), write_jsonl(tmp_path / "queries.jsonl", QUERIES)


def test_it_prints_one_json_object_per_query_best_first_across_languages(files, no_network):
    corpus, queries = files

    printed = run_rank("--corpus", str(corpus), "--queries", str(queries), "--top", "3", "--format", "json")

    assert [line["query"] for line in printed] == ["p-1", 2]  # ids keep their JSON type
    assert all(len(line["results"]) == 3 for line in printed)
    assert printed[0]["results"][0]["id"] == 1  # Chinese project finds the English thesis
    assert printed[1]["results"][0]["id"] == 3  # English query finds the Chinese listing
    for line in printed:
        scores = [result["score"] for result in line["results"]]
        assert scores == sorted(scores, reverse=True)
        assert all(set(result) == {"id", "score"} for result in line["results"])


def test_it_returns_the_whole_corpus_when_top_exceeds_it(files):
    corpus, queries = files

    printed = run_rank("--corpus", str(corpus), "--queries", str(queries), "--top", "50", "--encoder", "use")

    assert {result["id"] for result in printed[0]["results"]} == {1, "thesis-2", 3, 4, 5}


def test_the_hatchway_entry_point_runs_it(files, capsys):
    from hatchway.__main__ import main

    corpus, queries = files
    main(
        [
            "hatchway",
            "match",
            "rank",
            "--corpus",
            str(corpus),
            "--queries",
            str(queries),
            "--top",
            "1",
            "--encoder",
            "use",
        ]
    )

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [len(line["results"]) for line in lines] == [1, 1]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["id", "text"]', "line 2: expected an object"),
        ('{"text": "no id"}', 'line 2: "id" is missing'),
        ('{"id": 9, "text": "  "}', 'line 2: "text" is missing or empty'),
        ('{"id": 1, "text": "twice"}', "the id 1 was already used"),
        ('{"id": 9, "text": "x", "lang": 7}', '"lang" must be a language code'),
    ],
)
def test_it_names_the_bad_line_and_what_to_write(tmp_path, line, message):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(CORPUS[0]) + "\n" + line + "\n", encoding="utf-8")
    queries = write_jsonl(tmp_path / "queries.jsonl", QUERIES)

    with pytest.raises(CommandError, match=message):
        run_rank("--corpus", str(corpus), "--queries", str(queries))


def test_it_refuses_a_missing_file_and_a_top_below_one(files, tmp_path):
    corpus, queries = files

    with pytest.raises(CommandError, match="does not exist"):
        run_rank("--corpus", str(tmp_path / "nope.jsonl"), "--queries", str(queries))
    with pytest.raises(CommandError, match="1 or more"):
        run_rank("--corpus", str(corpus), "--queries", str(queries), "--top", "0")


def test_a_kind_on_the_lines_restricts_each_query_to_its_counterpart_kind(tmp_path):
    corpus = write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {**CORPUS[0], "id": "thesis", "kind": "investment_thesis", "sectors": ["biomedicine"]},
            {
                "id": "ask",
                "kind": "funding_ask",
                "text": "我们研发针对实体瘤的CAR-T细胞疗法，寻求天使轮融资。",
            },
            {
                "id": "offer",
                "kind": "technology_offer",
                "text": "CAR-T cell therapy patents for solid tumours.",
            },
            {"id": "fund-2", "kind": "investment_thesis", "text": CORPUS[1]["text"]},
        ],
    )
    queries = write_jsonl(
        tmp_path / "queries.jsonl",
        [{"id": "p-1", "kind": "funding_ask", "sectors": ["biomedicine"], "text": QUERIES[0]["text"]}],
    )

    printed = run_rank("--corpus", str(corpus), "--queries", str(queries), "--top", "5")

    assert [result["id"] for result in printed[0]["results"]] == ["thesis", "fund-2"]
    assert all(set(result) == {"id", "score"} for result in printed[0]["results"])
