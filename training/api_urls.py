from django.urls import path

from training import api, views

app_name = "training_api"

urlpatterns = [
    path("api/training/indicators/", api.IndicatorsView.as_view(), name="indicators"),
    path(
        "api/training/certificates/<str:code>/",
        api.CertificateVerifyView.as_view(),
        name="certificate",
    ),
    # Open Badges: what any verifier reads (training/open_badges.py). The DID document sits
    # where did:web resolves the site's DID; the other documents are unprefixed, like the APIs.
    path(".well-known/did.json", views.badge_did_document, name="badge_did"),
    path(".well-known/jwks.json", views.badge_jwks, name="badge_jwks"),
    path("api/training/open-badges/issuer/", views.badge_issuer, name="badge_issuer"),
    path(
        "api/training/open-badges/achievements/<uuid:course_key>/",
        views.badge_achievement,
        name="badge_achievement",
    ),
    path(
        "api/training/open-badges/status/<int:list_number>/",
        views.badge_status_list,
        name="badge_status_list",
    ),
]
