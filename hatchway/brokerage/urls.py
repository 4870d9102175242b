"""Brokerage meetings: the participants' pages and the organiser's console, under /events/."""

from django.urls import path

from hatchway.brokerage import views

app_name = "brokerage"

urlpatterns = [
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
