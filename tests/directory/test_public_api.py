"""The public profile through the API: visitors read the public fields and nothing else."""

import pytest

from hatchway.directory.access import PUBLIC_PROFILE_FIELDS
from tests.conftest import ApiClient, make_organisation
from tests.directory.conftest import HUAWEI

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_only_the_public_fields_through_the_api():
    firm = make_organisation(
        name_en="Huawei", country="CN", credit_code=HUAWEI, website="https://huawei.example"
    )
    response = ApiClient().get(f"/public/organisations/{firm.pk}")
    assert response.status_code == 200
    body = response.json()
    assert (body["name_en"], body["website"]) == ("Huawei", "https://huawei.example")
    assert "credit_code" not in body
    assert set(body) - {"id", "logo_url"} <= PUBLIC_PROFILE_FIELDS
    assert ApiClient().get("/public/organisations/999999").status_code == 404
