from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("training/my-courses/", views.my_courses, name="my_courses"),
    path("training/statistics/", views.statistics, name="statistics"),
    path("training/certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("training/certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("training/certificates/<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "training/certificates/<str:code>/open-badge/",
        views.certificate_open_badge,
        name="certificate_open_badge",
    ),
    path("training/courses/<int:pk>/enrol/", views.course_enrol, name="course_enrol"),
    path(
        "training/courses/<int:pk>/certificate/",
        views.certificate_claim,
        name="certificate_claim",
    ),
    path("training/courses/<int:pk>/kit/<slug:kind>/", views.course_kit, name="course_kit"),
    path("training/lessons/<int:pk>/done/", views.lesson_complete, name="lesson_complete"),
    path("training/lessons/<int:pk>/quiz/", views.quiz_submit, name="quiz_submit"),
    path("training/lessons/<int:pk>/pdf/", views.lesson_pdf, name="lesson_pdf"),
    path("training/workshops/", views.workshop_list, name="workshop_list"),
    path("training/workshops/new/", views.workshop_create, name="workshop_create"),
    path("training/workshops/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path(
        "training/workshops/<int:pk>/complete/",
        views.workshop_complete,
        name="workshop_complete",
    ),
    path(
        "training/workshops/<int:pk>/certificates/pdf/",
        views.workshop_certificates_pdf,
        name="workshop_certificates_pdf",
    ),
]
