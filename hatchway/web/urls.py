from django.urls import path

from hatchway.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("workspace/", views.workspace, name="workspace"),
    path("i18n/language/", views.switch_language, name="switch_language"),
]
