"""Certificates as Open Badges 3.0 verifiable credentials, and the keys that sign them.

An Open Badges 3.0 credential is a W3C Verifiable Credential (Data Model 2.0). It is secured the
way W3C "Securing Verifiable Credentials using JOSE and COSE" says: the credential is the payload
of a compact JWS (media type `application/vc+jwt`), signed RS256 with a key the city publishes in
its DID document (did:web, `/.well-known/did.json`) and as a JWKS (`/.well-known/jwks.json`).
Any JOSE library checks it with those keys alone. RS256 because Open Badges 3.0 makes it the
one algorithm every verifier must support (others are allowed but limit interoperability); keys
made before that choice (P-256, ES256) keep signing with their own algorithm.
Revocation is read from a Bitstring Status List
credential that the site serves, signed the same way; its bits are derived from the certificates'
revocation dates, so revoking a certificate (the one audited service) is what flips its bit.

Why JOSE and not an embedded Data Integrity proof (eddsa-rdfc-2022): that proof signs the RDF
canonical form of the JSON-LD, so issuer and verifier both need a JSON-LD processor that resolves
the contexts; a JWS signs the bytes it carries, and every verifier has a JOSE library.

Keys (docs/training.md, "Open Badges"): one ACTIVE key signs new credentials; rotation retires
it (still published: what it signed keeps verifying) and creates the next; a compromised key is
WITHDRAWN (no longer published). Private keys are PEM files in TRAINING_BADGE_KEY_DIR, never in
the database or in git.
"""

import base64
import gzip
import hashlib
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlparse

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import audit_record
from core.errors import NotFound, ServiceUnavailable
from training.models import (
    AuditAction,
    BadgeKeyState,
    BadgeSigningKey,
    Certificate,
    CoursePage,
    OpenBadge,
)

ALGORITHM = "RS256"  # for new keys; `_algorithm()` gives each key's own
MEDIA_TYPE = "application/vc+jwt"
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
# The Bitstring Status List's minimum length: a list this long hides which credential is whose.
STATUS_LIST_SIZE = 131_072


# --- The issuer's identity ------------------------------------------------------------------


def _site_url(name: str, **kwargs) -> str:
    """An absolute URL that does not depend on the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def issuer_did() -> str:
    """did:web of the site (the site serves its DID document at /.well-known/did.json)."""
    site = urlparse(settings.SITE_URL)
    return "did:web:" + quote(site.netloc, safe="")


def key_id(kid: str) -> str:
    """The `kid` of a credential: the DID URL of the verification method holding the key."""
    return f"{issuer_did()}#{kid}"


def issuer_profile() -> dict:
    return {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": settings.CITY_NAME,
        "url": settings.SITE_URL + "/",
    }


def issuer_profile_document() -> dict:
    """The issuer's Profile, served at its own URL for those who look it up."""
    return {"@context": [VC_CONTEXT, OB_CONTEXT], **issuer_profile()}


def _published_keys() -> list[BadgeSigningKey]:
    return list(
        BadgeSigningKey.objects.filter(state__in=[BadgeKeyState.ACTIVE, BadgeKeyState.RETIRED])
    )


def jwks_document() -> dict:
    """Every key a verifier may meet: the active one and the retired ones (marked so)."""
    return {
        "keys": [
            {
                **key.public_jwk,
                "kid": key_id(key.kid),
                "alg": _algorithm(key.public_jwk),
                "use": "sig",
                "status": key.state,
            }
            for key in _published_keys()
        ]
    }


def did_document() -> dict:
    did = issuer_did()
    methods = [
        {
            "id": key_id(key.kid),
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": key.public_jwk,
        }
        for key in _published_keys()
    ]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


# --- Keys -----------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _uint_b64url(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def _public_jwk(private_key: rsa.RSAPrivateKey) -> dict:
    numbers = private_key.public_key().public_numbers()
    return {"kty": "RSA", "n": _uint_b64url(numbers.n), "e": _uint_b64url(numbers.e)}


# RFC 7638: the members a thumbprint covers, by key type.
THUMBPRINT_MEMBERS = {"RSA": ("e", "kty", "n"), "EC": ("crv", "kty", "x", "y")}


def _algorithm(jwk: dict) -> str:
    return "ES256" if jwk.get("kty") == "EC" else "RS256"


def _thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint: the key's own id, the same wherever it is computed."""
    required = {name: jwk[name] for name in THUMBPRINT_MEMBERS[jwk["kty"]]}
    canonical = json.dumps(required, separators=(",", ":"), sort_keys=True).encode("ascii")
    return _b64url(hashlib.sha256(canonical).digest())


def _key_path(kid: str) -> Path:
    return Path(settings.TRAINING_BADGE_KEY_DIR) / f"{kid}.pem"


def _private_key(key: BadgeSigningKey):
    path = _key_path(key.kid)
    try:
        data = path.read_bytes()
    except OSError:
        raise ServiceUnavailable(
            _("The city's signing key for Open Badges is not available on this server."),
            code="badge_key_missing",
        ) from None
    return serialization.load_pem_private_key(data, password=None)


