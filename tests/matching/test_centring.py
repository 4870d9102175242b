"""`hatchway match reindex` fits the (kind, language) means on the platform's own vectors; every server
centres its copy and every query with the means of the epoch it built at."""

from __future__ import annotations

import datetime
import io

import numpy as np
import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from hatchway.directory.models import Membership
from hatchway.listings.actions import do_create_listing, do_publish_listing
from hatchway.listings.models import Listing, ListingKind
from hatchway.matching import index as index_module
from hatchway.matching.engine import KindCentring, normalise
from hatchway.matching.index import (
    CentringFit,
    IndexService,
    centre_vectors,
    get_index,
    kind_centring,
    platform_centring,
    platform_encoder,
    sync_listing_vectors,
)
from hatchway.matching.models import IndexState, ListingVector

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
ASK, OFFER = ListingKind.LANDING_ASK, ListingKind.LANDING_OFFER
ENGLISH_ASKS = (
    "Lab space for a Munich robotics start-up",
    "Office in Shanghai for a Berlin fintech",
    "A pilot line for a Dutch battery maker in Changzhou",
    "Clean room access for a Swiss medtech company",
)
CHINESE_ASK = "德国储能企业寻求苏州落地办公空间"
OFFERS = ("Robotics incubator in Shanghai with lab space", "Fintech hub desks in Pudong")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def three_make_a_pair(monkeypatch):
    """A mean is fitted from three vectors of a (kind, language) here rather than 200, to keep tests small."""
    monkeypatch.setattr(index_module, "MIN_FIT_COUNT", 3)


@pytest.fixture
def listings(founder, incubator) -> dict[str, list[Listing]]:
    """Four English landing asks and one Chinese (a founder's), two English landing offers (an incubator's);
    published inside the test's transaction, so nothing is encoded until a reindex or a sync."""
    founders = Membership.objects.get(user=founder).organisation
    incubators = Membership.objects.get(user=incubator).organisation

    def publish(kind: str, organisation, **texts) -> Listing:
        return do_publish_listing(
            do_create_listing(kind=kind, owner_organisation=organisation, **texts), now=NOW
        )

    return {
        "asks": [publish(ASK, founders, title_en=title) for title in ENGLISH_ASKS]
        + [publish(ASK, founders, title_zh=CHINESE_ASK)],
        "offers": [publish(OFFER, incubators, title_en=title) for title in OFFERS],
    }


