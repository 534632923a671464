"""allauth's social-account adapter for the site: the ProConnect app comes from the settings,
and an existing account is matched by an address verified on both sides only."""

import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings

from accounts.proconnect import PROVIDER_ID


def proconnect_configured() -> bool:
    return bool(
        settings.PROCONNECT_SERVER_URL
        and settings.PROCONNECT_CLIENT_ID
        and settings.PROCONNECT_CLIENT_SECRET
    )


def proconnect_app() -> SocialApp:
    """Built from the settings at each use (nothing in the database to keep in step)."""
    return SocialApp(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="ProConnect",
        client_id=settings.PROCONNECT_CLIENT_ID,
        secret=settings.PROCONNECT_CLIENT_SECRET,
        settings={"server_url": settings.PROCONNECT_SERVER_URL},
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        if not proconnect_configured():
            return apps
        app = proconnect_app()
        if provider not in (None, app.provider, app.provider_id):
            return apps
        if client_id not in (None, app.client_id):
            return apps
        return [*apps, app]

    def generate_state_param(self, state: dict) -> str:
        # ProConnect refuses a state shorter than 32 characters (allauth's has 16).
        return secrets.token_urlsafe(32)

    def authenticate_by_email(self, sociallogin):
        """allauth matches an account by a verified address from the provider, but may pick an
        account whose own address was never verified: someone who signed up with an agent's
        address (and could not confirm it) would then receive that agent's sign-in. Only an
        account that proved the address too is matched; otherwise nothing is."""
        found = super().authenticate_by_email(sociallogin)
        if found is None:
            return None
        user, email = found
        if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
            return None
        return found
