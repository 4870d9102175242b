"""The programme catalogue pages."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_programmes_and_their_sources(client_as, founder):
    response = client_as(founder).get("/policy/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "High and New Technology Enterprise recognition" in page
    assert "Tech-based SME evaluation" in page
    assert "/policy/hnte/" in page
    assert "Unverified thresholds" in page
    assert 'rel="noopener noreferrer"' in page


def test_the_catalogue_is_shown_in_chinese_to_a_chinese_reader(client_as, operator):
    client = client_as(operator)
    with translation.override("zh-hans"):
        response = client.get("/policy/", headers={"Accept-Language": "zh-hans"})
    assert "高新技术企业认定" in response.content.decode()


def test_a_programme_page_shows_criteria_with_articles(client_as, founder):
    response = client_as(founder).get("/policy/tsme/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "tsme.tech_staff_score_nonzero" in page
    assert "No. 115, Art. 6(5)" in page
    assert "direct or total_score &gt;= min_score" in page


def test_an_unknown_programme_page_is_not_found(client_as, founder):
    assert client_as(founder).get("/policy/nope/").status_code == 404


def test_the_catalogue_asks_a_visitor_to_sign_in(client):
    response = client.get("/policy/")
    assert response.status_code == 302