def _key_file_write(private_key: rsa.RSAPrivateKey, kid: str) -> None:
    """Write the private key readable by the site's user only, never over an existing file."""
    directory = Path(settings.TRAINING_BADGE_KEY_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(_key_path(kid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)


def badge_key_active() -> BadgeSigningKey | None:
    return BadgeSigningKey.objects.filter(state=BadgeKeyState.ACTIVE).first()


def badge_key_rotate(*, actor=None) -> BadgeSigningKey:
    """Create a new signing key; the active one, if any, is retired but stays published.

    Also the way to create the first key. The new private key is written before the database
    changes, so a failure leaves at worst an unused file, never an active key without one.
    """
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = _public_jwk(private_key)
    kid = _thumbprint(jwk)
    _key_file_write(private_key, kid)
    now = timezone.now()
    with transaction.atomic():
        for old in BadgeSigningKey.objects.select_for_update().filter(state=BadgeKeyState.ACTIVE):
            old.state = BadgeKeyState.RETIRED
            old.retired_at = now
            old.save(update_fields=["state", "retired_at"])
            audit_record(
                actor=actor,
                action=AuditAction.BADGE_KEY_RETIRED,
                target_type=BadgeSigningKey,
                target_id=old.kid,
                summary="Open Badges signing key retired (still published)",
            )
        key = BadgeSigningKey.objects.create(kid=kid, public_jwk=jwk, created_at=now)
        audit_record(
            actor=actor,
            action=AuditAction.BADGE_KEY_CREATED,
            target_type=BadgeSigningKey,
            target_id=kid,
            summary="Open Badges signing key created",
        )
    return key


def badge_key_ensure(*, actor=None) -> BadgeSigningKey:
    """An active key whose private half this server holds: the one there is, else a new one.

    A database restored on a machine without the key files gets a new key (the old one is
    retired, so what it signed still verifies for those who hold it).
    """
    key = badge_key_active()
    if key is not None and _key_path(key.kid).exists():
        return key
    return badge_key_rotate(actor=actor)


def badge_key_withdraw(*, kid: str, actor=None) -> BadgeSigningKey:
    """Stop publishing a compromised key: nothing it signed verifies any more.

    The credentials it signed are signed again with the active key (a new key is created if the
    withdrawn key was the active one), so their holders can download a valid copy again.
    """
    key = BadgeSigningKey.objects.filter(kid=kid).first()
    if key is None:
        raise NotFound(_("No badge signing key has this id."))
    if key.state == BadgeKeyState.WITHDRAWN:
        return key
    with transaction.atomic():
        key.state = BadgeKeyState.WITHDRAWN
        key.withdrawn_at = timezone.now()
        key.save(update_fields=["state", "withdrawn_at"])
        audit_record(
            actor=actor,
            action=AuditAction.BADGE_KEY_WITHDRAWN,
            target_type=BadgeSigningKey,
            target_id=key.kid,
            summary="Open Badges signing key withdrawn (no longer published)",
        )
    active = badge_key_ensure(actor=actor)
    for badge in OpenBadge.objects.filter(signing_key=key).select_related("certificate"):
        if badge.token:
            badge.token = _sign(_credential(badge), active)
        badge.signing_key = active
        badge.save(update_fields=["token", "signing_key"])
    return key


def _sign(payload: dict, key: BadgeSigningKey) -> str:
    return jwt.encode(
        payload,
        _private_key(key),
        algorithm=_algorithm(key.public_jwk),
        headers={"kid": key_id(key.kid), "typ": "vc+jwt", "cty": "vc"},
    )


# --- Credentials ----------------------------------------------------------------------------


def badge_holder_name(certificate: Certificate) -> str:
    """The name the credential carries: the one printed on the certificate.

    The one place that says who holds a certificate, whether the holder has an account or
    attended a workshop without one.
    """
    return certificate.learner_name


def _holder_email(certificate: Certificate) -> str:
    user = certificate.user if certificate.user_id else None
    return (getattr(user, "email", "") or "").strip().lower()


def _identifiers(certificate: Certificate) -> list[dict]:
    """Who the badge was awarded to (OB 3.0 IdentityObject): the name as printed, and the
    holder's email hashed with a salt (they can prove it is theirs; nobody can read it)."""
    identifiers = [
        {
            "type": "IdentityObject",
            "identityHash": badge_holder_name(certificate),
            "identityType": "name",
            "hashed": False,
        }
    ]
    email = _holder_email(certificate)
    if email:
        salt = secrets.token_hex(8)
        digest = hashlib.sha256((email + salt).encode("utf-8")).hexdigest()
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": f"sha256${digest}",
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        )
    return identifiers


def _course(certificate: Certificate) -> CoursePage | None:
    pages = CoursePage.objects.filter(translation_key=certificate.course_key)
    return (
        pages.filter(locale__language_code=certificate.language).first()
        or pages.order_by("id").first()
    )


def achievement_url(course_key) -> str:
    return _site_url("training_api:badge_achievement", course_key=course_key)


def achievement_document(*, course: CoursePage | None, course_key, title: str) -> dict:
    """The Achievement: what the course is and what earning it required."""
    description = (course.lead if course else "") or _(
        "A course of the city's AI-literacy programme."
    )
    criteria = (course.certificate_rule if course else "") or _(
        "Complete every required lesson of the course and pass every quiz of these lessons."
    )
    return {
        "id": achievement_url(course_key),
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": title,
        "description": description,
        "criteria": {"narrative": criteria},
        "creator": issuer_profile(),
        "inLanguage": course.locale.language_code if course else settings.LANGUAGE_CODE,
    }


def status_list_url(list_number: int) -> str:
    return _site_url("training_api:badge_status_list", list_number=list_number)


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _credential(badge: OpenBadge) -> dict:
    """The OpenBadgeCredential, with the JWT claims the VC-JOSE-COSE mapping allows."""
    certificate = badge.certificate
    with translation.override(certificate.language):
        course = _course(certificate)
        achievement = achievement_document(
            course=course, course_key=certificate.course_key, title=certificate.course_title
        )
        name = _("Certificate: %(course)s") % {"course": certificate.course_title}
    credential_id = settings.SITE_URL + _verification_path(certificate)
    list_url = status_list_url(badge.status_list)
    issued = certificate.issued_at
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer_profile(),
        "validFrom": _timestamp(issued),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identifiers(certificate),
            "achievement": achievement,
        },
        "credentialStatus": {
            "id": f"{list_url}#{badge.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(badge.status_index),
            "statusListCredential": list_url,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "iss": issuer_did(),
        "jti": credential_id,
        "nbf": int(issued.timestamp()),
        "iat": int(issued.timestamp()),
    }


