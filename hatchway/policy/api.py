"""API: policy."""

from ninja import Router

router = Router(tags=["policy"])
