from django.urls import path

from hatchway.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:chart_id>.xlsx", views.export_chart, name="export_chart"),
    path("yearly/", views.yearly_report, name="yearly"),
]
