from __future__ import annotations

import socket

import pytest

from hatchway.matching.engine import Encoder, get_encoder


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection (the model must ship inside its package)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the encoder tried to use the network")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The platform's default encoder, loaded once per test session."""
    return get_encoder()
