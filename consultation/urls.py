from django.urls import path

from consultation.views import (
    answers,
    ballots,
    consultations,
    debate,
    dossier,
    moderation,
    notifications,
    open_data,
    paper_ballots,
    synthesis,
    translation,
    use_cases,
)

app_name = "consultation"

urlpatterns = [
    path("consultations/", consultations.index, name="index"),
    path("consultations/new/", consultations.consultation_form, name="create"),
    path("consultations/use-cases/", use_cases.use_case_list, name="use-cases"),
    path("consultations/use-cases/propose/", use_cases.propose, name="propose-any"),
    path("consultations/use-cases/<int:pk>/", use_cases.use_case_detail, name="use-case"),
    path("consultations/use-cases/<int:pk>/edit/", use_cases.use_case_edit, name="use-case-edit"),
    path(
        "consultations/use-cases/<int:pk>/history/",
        use_cases.use_case_history,
        name="use-case-history",
    ),
    path("consultations/use-cases/<int:pk>/ballot/", ballots.ballot, name="ballot"),
    path("consultations/use-cases/<int:pk>/comments/", debate.comment_post, name="comment-post"),
    path("consultations/use-cases/<int:pk>/answer/", answers.answer, name="answer"),
    path("consultations/comments/<int:pk>/", debate.comment_permalink, name="comment"),
    path("consultations/comments/<int:pk>/reply/", debate.reply, name="comment-reply"),
    path("consultations/comments/<int:pk>/edit/", debate.comment_edit, name="comment-edit"),
    path(
        "consultations/comments/<int:pk>/history/", debate.comment_history, name="comment-history"
    ),
    path("consultations/comments/<int:pk>/vote/", debate.comment_vote, name="comment-vote"),
    path(
        "consultations/comments/<int:pk>/report/", moderation.comment_report, name="comment-report"
    ),
    path(
        "consultations/comments/<int:pk>/appeal/", moderation.comment_appeal, name="comment-appeal"
    ),
    path(
        "consultations/commitments/<int:pk>/status/",
        answers.commitment_status,
        name="commitment-status",
    ),
    path(
        "consultations/commitments/<int:pk>/progress/",
        answers.commitment_progress,
        name="commitment-progress",
    ),
    path(
        "consultations/use-cases/<int:pk>/synthesis/",
        synthesis.synthesis_request,
        name="synthesis-request",
    ),
    path("consultations/syntheses/", synthesis.synthesis_queue, name="synthesis-queue"),
    path("consultations/syntheses/<int:pk>/", synthesis.synthesis_detail, name="synthesis"),
    path(
        "consultations/syntheses/<int:pk>/review/",
        synthesis.synthesis_review,
        name="synthesis-review",
    ),
    path("consultations/syntheses/<int:pk>/flag/", synthesis.synthesis_flag, name="synthesis-flag"),
    path(
        "consultations/syntheses/flags/<int:pk>/resolve/",
        synthesis.synthesis_flag_resolve,
        name="synthesis-flag-resolve",
    ),
    path(
        "consultations/read/<str:kind>/<int:pk>/<str:language>/",
        translation.read,
        name="read",
    ),
    path(
        "consultations/read/<str:kind>/<int:pk>/<str:language>/review/<str:field>/",
        translation.review,
        name="read-review",
    ),
    path("consultations/moderation/", moderation.moderation_queue, name="moderation"),
    path(
        "consultations/moderation/statistics/", moderation.moderation_stats, name="moderation-stats"
    ),
    path(
        "consultations/moderation/comments/<int:pk>/",
        moderation.moderate_comment,
        name="moderate-comment",
    ),
    path(
        "consultations/moderation/proposals/<int:pk>/",
        moderation.moderate_proposal,
        name="moderate-proposal",
    ),
    path(
        "consultations/moderation/appeals/<int:pk>/",
        moderation.moderate_appeal,
        name="moderate-appeal",
    ),
    path(
        "consultations/moderation/people/<uuid:public_id>/",
        moderation.block_user,
        name="block-user",
    ),
    path("consultations/notifications/", notifications.notifications, name="notifications"),
    path("consultations/open-data/", open_data.open_data, name="open-data"),
    path("consultations/<slug:slug>/", consultations.detail, name="detail"),
    path("consultations/<slug:slug>/ballots/", consultations.ballots, name="ballots"),
    path("consultations/<slug:slug>/edit/", consultations.consultation_form, name="edit"),
    path("consultations/<slug:slug>/phases.ics", consultations.ical, name="ical"),
    path("consultations/<slug:slug>/results/", consultations.results, name="results"),
    path("consultations/<slug:slug>/dossier.pdf", dossier.dossier_pdf, name="dossier-pdf"),
    path(
        "consultations/<slug:slug>/paper-ballots/",
        paper_ballots.paper_ballots,
        name="paper-ballots",
    ),
    path("consultations/<slug:slug>/propose/", use_cases.propose, name="propose"),
    path("consultations/<slug:slug>/dashboard/", consultations.dashboard, name="dashboard"),
    path(
        "consultations/<slug:slug>/dashboard.csv", consultations.dashboard_csv, name="dashboard-csv"
    ),
    path(
        "consultations/<slug:slug>/dashboard.pdf", consultations.dashboard_pdf, name="dashboard-pdf"
    ),
    path(
        "consultations/<slug:slug>/open-data/ballots.<str:fmt>",
        open_data.open_data_ballots,
        name="open-data-ballots",
    ),
    path(
        "consultations/<slug:slug>/open-data/results.<str:fmt>",
        open_data.open_data_aggregates,
        name="open-data-results",
    ),
]
