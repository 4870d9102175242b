import pytest

from tests.conftest import make_operator


@pytest.fixture
def operator(db):
    """An operator who reads English, so messages can be compared with the English source text."""
    return make_operator(language="en")
