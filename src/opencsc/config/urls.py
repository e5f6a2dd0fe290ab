from django.urls import include, path

urlpatterns = [
    path("", include("opencsc.web.urls")),
]
