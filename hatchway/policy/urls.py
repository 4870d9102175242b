from django.urls import path

from hatchway.policy import views

app_name = "policy"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("<slug:programme_id>/", views.programme_detail, name="programme_detail"),
]
