"""Accounts: agents sign in with ProConnect, the State's OpenID Connect for public agents.

Off unless the three ProConnect variables are set: no button, no provider. What to register
with ProConnect, and why the agent role depends on the email's domain: docs/operations.md.
"""

from urllib.parse import urlsplit

from config.settings import base
from config.settings.base import env

# The issuer: discovery is read from <PROCONNECT_SERVER_URL>/.well-known/openid-configuration
# (e.g. https://auth.agentconnect.gouv.fr/api/v2 in production).
PROCONNECT_SERVER_URL = env("PROCONNECT_SERVER_URL", default="").rstrip("/")
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET", default="")
# The scopes granted to the site when it was registered; ProConnect refuses any other.
PROCONNECT_SCOPES = env.list(
    "PROCONNECT_SCOPES", default=["openid", "email", "given_name", "usual_name", "siret"]
)
# Email domains of the city's own agents: a ProConnect sign-in from one of them gets the
# `agent` role. ProConnect vouches that someone is a public agent, not that they work here.
PROCONNECT_AGENT_DOMAINS = [
    domain.strip().lower().lstrip("@")
    for domain in env.list("PROCONNECT_AGENT_DOMAINS", default=["paris.fr"])
    if domain.strip()
]

SOCIALACCOUNT_ADAPTER = "accounts.proconnect.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's OpenID Connect provider with what ProConnect adds to the standard (a nonce,
        # the userinfo answered as a signed JWT, a state of 32 characters or more).
        "provider_class": "accounts.proconnect.provider.ProConnectProvider",
        # ProConnect refuses any authorization parameter it does not list (PKCE's included).
        "OAUTH_PKCE_ENABLED": False,
    }
}
# A person who signs in with ProConnect for the first time gets an account at once (no form):
# the address comes from the agent's administration.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
# An existing account is matched by a verified address only (never by an unverified one).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_QUERY_EMAIL = True

# The sign-in form posts to the site, which redirects to ProConnect: browsers apply the
# page's `form-action` to that redirect too.
if PROCONNECT_SERVER_URL:
    _issuer = urlsplit(PROCONNECT_SERVER_URL)
    CONTENT_SECURITY_POLICY = {
        **base.CONTENT_SECURITY_POLICY,
        "DIRECTIVES": {
            **base.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "form-action": [
                *base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
                f"{_issuer.scheme}://{_issuer.netloc}",
            ],
        },
    }
# The city's territories (profile choice, participation statistics): a YAML file like
# accounts/territories/paris.yaml; empty = Paris's 20 arrondissements.
CITY_TERRITORIES_FILE = env("CITY_TERRITORIES_FILE", default="")
