from django.urls import URLPattern

app_name = "flows"

urlpatterns: list[URLPattern] = []
