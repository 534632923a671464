from django.urls import path

from dialogue import views

app_name = "dialogue"

urlpatterns = [
    path("dialogue/", views.index, name="index"),
    path("dialogue/opinions/new/", views.opinion_new, name="opinion_new"),
    path("dialogue/surveys/", views.surveys, name="surveys"),
    path("dialogue/surveys/rounds/<int:pk>/", views.survey_answer, name="survey_answer"),
    path("dialogue/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("dialogue/meetings/<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    path("dialogue/meetings/<int:pk>/minutes/edit/", views.minutes_edit, name="minutes_edit"),
    path("dialogue/bodies/<slug:slug>/", views.body_detail, name="body"),
    path("dialogue/bodies/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_new"),
]
