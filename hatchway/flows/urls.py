from django.urls import path

from hatchway.flows import views

app_name = "flows"

urlpatterns = [
    path("", views.flow_list, name="flow_list"),
    path("<int:flow_id>/", views.flow_detail, name="flow_detail"),
    path("import/", views.import_flows, name="import"),
    path("rates/", views.rate_list, name="rate_list"),
]
