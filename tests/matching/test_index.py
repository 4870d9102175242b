"""The vector index: add, update, remove, search, save and load; approximate search agrees with exact."""

from __future__ import annotations

import numpy as np
import pytest

from hatchway.matching.engine import VectorIndex, normalise


def random_vectors(count: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    return normalise(np.random.default_rng(seed).normal(size=(count, dim)))


def test_it_finds_the_nearest_listing_first():
    index = VectorIndex(dim=3)
    index.add(["project:1", "project:2", "thesis:7"], [[1, 0, 0], [0, 1, 0], [0, 0, 1]])

    hits = index.search([[0.1, 0.9, 0.3]], k=2)[0]

    assert [hit.id for hit in hits] == ["project:2", "thesis:7"]
    assert hits[0].score > hits[1].score


def test_adding_an_existing_id_replaces_its_vector():
    index = VectorIndex(dim=2)
    index.add(["a", "b"], [[1, 0], [0, 1]])

    index.add(["a"], [[0, 1]])

    assert len(index) == 2
    assert {(hit.id, hit.score) for hit in index.search([[0, 1]], k=2)[0]} == {("a", 1.0), ("b", 1.0)}
    assert all(abs(hit.score) < 0.01 for hit in index.search([[1, 0]], k=2)[0])


def test_a_removed_listing_is_never_found_again():
    index = VectorIndex(dim=2)
    index.add(["open", "closed"], [[1.0, 0.0], [0.9, 0.1]])

    index.remove(["closed", "never-there"])

    assert "closed" not in index
    assert [hit.id for hit in index.search([[1, 0]], k=5)[0]] == ["open"]


def test_an_empty_index_finds_nothing():
    assert VectorIndex(dim=4).search(random_vectors(2, 4), k=3) == [[], []]


@pytest.mark.parametrize(
    ("ids", "vectors", "message"),
    [
        (["a"], [[1.0, 0.0, 0.0]], "3 dimensions"),
        (["a", "b"], [[1.0, 0.0]], "one vector per id"),
        (["a", "a"], [[1.0, 0.0], [0.0, 1.0]], "twice"),
    ],
)
def test_it_rejects_vectors_that_do_not_fit(ids: list[str], vectors: list[list[float]], message: str):
    index = VectorIndex(dim=2)

    with pytest.raises(ValueError, match=message):
        index.add(ids, vectors)

    assert len(index) == 0


def test_it_saves_and_loads_the_same_results(tmp_path):
    vectors = random_vectors(500)
    index = VectorIndex(dim=32, exact_below=0, meta={"encoder": "test"})
    index.add([f"listing:{n}" for n in range(500)], vectors)
    index.remove(["listing:3"])
    before = index.search(vectors[:20], k=5)

    index.save(tmp_path / "index")
    loaded = VectorIndex.load(tmp_path / "index")

    assert len(loaded) == 499
    assert loaded.meta == {"encoder": "test"}
    assert loaded.search(vectors[:20], k=5) == before
    loaded.add(["listing:new"], vectors[:1])  # new keys do not collide with saved ones
    assert {hit.id for hit in loaded.search(vectors[:1], k=3)[0]} >= {"listing:0", "listing:new"}


def test_approximate_search_agrees_with_exact_search():
    vectors, queries = random_vectors(3000, seed=1), random_vectors(50, seed=2)
    index = VectorIndex(dim=32, exact_below=0)
    index.add([str(n) for n in range(3000)], vectors)

    approximate = index.search(queries, k=10)
    exact = index.search(queries, k=10, exact=True)
    brute = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]

    assert [[hit.id for hit in hits] for hits in exact] == [[str(n) for n in row] for row in brute]
    recall = np.mean(
        [len({h.id for h in a} & {h.id for h in e}) / 10 for a, e in zip(approximate, exact, strict=True)]
    )
    assert recall >= 0.95


def test_small_indexes_search_exhaustively_by_default():
    vectors = random_vectors(200, seed=3)
    index = VectorIndex(dim=32)
    index.add([str(n) for n in range(200)], vectors)

    assert index.search(vectors[:10], k=10) == index.search(vectors[:10], k=10, exact=True)
