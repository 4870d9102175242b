from django.urls import path

from hatchway.transfer import views

app_name = "transfer"

urlpatterns = [
    path("transfer/", views.overview, name="overview"),
    path("transfer/<slug:name>/<str:what>.<str:file_format>", views.download, name="download"),
    path("transfer/<slug:name>/import/", views.upload, name="upload"),
    path("transfer/imports/<int:job_id>/", views.job, name="job"),
    # The ledger's imports keep their addresses beside the ledger's pages; transfer serves them because it
    # sits above flows (its specs write through flows.actions) and flows knows nothing of files.
    path("flows/import/", views.import_flows, name="import_flows"),
    path("flows/rates/import/", views.import_rates, name="import_rates"),
]
