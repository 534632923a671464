import secrets

from allauth.account.models import EmailAddress
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from django.conf import settings

from accounts.proconnect.views import ProConnectOAuth2Adapter


class ProConnectAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        return (self.get_user_data() or {}).get("email") or super().to_str()


class ProConnectProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, as ProConnect wants it (see the package's docstring)."""

    account_class = ProConnectAccount
    oauth2_adapter_class = ProConnectOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return list(settings.PROCONNECT_SCOPES)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # The nonce goes to ProConnect and into the stashed state; the callback compares it
        # with the one the ID token carries back (a replayed token carries another).
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_common_fields(self, data) -> dict:
        fields = super().extract_common_fields(data)
        claims = data.get("userinfo") or data.get("id_token") or {}
        # ProConnect names the family name `usual_name`; the site keeps no first or last name
        # (the display name is the person's choice), allauth just fills what the model has.
        fields["last_name"] = claims.get("usual_name") or fields.get("last_name")
        fields["email"] = (fields.get("email") or "").strip().lower() or None
        return fields

    def extract_email_addresses(self, data) -> list:
        """The address ProConnect gives is the one the agent's administration vouches for
        (its directory, or ProConnect Identité which checks it with a code): verified, unless
        the provider itself says it is not (`email_verified: false`)."""
        claims = data.get("userinfo") or data.get("id_token") or {}
        email = (claims.get("email") or "").strip().lower()
        if not email:
            return []
        verified = (
            parse_bool_safely(claims.get("email_verified")) if "email_verified" in claims else True
        )
        return [EmailAddress(email=email, verified=verified, primary=True)]


provider_classes = [ProConnectProvider]
