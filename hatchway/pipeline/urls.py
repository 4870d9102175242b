"""Pages from interest to outcome; ``hatchway/urls.py`` mounts them with matching's under ``matching/``.

They kept the address and the "matching:" names they had before the pipeline became an app of its own.
"""

from django.urls import URLPattern, path

from hatchway.pipeline import views

urlpatterns: list[URLPattern] = [
    path("mine/", views.my_matches, name="my_matches"),
    path("interests/", views.interest_create, name="interest_create"),
    path("interests/<int:interest_id>/withdraw/", views.interest_withdraw, name="interest_withdraw"),
    path("interests/<int:interest_id>/accept/", views.interest_accept, name="interest_accept"),
    path("matches/<int:match_id>/", views.match_detail, name="match_detail"),
    path("matches/<int:match_id>/stage/", views.match_move, name="match_move"),
]
