from tests.flows.conftest import rates  # noqa: F401 - shared fixture
