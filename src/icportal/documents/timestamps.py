"""RFC 3161 signature timestamps from the configured TSA (`TSA_URL`), checked before use.

Every token is checked before it goes into a file: granted, our nonce, a message imprint equal
to the digest we asked for, the TSA's signature over it, a TSA certificate for time stamping
that chains to a configured trust anchor. Anything else is a `TimestampError` whose message
says what staff see ("Timestamp: the TSA at … did not answer in 5 s"); the document waits and
the worker tries again later. The TSA's chain, learned from its tokens, is kept per process so
the validation data (DSS) can be written before the signature, in the same revision.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

import requests
from asn1crypto import cms, tsp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.conf import settings
from pyhanko.sign.timestamps import TimeStamper

from .signed_bytes import HASHES, verify_signature
from .trust import UntrustedChain, chain_to_anchor


class TimestampError(RuntimeError):
    """The TSA did not give a usable token: the document waits and is tried again later."""


@dataclass(frozen=True)
class Stamp:
    token: cms.ContentInfo
    at: object  # the token's genTime (aware datetime)
    tsa: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # TSA certificate … trust anchor


# CPU and wall seconds spent on timestamp requests in this thread (the bench's stage split).
spent = threading.local()


def _account(cpu: float, wall: float) -> None:
    spent.cpu = getattr(spent, "cpu", 0.0) + cpu
    spent.wall = getattr(spent, "wall", 0.0) + wall


_sessions = threading.local()


def _session() -> requests.Session:
    session = getattr(_sessions, "session", None)
    if session is None:  # keep-alive to the TSA where it allows it
        session = _sessions.session = requests.Session()
    return session


def _certificate(choice) -> x509.Certificate:
    return x509.load_der_x509_certificate(choice.chosen.dump())


def check_token(token: cms.ContentInfo, digest: bytes, nonce: int | None, where: str) -> Stamp:
    """The checks of the module docstring; TimestampError or UntrustedChain when one fails."""
    try:
        signed_data = token["content"]
        raw_info = signed_data["encap_content_info"]["content"].contents
        info = tsp.TSTInfo.load(raw_info)
        imprint = info["message_imprint"]
        hashed, algorithm = imprint["hashed_message"].native, imprint["hash_algorithm"]
        gen_time = info["gen_time"].native
        token_nonce = info["nonce"].native
        signer_info = signed_data["signer_infos"][0]
        sid = signer_info["sid"]
        certs = [c for c in signed_data["certificates"] if c.name == "certificate"]
        if sid.name == "issuer_and_serial_number":
            tsa_choice = next(
                c
                for c in certs
                if c.chosen.serial_number == sid.chosen["serial_number"].native
                and c.chosen.issuer.dump() == sid.chosen["issuer"].dump()
            )
        else:
            tsa_choice = next(c for c in certs if c.chosen.key_identifier == sid.chosen.native)
        attrs = signer_info["signed_attrs"]
        message_digest = next(
            a["values"][0].native for a in attrs if a["type"].native == "message_digest"
        )
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        others = [_certificate(c) for c in certs if c is not tsa_choice]
        tsa = _certificate(tsa_choice)
        algo = signer_info["signature_algorithm"]["algorithm"].native
        signature = signer_info["signature"].native
        attrs_der = attrs.dump()
    except (ValueError, KeyError, TypeError, IndexError, StopIteration, AttributeError) as exc:
        raise TimestampError(
            f"the TSA at {where} answered something that is not a usable timestamp "
            f"({type(exc).__name__})"
        ) from exc
    if algorithm["algorithm"].native != "sha256" or hashed != digest:
        raise TimestampError(
            f"the TSA at {where} answered with a token for another hash (message imprint differs)"
        )
    if nonce is not None and token_nonce != nonce:
        raise TimestampError(f"the TSA at {where} answered with a token for another request")
    if hashlib.new(digest_name, raw_info).digest() != message_digest:
        raise TimestampError(f"the TSA at {where} answered with a damaged token")
    try:
        verify_signature(tsa, signature, b"\x31" + attrs_der[1:], algo, HASHES[digest_name])
    except (InvalidSignature, KeyError, ValueError) as exc:
        raise TimestampError(
            f"the TSA at {where} answered with a token whose signature fails"
        ) from exc
    try:
        usage = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        usage = []
    if ExtendedKeyUsageOID.TIME_STAMPING not in usage:
        raise TimestampError(f"the TSA at {where} signs with a certificate not for time stamping")
    try:
        chain = chain_to_anchor(tsa, others, at=gen_time)
    except UntrustedChain as exc:
        raise UntrustedChain(f"the TSA's certificate: {exc}") from exc
    return Stamp(token=token, at=gen_time, tsa=tsa, chain=chain)


class Timestamper(TimeStamper):
    """pyHanko's TimeStamper interface over one HTTP TSA, with the checks above."""

    def __init__(self, url: str, *, username: str = "", password: str = "", timeout: float = 5):
        super().__init__(include_nonce=True)
        self.url, self.timeout = url, timeout
        self.auth = (username, password) if username else None
        self.last: Stamp | None = None  # the last token this object checked (one per sign)
        self.chain: tuple[x509.Certificate, ...] | None = None  # learned from the tokens

    def stamp(self, digest: bytes) -> Stamp:
        if not self.url:
            raise TimestampError("no TSA is configured (the TSA_URL setting is empty)")
        cpu, wall = time.thread_time(), time.perf_counter()
        nonce = secrets.randbits(63)
        request = tsp.TimeStampReq(
            {
                "version": 1,
                "message_imprint": {
                    "hash_algorithm": {"algorithm": "sha256"},
                    "hashed_message": digest,
                },
                "nonce": nonce,
                "cert_req": True,
            }
        )
        try:
            answer = _session().post(
                self.url,
                data=request.dump(),
                headers={"Content-Type": "application/timestamp-query"},
                auth=self.auth,
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise TimestampError(
                f"the TSA at {self.url} did not answer in {self.timeout:g} s"
            ) from exc
        except requests.RequestException as exc:
            raise TimestampError(
                f"the TSA at {self.url} cannot be reached ({type(exc).__name__})"
            ) from exc
        finally:
            _account(time.thread_time() - cpu, time.perf_counter() - wall)
        cpu = time.thread_time()
        try:
            if answer.status_code != 200:
                raise TimestampError(
                    f"the TSA at {self.url} answered HTTP {answer.status_code}"
                    + (" (check TSA_USERNAME/TSA_PASSWORD)" if answer.status_code == 401 else "")
                )
            try:
                response = tsp.TimeStampResp.load(answer.content)
                status = response["status"]["status"].native
                token = response["time_stamp_token"]
            except (ValueError, KeyError, TypeError) as exc:
                raise TimestampError(
                    f"the TSA at {self.url} answered something that is not a timestamp"
                ) from exc
            if status not in ("granted", "granted_with_mods") or not token:
                raise TimestampError(f"the TSA at {self.url} refused the request ({status})")
            stamp = check_token(token, digest, nonce, self.url)
        finally:
            _account(time.thread_time() - cpu, 0.0)
        self.last, self.chain = stamp, stamp.chain
        _chains[self.url] = stamp.chain
        size = len(token.dump())
        if size > _sizes.get(self.url, 0):
            _sizes[self.url] = size
        return stamp

    def token_room(self) -> int:
        """DER bytes to keep in /Contents for this TSA's token: the largest seen in this process
        plus a margin (nonce and genTime vary by a few bytes); 0 when none was seen yet."""
        size = _sizes.get(self.url, 0)
        return size + TOKEN_MARGIN if size else 0

    def known_chain(self) -> tuple[x509.Certificate, ...]:
        """The TSA's chain, from an earlier token of this process or from a probe token."""
        if self.chain is None:
            self.chain = _chains.get(self.url)
        if self.chain is None:
            self.stamp(hashlib.sha256(b"icportal: which certificate does this TSA use?").digest())
        return self.chain

    async def async_timestamp(self, message_digest, md_algorithm) -> cms.ContentInfo:
        if md_algorithm != "sha256":
            raise TimestampError(f"only SHA-256 timestamps are requested, not {md_algorithm}")
        return self.stamp(message_digest).token


_chains: dict[str, tuple[x509.Certificate, ...]] = {}
_sizes: dict[str, int] = {}
TOKEN_MARGIN = 64


def configured() -> Timestamper:
    """A timestamper for the settings (TSA_URL, TSA_USERNAME/PASSWORD, TSA_TIMEOUT)."""
    return Timestamper(
        getattr(settings, "TSA_URL", "") or "",
        username=getattr(settings, "TSA_USERNAME", "") or "",
        password=getattr(settings, "TSA_PASSWORD", "") or "",
        timeout=float(getattr(settings, "TSA_TIMEOUT", 5) or 5),
    )
