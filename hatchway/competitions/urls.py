"""The competitions' pages, under /events/ beside the events they belong to."""

from django.urls import path

from hatchway.competitions import views

app_name = "competitions"

urlpatterns = [
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
