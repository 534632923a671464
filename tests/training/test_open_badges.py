"""Certificates as Open Badges 3.0, checked the way an outside verifier would check them.

The site signs with PyJWT. These tests verify with code of their own: the JWS signing input is
checked with `cryptography` against the public key read from the DID document the site serves
(a did:web resolution through the test client), and again with joserfc (another JOSE library)
against the published JWKS. The revocation list is decoded here from its published form.
"""

import base64
import gzip
import hashlib
import json
import stat
from urllib.parse import quote, urlparse

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.utils import timezone
from joserfc import jws
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet

from accounts.models import AuditEntry
from core.errors import NotFound, ServiceUnavailable
from tests.factories import UserFactory
from tests.training.factories import training_manager
from training import gdpr, open_badges, services
from training.models import BadgeKeyState, BadgeSigningKey, Certificate, OpenBadge

pytestmark = pytest.mark.django_db


# --- An independent verifier ----------------------------------------------------------------


class NotVerified(Exception):
    pass


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def did_web_resolve(client, did: str) -> dict:
    """did:web:<host> is https://<host>/.well-known/did.json; the host is this site."""
    assert did.startswith("did:web:")
    host = urlparse(settings.SITE_URL).netloc
    assert did == "did:web:" + quote(host, safe=""), "the DID names another host"
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    return response.json()


def public_key_from_jwk(jwk: dict) -> rsa.RSAPublicKey:
    assert jwk["kty"] == "RSA"
    assert "d" not in jwk, "a private key is published"
    n = int.from_bytes(b64url_decode(jwk["n"]), "big")
    e = int.from_bytes(b64url_decode(jwk["e"]), "big")
    assert n.bit_length() >= 2048, "an RSA key shorter than 2048 bits"
    return rsa.RSAPublicNumbers(e, n).public_key()


