from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from hatchway.api_v1 import api
from hatchway.matching import urls as matching_urls
from hatchway.pipeline import urls as pipeline_urls
from hatchway.web.views import healthz

admin.site.site_header = _("Hatchway administration")
admin.site.site_title = _("Hatchway")
admin.site.index_title = _("Platform administration")

urlpatterns = [
    path("", include("hatchway.web.urls")),
    path("", include("hatchway.directory.urls")),
    path("listings/", include("hatchway.listings.urls")),
    path("policy/", include("hatchway.policy.urls")),
    path("flows/", include("hatchway.flows.urls")),
    path("reports/", include("hatchway.reports.urls")),
    path("", include("hatchway.transfer.urls")),  # /transfer/… and the ledger's imports under /flows/
    # The pipeline kept the address and the "matching:" names it had inside matching.
    path("matching/", include((matching_urls.urlpatterns + pipeline_urls.urlpatterns, "matching"))),
    path("events/", include("hatchway.events.urls")),
    path("events/", include("hatchway.competitions.urls")),
    path("events/", include("hatchway.brokerage.urls")),
    path("accounts/", include("hatchway.accounts.urls")),
    path("notices/", include("hatchway.notices.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler403 = "hatchway.web.errors.forbidden"
handler404 = "hatchway.web.errors.not_found"
handler500 = "hatchway.web.errors.server_error"
