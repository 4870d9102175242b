from django.urls import path

from hatchway.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:name>/<str:what>.<str:file_format>", views.download, name="download"),
    path("<slug:name>/import/", views.upload, name="upload"),
    path("imports/<int:job_id>/", views.job, name="job"),
]
