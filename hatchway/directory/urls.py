from django.urls import path

from hatchway.directory import views

app_name = "directory"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:organisation_id>/contacts/", views.contact_add, name="contact_add"),
    path("organisations/<int:organisation_id>/reports/", views.data_reports, name="data_reports"),
    path("contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"),
    path("talent/", views.my_talent_profile, name="my_talent_profile"),
    path("talent/consents/", views.my_talent_consent, name="my_talent_consent"),
    path("talents/<int:profile_id>/", views.talent_detail, name="talent_detail"),
    path("members/", views.membership_list, name="membership_list"),
]
