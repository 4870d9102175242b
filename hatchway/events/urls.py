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
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/new/", views.competition_create, name="competition_create"),
    path("competitions/carriers/", views.carrier_suggestions, name="carrier_suggestions"),
    path("competitions/<int:competition_id>/", views.competition_detail, name="competition_detail"),
    path("competitions/<int:competition_id>/edit/", views.competition_edit, name="competition_edit"),
    path("competitions/<int:competition_id>/manage/", views.competition_manage, name="competition_manage"),
    path("competitions/<int:competition_id>/enter/", views.competition_enter, name="competition_enter"),
    path(
        "competitions/<int:competition_id>/enterprises/",
        views.enterprise_suggestions,
        name="enterprise_suggestions",
    ),
    path(
        "competitions/<int:competition_id>/<str:part>/<int:part_id>/edit/",
        views.competition_part_edit,
        name="competition_part_edit",
    ),
    path(
        "competitions/<int:competition_id>/<str:part>/<int:part_id>/delete/",
        views.competition_part_delete,
        name="competition_part_delete",
    ),
    path(
        "competitions/<int:competition_id>/sites/<int:site_id>/panel/",
        views.competition_panel,
        name="competition_panel",
    ),
    path(
        "competitions/<int:competition_id>/sites/<int:site_id>/panel/<int:judge_id>/remove/",
        views.competition_unseat,
        name="competition_unseat",
    ),
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

# Brokerage meetings: the participants' pages and the organiser's console.
urlpatterns += [
    path("<int:event_id>/brokerage/", views.brokerage_home, name="brokerage_home"),
    path("<int:event_id>/brokerage/profile/", views.brokerage_profile, name="brokerage_profile"),
    path("<int:event_id>/brokerage/request/", views.brokerage_request, name="brokerage_request"),
    path("<int:event_id>/brokerage/agenda/", views.brokerage_agenda, name="brokerage_agenda"),
    path("<int:event_id>/brokerage/console/", views.brokerage_console, name="brokerage_console"),
    path("<int:event_id>/brokerage/compute/", views.brokerage_compute, name="brokerage_compute"),
    path("<int:event_id>/brokerage/runs/<int:run_id>/", views.brokerage_run, name="brokerage_run"),
    path("<int:event_id>/brokerage/cards/", views.brokerage_cards, name="brokerage_cards"),
    path("brokerage/requests/<int:request_id>/answer/", views.brokerage_answer, name="brokerage_answer"),
    path(
        "brokerage/meetings/<int:meeting_id>/status/",
        views.brokerage_meeting_status,
        name="brokerage_meeting_status",
    ),
    path(
        "brokerage/meetings/<int:meeting_id>/answer/",
        views.brokerage_meeting_answer,
        name="brokerage_meeting_answer",
    ),
    path("brokerage/mine/", views.my_brokerage, name="my_brokerage"),
    path(
        "brokerage/meetings/<int:meeting_id>/invitation.ics",
        views.brokerage_meeting_ics,
        name="brokerage_meeting_ics",
    ),
]
