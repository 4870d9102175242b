"""The JSON API under /api/v1/: one NinjaAPI, its error handlers and every app's router.

Only ``hatchway/urls.py`` imports this module; routers import the kit (``hatchway.api``), never this.
A later version of the API would be a sibling module (``api_v2``) mounted beside it.
"""

from ninja import NinjaAPI, Swagger

from hatchway.accounts.api import router as accounts_router
from hatchway.api import ActiveSessionAuth, TokenAuth, install_error_handlers
from hatchway.brokerage.api import router as brokerage_router
from hatchway.competitions.api import router as competitions_router
from hatchway.directory.api import router as directory_router
from hatchway.events.api import router as events_router
from hatchway.flows.api import router as flows_router
from hatchway.listings.api import router as listings_router
from hatchway.matching.api import router as matching_router
from hatchway.notices.api import router as notices_router
from hatchway.pipeline.api import router as pipeline_router
from hatchway.policy.api import router as policy_router
from hatchway.reports.api import router as reports_router
from hatchway.transfer.api import router as transfer_router

api = NinjaAPI(
    title="Hatchway API",
    version="1",
    description=(
        "Hatchway 跨境孵化协同服务平台 — the JSON API. Authenticate with a personal token "
        "(`Authorization: Bearer hw_…`, created on your profile page) or the browser session. "
        'Every error is `{"code": "...", "message": "..."}`; every list is paginated.'
    ),
    auth=[TokenAuth(), ActiveSessionAuth()],
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
)
install_error_handlers(api)

# One line per app; the order is the order of the operations in the OpenAPI document.
api.add_router("/", accounts_router)
api.add_router("/", notices_router)
api.add_router("/", directory_router)
api.add_router("/", listings_router)
api.add_router("/", policy_router)
api.add_router("/", flows_router)
api.add_router("/", reports_router)
api.add_router("/", transfer_router)
api.add_router("/", matching_router)
api.add_router("/", pipeline_router)
api.add_router("/", events_router)
api.add_router("/", competitions_router)
api.add_router("/", brokerage_router)

__all__ = ["api"]
