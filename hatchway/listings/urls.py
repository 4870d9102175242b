from django.urls import path

from hatchway.listings import views

app_name = "listings"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("mine/", views.my_listings, name="mine"),
    path("new/", views.listing_create, name="create"),
    path("<int:listing_id>/", views.listing_detail, name="detail"),
    path("<int:listing_id>/edit/", views.listing_edit, name="edit"),
    path("<int:listing_id>/<slug:action>/", views.listing_transition, name="transition"),
]
