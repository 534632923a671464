"""ProConnect, the State's OpenID Connect for public agents, on allauth's OpenID Connect provider.

allauth's provider speaks the standard; ProConnect adds to it, and refuses clients that do not
follow (https://github.com/numerique-gouv/proconnect-documentation, "implémentation technique"):

- a `nonce` of 32 characters or more on the authorization request, checked in the ID token;
- a `state` of 32 characters or more (allauth's is 16);
- the userinfo endpoint answers a signed JWT (`application/jwt`), not JSON;
- no authorization parameter it does not list (no PKCE);
- one registered redirect URI: the callback is the same whatever the page's language.

`settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]` names the provider
below; allauth then builds this package's URLs and views in place of its own. The app itself
(client id, secret, issuer) is built from the `PROCONNECT_*` settings by the adapter.
"""

PROVIDER_ID = "proconnect"