def reindex(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("match", "reindex", "--quiet", *args, stdout=out)
    return out.getvalue()


def stored(kind: str, language: str) -> np.ndarray:
    rows = ListingVector.objects.filter(kind=kind, language=language, active=True).order_by("pk")
    return np.vstack([row.as_array() for row in rows])


def expected_similarity(query: np.ndarray, query_mean, target: np.ndarray, target_mean) -> float:
    """The centred cosine of a query and a stored vector, each less its own mean (or nothing)."""
    zero = np.zeros_like(query)
    left = normalise([query - (zero if query_mean is None else query_mean)])[0]
    right = normalise([target - (zero if target_mean is None else target_mean)])[0]
    return float(left @ right)


def test_reindex_fits_the_means_of_pairs_with_enough_vectors_and_stores_them(listings):
    reindex()

    fit = CentringFit.from_state(IndexState.objects.get().centring)
    assert fit is not None
    assert fit.encoder == platform_encoder().name
    assert fit.fitted_at == NOW.isoformat()
    assert fit.min_count == 3
    pairs = {(pair.kind, pair.language): pair for pair in fit.pairs}
    english_asks = pairs[(ASK, "en")]
    assert (english_asks.source, english_asks.count) == ("fitted", 4)
    assert np.allclose(english_asks.mean, stored(ASK, "en").mean(axis=0), atol=1e-6)
    # Below three vectors, the mean shipped with the engine (the default encoder ships one for each pair).
    assert (pairs[(ASK, "zh")].source, pairs[(ASK, "zh")].count) == ("shipped", 1)
    assert (pairs[(OFFER, "en")].source, pairs[(OFFER, "en")].count) == ("shipped", 2)
    assert (pairs[(ListingKind.FUNDING_ASK, "en")].count, pairs[(ListingKind.FUNDING_ASK, "en")].mean) == (
        0,
        (),
    )


def test_a_server_centres_its_copy_with_the_fitted_means_and_the_shipped_ones_below_the_minimum(listings):
    shipped = kind_centring(platform_encoder().name)
    reindex()
    english_asks = stored(ASK, "en")
    fitted_mean = english_asks.mean(axis=0)

    server = IndexService()
    means = server.centring().means

    assert np.allclose(means[(ASK, "en")], fitted_mean, atol=1e-6)
    assert np.array_equal(means[(ASK, "zh")], shipped.means[(ASK, "zh")])
    # A landing offer's text searches the asks: the query loses the offers' (shipped) English mean, each ask
    # the fitted mean of English asks.
    query = platform_encoder().encode([OFFERS[0]], ["en"])[0]
    found = server.search(ASK, query, 10, langs=["en"], query_kind=OFFER)
    first = next(hit for hit in found if hit.listing_id == listings["asks"][0].pk)
    target = ListingVector.objects.get(listing=listings["asks"][0], language="en").as_array()
    with_fitted = expected_similarity(query, shipped.means[(OFFER, "en")], target, fitted_mean)
    with_shipped = expected_similarity(
        query, shipped.means[(OFFER, "en")], target, shipped.means[(ASK, "en")]
    )
    assert first.similarity == pytest.approx(with_fitted, abs=1e-5)
    assert abs(with_fitted - with_shipped) > 1e-3  # the test could tell the two apart


def test_a_query_is_centred_with_the_same_means_as_the_stored_vectors(listings):
    reindex()
    server = IndexService()
    own = ListingVector.objects.get(listing=listings["asks"][1], language="en").as_array()

    # The stored vector of an ask, searched as an ask: the same vector less the same mean, so cosine 1.
    found = server.search(ASK, own, 1, langs=["en"], query_kind=ASK)

    assert found[0].listing_id == listings["asks"][1].pk
    assert found[0].similarity == pytest.approx(1.0, abs=1e-5)
    # ``centre_vectors`` without means centres with those of this process's index, like its copy.
    process = get_index().centring()
    assert np.allclose(
        centre_vectors([own], ["en"], [ASK]), centre_vectors([own], ["en"], [ASK], process), atol=1e-7
    )
    assert np.allclose(process.means[(ASK, "en")], server.centring().means[(ASK, "en")])


def test_two_servers_agree_after_one_of_them_reindexes_and_the_old_copy_rebuilds(listings):
    sync_listing_vectors([listing.pk for listing in listings["asks"] + listings["offers"]])
    first, second = IndexService(), IndexService()
    query = platform_encoder().encode([OFFERS[1]], ["en"])
    before = first.search(ASK, query, 5, langs=["en"], query_kind=OFFER)
    assert second.search(ASK, query, 5, langs=["en"], query_kind=OFFER) == before
    old_epoch = IndexState.objects.get().epoch
    shipped = kind_centring(platform_encoder().name)
    assert np.array_equal(first.centring().means[(ASK, "en")], shipped.means[(ASK, "en")])

    reindex()  # run beside the first server, as on another machine

    epoch = IndexState.objects.get().epoch
    assert epoch != old_epoch
    after_first = first.search(ASK, query, 5, langs=["en"], query_kind=OFFER)
    after_second = second.search(ASK, query, 5, langs=["en"], query_kind=OFFER)
    fresh = IndexService().search(ASK, query, 5, langs=["en"], query_kind=OFFER)
    assert after_first == after_second == fresh
    assert after_first != before  # the new means changed the similarities
    assert np.allclose(first.centring().means[(ASK, "en")], stored(ASK, "en").mean(axis=0), atol=1e-6)


def test_a_listing_published_after_the_fit_is_centred_with_that_epochs_means(listings, founder):
    reindex()
    server = IndexService()
    server.refresh()
    organisation = Membership.objects.get(user=founder).organisation
    late = do_publish_listing(
        do_create_listing(kind=ASK, owner_organisation=organisation, title_en="Warehouse near Ningbo port"),
        now=NOW,
    )
    sync_listing_vectors([late.pk])  # as the commit hook does
    vector = ListingVector.objects.get(listing=late, language="en").as_array()

    found = server.search(ASK, vector, 1, langs=["en"], query_kind=ASK)  # caught up, not rebuilt

    assert found[0].listing_id == late.pk
    assert found[0].similarity == pytest.approx(1.0, abs=1e-5)
    assert server.size(ASK) == 6


def test_reindex_prints_which_pairs_were_fitted_and_on_how_many(listings):
    out = reindex()

    assert "Indexed 7 open listings (7 texts)" in out
    assert "where there are 3 or more, else the mean shipped with the engine" in out
    assert "  landing_ask en: fitted on 4 vectors" in out
    assert "  landing_ask zh: too few vectors (1), shipped mean" in out
    assert "  funding_ask zh: too few vectors (0), shipped mean" in out


def test_shipped_centring_goes_back_to_the_means_shipped_with_the_engine(listings):
    reindex()
    server = IndexService()
    fitted_epoch = IndexState.objects.get().epoch
    assert not np.array_equal(
        server.centring().means[(ASK, "en")], kind_centring(platform_encoder().name).means[(ASK, "en")]
    )

    out = reindex("--shipped-centring")

    assert "Centring: the means shipped with the engine (--shipped-centring)." in out
    state = IndexState.objects.get()
    assert state.centring == {}
    assert state.epoch != fitted_epoch
    assert server.centring().means.keys() == kind_centring(platform_encoder().name).means.keys()
    for key, mean in kind_centring(platform_encoder().name).means.items():
        assert np.array_equal(server.centring().means[key], mean)


def test_means_fitted_for_another_encoder_are_not_used():
    fit = CentringFit(
        encoder="use",
        fitted_at=NOW.isoformat(),
        min_count=3,
        pairs=(index_module.PairFit(ASK, "en", 4, "fitted", (0.5, 0.5)),),
    )

    assert platform_centring(fit.to_state(), "use").means[(ASK, "en")].tolist() == [0.5, 0.5]
    assert platform_centring(fit.to_state(), "e5-raw").means == KindCentring.shipped("e5-raw").means == {}
    assert platform_centring({}, "use").means.keys() == KindCentring.shipped("use").means.keys()
