from django.contrib.auth import views as auth_views
from django.urls import path

from opencsc.web import views

app_name = "web"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", auth_views.LogoutView.as_view(next_page="web:sign-in"), name="sign-out"),
    path("", views.my_work, name="my-work"),
    path("team/", views.team, name="team"),
    path("team/members/<int:user_id>/", views.team_member, name="team-member"),
    path("team/allocate/", views.team_allocate, name="team-allocate"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("search/", views.search, name="search"),
    path("children/<int:person_id>/", views.child, name="child"),
    path("children/<int:person_id>/record/<slug:step>/", views.record_step, name="record-step"),
]
