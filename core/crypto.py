"""Encryption at rest: AES-256-GCM with keys from settings, rotation by key list.

The key used to encrypt is the first of `keys_current()`: `WORKSPACE_ENCRYPTION_KEY` when set
(comma-separated, newest first, each a urlsafe-base64 32-byte key), otherwise one derived
from SECRET_KEY with HKDF. Every key of the list (and those derived from SECRET_KEY_FALLBACKS)
decrypts, so rotating is: put the new key first, keep the old ones after it, run
`manage.py workspace_reencrypt`, then drop the old keys (docs/workspace.md, "Documents").

A token is b"IC1" + 4-byte key id (SHA-256 prefix of the key) + 12-byte nonce + ciphertext:
the key id tells which key opens it without trying each.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

MAGIC = b"IC1"
_NONCE = 12
_KID = 4


class DecryptionError(Exception):
    """The token is not ours, was tampered with, or its key is no longer configured."""


def _derive(secret: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"ia-commune", info=b"at-rest v1"
    ).derive(secret.encode())


def _kid(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:_KID]


@lru_cache(maxsize=8)
def _keys(configured: str, secret: str, fallbacks: tuple[str, ...]) -> tuple[bytes, ...]:
    keys: list[bytes] = []
    for item in (k.strip() for k in configured.split(",")):
        if not item:
            continue
        try:
            key = base64.urlsafe_b64decode(item + "=" * (-len(item) % 4))
        except ValueError as exc:
            raise ImproperlyConfigured("WORKSPACE_ENCRYPTION_KEY: not base64") from exc
        if len(key) != 32:
            raise ImproperlyConfigured("WORKSPACE_ENCRYPTION_KEY: each key must be 32 bytes")
        keys.append(key)
    keys.append(_derive(secret))
    keys.extend(_derive(f) for f in fallbacks)
    return tuple(keys)


def keys_current() -> tuple[bytes, ...]:
    """Every usable key, the one that encrypts first (settings read at call time)."""
    return _keys(
        getattr(settings, "WORKSPACE_ENCRYPTION_KEY", "") or "",
        settings.SECRET_KEY,
        tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ()),
    )


def key_generate() -> str:
    """A fresh key in the form WORKSPACE_ENCRYPTION_KEY expects."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def encrypt(data: bytes) -> bytes:
    key = keys_current()[0]
    nonce = os.urandom(_NONCE)
    return MAGIC + _kid(key) + nonce + AESGCM(key).encrypt(nonce, data, MAGIC)


def decrypt(token: bytes) -> bytes:
    token = bytes(token)
    if not token.startswith(MAGIC):
        raise DecryptionError("not an encrypted token")
    kid = token[len(MAGIC) : len(MAGIC) + _KID]
    nonce = token[len(MAGIC) + _KID : len(MAGIC) + _KID + _NONCE]
    body = token[len(MAGIC) + _KID + _NONCE :]
    for key in keys_current():
        if _kid(key) == kid:
            try:
                return AESGCM(key).decrypt(nonce, body, MAGIC)
            except InvalidTag as exc:
                raise DecryptionError("token tampered with") from exc
    raise DecryptionError("no configured key opens this token")


def is_current(token: bytes) -> bool:
    """True when the token was encrypted with the key that encrypts today."""
    return bytes(token)[len(MAGIC) : len(MAGIC) + _KID] == _kid(keys_current()[0])


def encrypt_text(text: str) -> bytes:
    return encrypt(text.encode("utf-8"))


def decrypt_text(token: bytes) -> str:
    return decrypt(token).decode("utf-8")


class EncryptedTextField(models.BinaryField):
    """Text in Python, AES-GCM bytes in the database (never the plaintext).

    Not searchable nor orderable by content, by design: search goes through an index of
    lexemes kept beside it.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def _check_str_default_value(self):
        return []  # the default is text, encrypted on save like any other value

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        value = bytes(value)
        return decrypt_text(value) if value else ""

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        if isinstance(value, str):
            value = encrypt_text(value)
        return super().get_db_prep_value(value, connection, prepared)

    def to_python(self, value):
        if isinstance(value, bytes | memoryview):
            return decrypt_text(bytes(value))
        return value

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""