def _verification_path(certificate: Certificate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return certificate.get_absolute_url()


def _status_slot() -> tuple[int, int]:
    """A free bit, chosen at random: a credential's index says nothing of when it was issued."""
    list_number = OpenBadge.objects.count() // STATUS_LIST_SIZE + 1
    candidates = {secrets.randbelow(STATUS_LIST_SIZE) for _ in range(32)}
    taken = set(
        OpenBadge.objects.filter(status_list=list_number, status_index__in=candidates).values_list(
            "status_index", flat=True
        )
    )
    free = sorted(candidates - taken)
    if free:
        return list_number, secrets.choice(free)
    used = set(
        OpenBadge.objects.filter(status_list=list_number).values_list("status_index", flat=True)
    )
    return list_number, next(i for i in range(STATUS_LIST_SIZE) if i not in used)


def open_badge_issue(*, certificate: Certificate) -> OpenBadge:
    """The certificate's signed credential, issued now if it has none yet.

    Raises NotFound for a revoked certificate or an erased name (nothing to hand out) and
    ServiceUnavailable when this server holds no signing key.
    """
    existing = OpenBadge.objects.filter(certificate=certificate).select_related("signing_key")
    badge = existing.first()
    if badge is not None and badge.token:
        return badge
    if not certificate.is_valid or certificate.name_erased or badge is not None:
        raise NotFound(_("This certificate has no Open Badge to download."))
    key = badge_key_active()
    if key is None:
        raise ServiceUnavailable(
            _("The city has not set up its Open Badges signing key yet."), code="badge_key_missing"
        )
    for _attempt in range(5):
        list_number, index = _status_slot()
        badge = OpenBadge(
            certificate=certificate,
            signing_key=key,
            status_list=list_number,
            status_index=index,
            issued_at=timezone.now(),
        )
        badge.token = _sign(_credential(badge), key)
        try:
            with transaction.atomic():
                badge.save()
        except IntegrityError:
            # Another request took this bit, or issued this certificate's badge first.
            concurrent = existing.first()
            if concurrent is not None:
                return concurrent
            continue
        return badge
    raise ServiceUnavailable(_("No free place in the revocation list: try again."))


# --- Revocation list ------------------------------------------------------------------------


def encoded_bitstring(indexes: list[int], size: int = STATUS_LIST_SIZE) -> str:
    """Bitstring Status List encoding: index 0 is the first byte's most significant bit; the
    bytes are GZIP-compressed, base64url-encoded without padding, with the multibase 'u'."""
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + _b64url(gzip.compress(bytes(bits), mtime=0))


def status_list_exists(list_number: int) -> bool:
    return list_number == 1 or OpenBadge.objects.filter(status_list=list_number).exists()


def status_list_token(*, list_number: int) -> str:
    """The signed BitstringStatusListCredential: a set bit is a revoked certificate."""
    key = badge_key_active()
    if key is None:
        raise ServiceUnavailable(
            _("The city has not set up its Open Badges signing key yet."), code="badge_key_missing"
        )
    revoked = list(
        OpenBadge.objects.filter(
            status_list=list_number, certificate__revoked_at__isnull=False
        ).values_list("status_index", flat=True)
    )
    url = status_list_url(list_number)
    now = timezone.now()
    credential = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": _timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_bitstring(revoked),
        },
        "iss": issuer_did(),
        "jti": url,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
    }
    return _sign(credential, key)