def verify(client, token: str) -> tuple[dict, dict]:
    """Check a compact JWS with `cryptography` and the key the DID document publishes."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    if header.get("alg") != "RS256":  # the algorithm every Open Badges 3.0 verifier supports
        raise NotVerified(f"unexpected alg {header.get('alg')}")
    did, _, fragment = header["kid"].partition("#")
    document = did_web_resolve(client, did)
    methods = {m["id"]: m for m in document["verificationMethod"]}
    if header["kid"] not in methods or header["kid"] not in document["assertionMethod"]:
        raise NotVerified(f"key {header['kid']} is not published for assertions")
    public_key = public_key_from_jwk(methods[header["kid"]]["publicKeyJwk"])
    signature = b64url_decode(signature_b64)
    try:
        public_key.verify(
            signature,
            f"{header_b64}.{payload_b64}".encode("ascii"),
            padding.PKCS1v15(),  # RS256 = RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518)
            hashes.SHA256(),
        )
    except InvalidSignature:
        raise NotVerified("bad signature") from None
    return header, json.loads(b64url_decode(payload_b64))


def verify_with_joserfc(client, token: str) -> dict:
    """The same check by another JOSE implementation, with the published JWKS."""
    keys = KeySet.import_key_set(client.get("/.well-known/jwks.json").json())
    return json.loads(jws.deserialize_compact(token, keys, algorithms=["RS256"]).payload)


def status_bit(client, entry: dict) -> int:
    """Read a credential's bit in the published, signed Bitstring Status List."""
    path = urlparse(entry["statusListCredential"]).path
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    _header, status_credential = verify(client, response.content.decode())
    assert status_credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_credential["id"] == entry["statusListCredential"]
    subject = status_credential["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == entry["statusPurpose"] == "revocation"
    encoded = subject["encodedList"]
    assert encoded[0] == "u"  # multibase base64url, no padding
    bits = gzip.decompress(b64url_decode(encoded[1:]))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def key(db):
    return open_badges.badge_key_ensure()


def certificate_for(user, course, name="Camille Martin") -> Certificate:
    return Certificate.objects.create(
        user=user,
        course_key=course.translation_key,
        course_title=course.title,
        learner_name=name,
        issued_at=timezone.now(),
    )


@pytest.fixture
def certificate(key, course_tree, user):
    course, _modules, _lessons = course_tree
    return certificate_for(user, course)


# --- The credential -------------------------------------------------------------------------


def test_a_credential_verifies_with_the_key_the_city_publishes(client, certificate):
    badge = open_badges.open_badge_issue(certificate=certificate)

    header, payload = verify(client, badge.token)

    assert header["typ"] == "vc+jwt"
    assert header["kid"] == f"{open_badges.issuer_did()}#{badge.signing_key.kid}"
    assert verify_with_joserfc(client, badge.token) == payload


def test_a_tampered_credential_does_not_verify(client, certificate):
    token = open_badges.open_badge_issue(certificate=certificate).token
    header_b64, payload_b64, signature_b64 = token.split(".")
    payload = json.loads(b64url_decode(payload_b64))
    payload["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    forged = f"{header_b64}.{b64url_encode(json.dumps(payload).encode())}.{signature_b64}"

    with pytest.raises(NotVerified, match="bad signature"):
        verify(client, forged)
    with pytest.raises(BadSignatureError):
        verify_with_joserfc(client, forged)


def test_the_credential_is_an_open_badges_3_credential(client, certificate, course_tree):
    course = course_tree[0]
    badge = open_badges.open_badge_issue(certificate=certificate)
    _header, credential = verify(client, badge.token)

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"{settings.SITE_URL}/training/certificates/{certificate.code}/"
    assert credential["name"]
    issuer = credential["issuer"]
    assert issuer["id"] == open_badges.issuer_did() == credential["iss"]
    assert issuer["type"] == ["Profile"]
    assert issuer["name"] == settings.CITY_NAME
    assert credential["validFrom"] == certificate.issued_at.astimezone(
        timezone.get_fixed_timezone(0)
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert credential["nbf"] == int(certificate.issued_at.timestamp())
    assert credential["jti"] == credential["id"]

    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    name, email = subject["identifier"]
    assert (name["identityType"], name["hashed"], name["identityHash"]) == (
        "name",
        False,
        "Camille Martin",
    )
    assert email["identityType"] == "emailAddress" and email["hashed"] is True
    expected = hashlib.sha256((certificate.user.email.lower() + email["salt"]).encode()).hexdigest()
    assert email["identityHash"] == f"sha256${expected}"
    assert certificate.user.email not in badge.token  # only the salted hash travels

    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == course.title
    assert achievement["description"]
    assert achievement["criteria"]["narrative"]
    assert (
        achievement["id"]
        == f"{settings.SITE_URL}/api/training/open-badges/achievements/{course.translation_key}/"
    )

    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == str(badge.status_index)
    assert (
        status["statusListCredential"] == f"{settings.SITE_URL}/api/training/open-badges/status/1/"
    )
    assert status["id"] == f"{status['statusListCredential']}#{badge.status_index}"


def test_the_achievement_and_the_issuer_profile_are_served_at_their_ids(client, certificate):
    _header, credential = verify(
        client, open_badges.open_badge_issue(certificate=certificate).token
    )
    achievement = credential["credentialSubject"]["achievement"]

    served = client.get(urlparse(achievement["id"]).path)
    assert served.status_code == 200
    assert served["Access-Control-Allow-Origin"] == "*"
    assert served.json()["id"] == achievement["id"]
    assert served.json()["criteria"] == achievement["criteria"]

    profile = client.get("/api/training/open-badges/issuer/").json()
    assert profile["id"] == credential["issuer"]["id"]
    assert profile["type"] == ["Profile"]
    assert (
        client.get(
            "/api/training/open-badges/achievements/00000000-0000-0000-0000-000000000000/"
        ).status_code
        == 404
    )


def test_the_did_is_the_site_s_host_and_publishes_no_private_key(client, key, settings):
    settings.SITE_URL = "https://ville.example.fr:8443"
    document = client.get("/.well-known/did.json").json()

    assert document["id"] == "did:web:ville.example.fr%3A8443"
    (method,) = document["verificationMethod"]
    assert method["id"] == f"did:web:ville.example.fr%3A8443#{key.kid}"
    assert method["controller"] == document["id"]
    assert set(method["publicKeyJwk"]) == {"kty", "n", "e"}
    jwks = client.get("/.well-known/jwks.json").json()
    assert [k["kid"] for k in jwks["keys"]] == [method["id"]]
    assert "d" not in jwks["keys"][0]


def test_the_private_key_is_a_file_only_the_site_reads(key):
    path = open_badges._key_path(key.kid)
    assert path.parent == settings.TRAINING_BADGE_KEY_DIR
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in path.read_bytes()
    assert "d" not in key.public_jwk


def test_claiming_a_certificate_issues_its_badge(key, learner, course_tree):
    from tests.training.test_services import finish_course

    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    certificate = services.certificate_issue(
        user=learner.user, course=course, learner_name="Camille Martin"
    )

    badge = OpenBadge.objects.get(certificate=certificate)
    assert badge.signing_key == key
    assert 0 <= badge.status_index < open_badges.STATUS_LIST_SIZE


def test_without_a_signing_key_the_certificate_is_issued_and_the_badge_comes_later(
    client, learner, course_tree
):
    from tests.training.test_services import finish_course

    course, _modules, lessons = course_tree
    finish_course(learner, lessons)
    certificate = services.certificate_issue(
        user=learner.user, course=course, learner_name="Camille Martin"
    )
    assert not OpenBadge.objects.exists()
    client.force_login(learner.user)
    url = f"/en/training/certificates/{certificate.code}/open-badge/"

    refused = client.get(url, follow=True)
    assert refused.status_code == 200
    assert "signing key" in refused.content.decode()

    open_badges.badge_key_ensure()
    response = client.get(url)
    assert response.status_code == 200
    verify(client, response.content.decode())


def test_status_indexes_are_distinct(key, course_tree):
    course = course_tree[0]
    badges = [
        open_badges.open_badge_issue(certificate=certificate_for(UserFactory(), course))
        for _ in range(20)
    ]
    assert len({b.status_index for b in badges}) == 20
    # Chosen at random, not in order of issue: an index says nothing about when.
    assert [b.status_index for b in badges] != sorted(b.status_index for b in badges)


# --- Revocation -----------------------------------------------------------------------------


def test_bitstring_encoding_puts_index_zero_in_the_first_bit():
    encoded = open_badges.encoded_bitstring([0, 9, 131_071])
    bits = gzip.decompress(b64url_decode(encoded.removeprefix("u")))
    assert len(bits) == 16_384
    assert bits[0] == 0b1000_0000
    assert bits[1] == 0b0100_0000
    assert bits[-1] == 0b0000_0001
    assert sum(bin(b).count("1") for b in bits) == 3


def test_revoking_a_certificate_sets_its_bit_in_the_published_status_list(
    client, certificate, course_tree
):
    other = certificate_for(UserFactory(), course_tree[0], name="Karim Haddad")
    revoked_token = open_badges.open_badge_issue(certificate=certificate).token
    kept_token = open_badges.open_badge_issue(certificate=other).token
    revoked_entry = verify(client, revoked_token)[1]["credentialStatus"]
    kept_entry = verify(client, kept_token)[1]["credentialStatus"]
    assert status_bit(client, revoked_entry) == 0

    services.certificate_revoke(certificate=certificate, by=training_manager(), reason="Fraud")

    assert status_bit(client, revoked_entry) == 1
    assert status_bit(client, kept_entry) == 0
    assert AuditEntry.objects.filter(action="training.certificate_revoked").count() == 1
    page = client.get(f"/en/training/certificates/{certificate.code}/").content.decode()
    assert "Open Badge 3.0" in page
    assert "shows it as revoked" in page


def test_an_unknown_status_list_is_not_found(client, key):
    assert client.get("/api/training/open-badges/status/2/").status_code == 404


# --- Key rotation ---------------------------------------------------------------------------


def test_after_rotation_old_credentials_verify_and_new_ones_use_the_new_key(
    client, key, course_tree
):
    course = course_tree[0]
    old = open_badges.open_badge_issue(certificate=certificate_for(UserFactory(), course))

    new_key = open_badges.badge_key_rotate()
    new = open_badges.open_badge_issue(certificate=certificate_for(UserFactory(), course))

    old_header, _ = verify(client, old.token)
    new_header, _ = verify(client, new.token)
    assert old_header["kid"].endswith("#" + key.kid)
    assert new_header["kid"].endswith("#" + new_key.kid)
    assert new_key.kid != key.kid
    verify_with_joserfc(client, old.token)
    states = {
        k["kid"].split("#")[1]: k["status"]
        for k in client.get("/.well-known/jwks.json").json()["keys"]
    }
    assert states == {key.kid: "retired", new_key.kid: "active"}
    key.refresh_from_db()
    assert key.state == BadgeKeyState.RETIRED and key.retired_at is not None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"training.badge_key_created", "training.badge_key_retired"} <= actions


def test_a_credential_signed_by_a_key_the_city_never_published_fails(client, certificate):
    token = open_badges.open_badge_issue(certificate=certificate).token
    header_b64, payload_b64, _signature = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    intruder = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def signed(kid: str) -> str:
        head = b64url_encode(json.dumps({**header, "kid": kid}).encode())
        signature = intruder.sign(
            f"{head}.{payload_b64}".encode(), padding.PKCS1v15(), hashes.SHA256()
        )
        return f"{head}.{payload_b64}.{b64url_encode(signature)}"

    with pytest.raises(NotVerified, match="not published"):
        verify(client, signed(f"{open_badges.issuer_did()}#unknown-key"))
    with pytest.raises(NotVerified, match="bad signature"):  # claims the city's key id
        verify(client, signed(header["kid"]))
    with pytest.raises(BadSignatureError):
        verify_with_joserfc(client, signed(header["kid"]))


def test_a_withdrawn_key_is_unpublished_and_its_badges_are_signed_again(client, certificate):
    badge = open_badges.open_badge_issue(certificate=certificate)
    old_token, old_kid = badge.token, badge.signing_key.kid

    open_badges.badge_key_withdraw(kid=old_kid)

    with pytest.raises(NotVerified, match="not published"):
        verify(client, old_token)
    badge.refresh_from_db()
    header, _ = verify(client, badge.token)
    assert not header["kid"].endswith("#" + old_kid)
    assert BadgeSigningKey.objects.get(kid=old_kid).state == BadgeKeyState.WITHDRAWN


def test_ensure_replaces_an_active_key_whose_private_file_is_gone(key):
    open_badges._key_path(key.kid).unlink()
    replacement = open_badges.badge_key_ensure()
    assert replacement.kid != key.kid
    key.refresh_from_db()
    assert key.state == BadgeKeyState.RETIRED
    assert open_badges.badge_key_ensure() == replacement


def test_signing_without_the_private_file_is_a_clear_refusal(key, certificate):
    open_badges._key_path(key.kid).unlink()
    with pytest.raises(ServiceUnavailable):
        open_badges.open_badge_issue(certificate=certificate)
    assert not OpenBadge.objects.exists()


def test_the_badge_keys_command_creates_rotates_and_lists(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("badge_keys", "ensure", stdout=out)
    call_command("badge_keys", "rotate", stdout=out)
    call_command("badge_keys", stdout=out)
    lines = out.getvalue()
    assert lines.count(" active ") >= 1 and " retired " in lines
    assert BadgeSigningKey.objects.filter(state=BadgeKeyState.ACTIVE).count() == 1
    assert BadgeSigningKey.objects.count() == 2


# --- Download permissions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "revoked", "expected"),
    [
        ("anonymous", False, 404),
        ("holder", False, 200),
        ("other", False, 404),
        ("manager", False, 200),
        ("holder", True, 404),
        ("manager", True, 200),
    ],
)
def test_who_may_download_the_badge(client, certificate, who, revoked, expected):
    open_badges.open_badge_issue(certificate=certificate)
    if revoked:
        services.certificate_revoke(certificate=certificate, by=training_manager(), reason="X")
    people = {
        "holder": certificate.user,
        "other": UserFactory(),
        "manager": training_manager() if who == "manager" else None,
    }
    if people.get(who) is not None:
        client.force_login(people[who])

    response = client.get(f"/training/certificates/{certificate.code}/open-badge/")

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/vc+jwt"
        assert (
            response["Content-Disposition"]
            == f'attachment; filename="open-badge-{certificate.code}.jwt"'
        )
        verify(client, response.content.decode())


def test_an_unknown_code_has_no_badge(client, user):
    client.force_login(user)
    assert client.get("/training/certificates/AAAA-BBBB-CCCC/open-badge/").status_code == 404


def test_the_holder_sees_download_links_and_the_public_sees_the_open_badge(client, certificate):
    open_badges.open_badge_issue(certificate=certificate)
    url = f"/training/certificates/{certificate.code}/"
    public = client.get(url).content.decode()
    assert "Open Badge 3.0" in public
    assert "/.well-known/did.json" in public
    assert "/open-badge/" not in public
    client.force_login(certificate.user)
    assert (
        f"/training/certificates/{certificate.code}/open-badge/" in client.get(url).content.decode()
    )


# --- GDPR -----------------------------------------------------------------------------------


def test_erasure_drops_the_signed_credential_but_keeps_its_bit(client, certificate):
    badge = open_badges.open_badge_issue(certificate=certificate)
    entry = verify(client, badge.token)[1]["credentialStatus"]
    assert (
        gdpr.export_user_data(user=certificate.user)["certificates"][0]["open_badge"] == badge.token
    )

    gdpr.erase_user_data(user=certificate.user)

    badge.refresh_from_db()
    assert badge.token == ""
    certificate.refresh_from_db()
    with pytest.raises(NotFound):
        open_badges.open_badge_issue(certificate=certificate)
    services.certificate_revoke(certificate=certificate, by=training_manager(), reason="Fraud")
    assert status_bit(client, entry) == 1
