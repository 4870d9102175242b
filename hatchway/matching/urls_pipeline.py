"""Pages from interest to outcome; included by ``hatchway/matching/urls.py`` under the "matching" namespace."""

from django.urls import URLPattern, path

from hatchway.matching import pipeline_views

urlpatterns: list[URLPattern] = [
    path("mine/", pipeline_views.my_matches, name="my_matches"),
    path("interests/", pipeline_views.interest_create, name="interest_create"),
    path("interests/<int:interest_id>/withdraw/", pipeline_views.interest_withdraw, name="interest_withdraw"),
    path("interests/<int:interest_id>/accept/", pipeline_views.interest_accept, name="interest_accept"),
    path("matches/<int:match_id>/", pipeline_views.match_detail, name="match_detail"),
    path("matches/<int:match_id>/stage/", pipeline_views.match_move, name="match_move"),
    path("feedback/", pipeline_views.feedback_create, name="feedback_create"),
]
