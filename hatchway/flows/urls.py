from django.urls import path

from hatchway.flows import views

app_name = "flows"

urlpatterns = [
    path("", views.flow_list, name="flow_list"),
    path("<int:flow_id>/", views.flow_detail, name="flow_detail"),
    path("rates/", views.rate_list, name="rate_list"),
]
