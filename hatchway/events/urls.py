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
]
