from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.crypto import constant_time_compare


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    # The state stashed at the redirect (it holds the nonce), set by the callback view.
    state: dict | None = None

    def get_callback_url(self, request, app):
        # ProConnect knows one redirect URI: the unprefixed one, whatever the page's language
        # (/en/accounts/... would be refused).
        with translation.override(settings.LANGUAGE_CODE):
            return super().get_callback_url(request, app)

    def _verified_jwt(self, app, credential: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=credential,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )

    def complete_login(self, request, app, token, **kwargs):
        id_token_str = kwargs["response"].get("id_token")
        if not id_token_str:
            raise OAuth2Error("ProConnect sent no ID token")
        # Checked even though it came over TLS: ProConnect asks for it, and it is cheap.
        id_token = self._verified_jwt(app, id_token_str)
        expected_nonce = (self.state or {}).get("nonce") or ""
        if not expected_nonce or not constant_time_compare(
            str(id_token.get("nonce", "")), expected_nonce
        ):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent")
        userinfo = self._userinfo(app, token.token)
        if userinfo.get("sub") != id_token.get("sub"):
            raise OAuth2Error("The userinfo is about someone else than the ID token")
        return self.get_provider().sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": id_token}
        )

    def _userinfo(self, app, access_token: str) -> dict:
        with get_adapter().get_requests_session() as session:
            response = session.get(
                self.profile_url, headers={"Authorization": f"Bearer {access_token}"}
            )
            response.raise_for_status()
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type == "application/jwt":  # ProConnect: a JWT signed like the ID token
            return self._verified_jwt(app, response.text.strip())
        return response.json()


class ProConnectCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(ProConnectOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request, provider_id):
    try:
        return ProConnectCallbackView.adapter_view(ProConnectOAuth2Adapter(request, provider_id))(
            request
        )
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
