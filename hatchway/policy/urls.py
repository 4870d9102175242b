from django.urls import path

from hatchway.policy import views

app_name = "policy"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/approve/", views.run_approve, name="run_approve"),
    path("runs/<int:run_id>/export.xlsx", views.run_export, name="run_export"),
    path("enterprises/<int:enterprise_id>/", views.enterprise_eligibility, name="enterprise_eligibility"),
    path("enterprises/<int:enterprise_id>/facts/", views.enterprise_facts, name="enterprise_facts"),
    path("<slug:programme_id>/", views.programme_detail, name="programme_detail"),
]
