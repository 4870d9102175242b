from django.urls import URLPattern

app_name = "listings"

urlpatterns: list[URLPattern] = []
