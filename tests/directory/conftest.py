"""Helpers for directory tests: the organisation a persona works in, and a few ready-made rows."""

from __future__ import annotations

from typing import Any

import pytest

from hatchway.accounts.models import User
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from tests.conftest import make_organisation, make_user

# Real unified social credit codes, published on the companies' business licences.
HUAWEI = "914403001922038216"  # Huawei Technologies Co., Ltd.
TENCENT = "9144030071526726XG"  # Shenzhen Tencent Computer Systems Co., Ltd.


def own_organisation(user: User) -> Organisation:
    organisation = Membership.objects.filter(user=user).exclude(organisation=None).first()
    assert organisation is not None
    assert organisation.organisation is not None
    return organisation.organisation


def member_of(organisation: Organisation, role: str, **fields: Any) -> User:
    user = make_user(**fields)
    do_grant_role(user, role, organisation)
    return user


@pytest.fixture
def carrier(incubator: User) -> Organisation:
    """The incubator persona's carrier."""
    return own_organisation(incubator)


@pytest.fixture
def incubated(carrier: Organisation, founder: User) -> Organisation:
    """The founder's enterprise, incubated by the incubator persona's carrier."""
    enterprise = own_organisation(founder)
    enterprise.incubating_carrier = carrier
    enterprise.save()
    return enterprise


@pytest.fixture
def other_enterprise(db: None) -> Organisation:
    """An enterprise nobody among the personas works for or incubates."""
    return make_organisation(OrganisationKind.ENTERPRISE, name_en="Elsewhere Robotics", name_zh="别处机器人")


@pytest.fixture
def colleague_of_founder(founder: User) -> User:
    return member_of(own_organisation(founder), Role.ENTERPRISE_MEMBER, language="zh-hans")
