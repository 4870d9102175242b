from django.urls import URLPattern, URLResolver, include, path

from hatchway.matching import views

app_name = "matching"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "listings/<int:listing_id>/recommendations/",
        views.listing_recommendations,
        name="listing_recommendations",
    ),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("", include("hatchway.matching.urls_pipeline")),
]
