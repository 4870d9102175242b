from django.urls import path

from hatchway.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notice_id>/open/", views.notice_open, name="open"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
]
