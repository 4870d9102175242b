from django.urls import path

from hatchway.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("mine/", views.my_registrations, name="my_registrations"),
    path("<int:event_id>/", views.event_detail, name="event_detail"),
    path("<int:event_id>/register/", views.event_register, name="event_register"),
    path("<int:event_id>/invitation.ics", views.event_invitation, name="event_invitation"),
    path("<int:event_id>/registrations/", views.event_manage, name="event_manage"),
    path(
        "registrations/<int:registration_id>/cancel/", views.registration_cancel, name="registration_cancel"
    ),
    path(
        "registrations/<int:registration_id>/decide/", views.registration_decide, name="registration_decide"
    ),
    path("competitions/<int:competition_id>/", views.competition_detail, name="competition_detail"),
    path(
        "competitions/<int:competition_id>/rounds/<int:round_id>/results/",
        views.competition_results,
        name="competition_results",
    ),
    path(
        "competitions/<int:competition_id>/rounds/<int:round_id>/advance/",
        views.competition_advance,
        name="competition_advance",
    ),
    path(
        "competitions/<int:competition_id>/rounds/<int:round_id>/award/",
        views.competition_award,
        name="competition_award",
    ),
    path("judging/sites/<int:site_id>/", views.judging_site, name="judging_site"),
    path("judging/sites/<int:site_id>/entries/<int:entry_id>/", views.judging_score, name="judging_score"),
    path(
        "judging/sites/<int:site_id>/entries/<int:entry_id>/conflict/",
        views.judging_conflict,
        name="judging_conflict",
    ),
]
