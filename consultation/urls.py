from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("consultations/", views.index, name="index"),
    path("consultations/new/", views.consultation_form, name="create"),
    path("consultations/use-cases/", views.use_case_list, name="use-cases"),
    path("consultations/use-cases/propose/", views.propose, name="propose-any"),
    path("consultations/use-cases/<int:pk>/", views.use_case_detail, name="use-case"),
    path("consultations/use-cases/<int:pk>/edit/", views.use_case_edit, name="use-case-edit"),
    path(
        "consultations/use-cases/<int:pk>/history/", views.use_case_history, name="use-case-history"
    ),
    path("consultations/use-cases/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("consultations/use-cases/<int:pk>/comments/", views.comment_post, name="comment-post"),
    path("consultations/use-cases/<int:pk>/answer/", views.answer, name="answer"),
    path("consultations/comments/<int:pk>/reply/", views.reply, name="comment-reply"),
    path("consultations/comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("consultations/comments/<int:pk>/history/", views.comment_history, name="comment-history"),
    path("consultations/comments/<int:pk>/vote/", views.comment_vote, name="comment-vote"),
    path("consultations/comments/<int:pk>/report/", views.comment_report, name="comment-report"),
    path("consultations/comments/<int:pk>/appeal/", views.comment_appeal, name="comment-appeal"),
    path(
        "consultations/commitments/<int:pk>/status/",
        views.commitment_status,
        name="commitment-status",
    ),
    path("consultations/moderation/", views.moderation_queue, name="moderation"),
    path("consultations/moderation/statistics/", views.moderation_stats, name="moderation-stats"),
    path(
        "consultations/moderation/comments/<int:pk>/",
        views.moderate_comment,
        name="moderate-comment",
    ),
    path(
        "consultations/moderation/proposals/<int:pk>/",
        views.moderate_proposal,
        name="moderate-proposal",
    ),
    path(
        "consultations/moderation/appeals/<int:pk>/", views.moderate_appeal, name="moderate-appeal"
    ),
    path("consultations/moderation/people/<uuid:public_id>/", views.block_user, name="block-user"),
    path("consultations/notifications/", views.notifications, name="notifications"),
    path("consultations/open-data/", views.open_data, name="open-data"),
    path("consultations/<slug:slug>/", views.detail, name="detail"),
    path("consultations/<slug:slug>/edit/", views.consultation_form, name="edit"),
    path("consultations/<slug:slug>/phases.ics", views.ical, name="ical"),
    path("consultations/<slug:slug>/results/", views.results, name="results"),
    path("consultations/<slug:slug>/propose/", views.propose, name="propose"),
    path("consultations/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("consultations/<slug:slug>/dashboard.csv", views.dashboard_csv, name="dashboard-csv"),
    path("consultations/<slug:slug>/dashboard.pdf", views.dashboard_pdf, name="dashboard-pdf"),
    path(
        "consultations/<slug:slug>/open-data/ballots.<str:fmt>",
        views.open_data_ballots,
        name="open-data-ballots",
    ),
    path(
        "consultations/<slug:slug>/open-data/results.<str:fmt>",
        views.open_data_aggregates,
        name="open-data-results",
    ),
]
