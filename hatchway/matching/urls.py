"""Matching's pages; ``hatchway/urls.py`` mounts them with the pipeline's under ``matching/`` ("matching:")."""

from django.urls import URLPattern, path

from hatchway.matching import views

urlpatterns: list[URLPattern] = [
    path(
        "listings/<int:listing_id>/recommendations/",
        views.listing_recommendations,
        name="listing_recommendations",
    ),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("feedback/", views.feedback_create, name="feedback_create"),
]
