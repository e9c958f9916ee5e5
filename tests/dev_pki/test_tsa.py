"""RFC 3161 timestamps from the development TSA, checked with pyHanko against the dev CA."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import threading

import httpx
import pytest
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
from pyhanko.sign.validation.status import TimestampSignatureStatus
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

from dev_pki import process
from dev_pki.server import make_server
from dev_pki.tsa import TimeStampReply
from tests.dev_pki.helpers import DER, new_nonce, post_tsa, timestamp_query

UTC = dt.UTC
DOCUMENT = b"%PDF-1.7 an Import Certificate's signed bytes"


def token_of(response: httpx.Response) -> tsp.TimeStampResp:
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/timestamp-reply"
    return tsp.TimeStampResp.load(response.content)


def validate(reply: tsp.TimeStampResp, data: bytes, ca) -> TimestampSignatureStatus:
    """pyHanko's own check of a token: signature, imprint, and the TSA's chain to the dev CA
    with revocation required (fetched from the PKI's OCSP responder, as a verifier would)."""
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(ca.public_bytes(DER))],
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=RequestsFetcherBackend(),  # no aiohttp session left open per test
    )
    signed_data = reply["time_stamp_token"]["content"]
    kwargs = asyncio.run(
        validate_tst_signed_data(
            signed_data, context, lambda algorithm: hashlib.new(algorithm, data).digest()
        )
    )
    return TimestampSignatureStatus(**kwargs)


def tst_info(reply: tsp.TimeStampResp) -> tsp.TSTInfo:
    return reply["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed


def test_a_token_for_a_digest_validates_with_pyhanko_against_the_dev_ca(pki):
    nonce = new_nonce()

    response = post_tsa(pki.tsa_url, timestamp_query(DOCUMENT, nonce=nonce))

    reply = token_of(response)
    assert reply["status"]["status"].native == "granted"
    assert reply.dump(force=True) == response.content  # DER, as asn1crypto itself writes it
    status = validate(reply, DOCUMENT, pki.pki.ca_cert)
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["common_name"] == "icportal development TSA"
    info = tst_info(reply)
    assert info["nonce"].native == nonce
    assert abs(info["gen_time"].native - dt.datetime.now(UTC)) < dt.timedelta(minutes=5)
    certificates = reply["time_stamp_token"]["content"]["certificates"]
    assert [c.chosen.subject.native["common_name"] for c in certificates] == [
        "icportal development TSA"
    ]


def test_without_cert_req_the_token_carries_no_certificate(pki):
    reply = token_of(post_tsa(pki.tsa_url, timestamp_query(DOCUMENT, cert_req=False)))

    signed_data = reply["time_stamp_token"]["content"]
    assert not signed_data["certificates"].native


def test_the_token_time_is_the_services_clock(pki):
    moment = dt.datetime(2029, 2, 3, 4, 5, 6, tzinfo=UTC)
    pki.set_clock(moment)

    reply = token_of(post_tsa(pki.tsa_url, timestamp_query(DOCUMENT)))

    assert tst_info(reply)["gen_time"].native == moment
    assert validate(reply, DOCUMENT, pki.pki.ca_cert).timestamp == moment


def test_a_request_that_is_not_a_timestamp_query_is_rejected(pki):
    response = post_tsa(pki.tsa_url, b"hello")

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/timestamp-reply"
    status = TimeStampReply.load(response.content)["status"].native
    assert status["status"] == "rejection"
    assert "bad_data_format" in status["fail_info"]


def test_down_closes_the_connection_without_an_answer(pki):
    pki.fault(tsa="down")

    with pytest.raises(httpx.TransportError):
        post_tsa(pki.tsa_url, timestamp_query(DOCUMENT))


def test_slow_answers_after_a_client_has_given_up(pki):
    pki.fault(tsa="slow")

    with pytest.raises(httpx.ReadTimeout):
        post_tsa(pki.tsa_url, timestamp_query(DOCUMENT), timeout=0.5)

    pki.fault(tsa=None)  # a slow answer still pending ends with the fault
    reply = token_of(post_tsa(pki.tsa_url, timestamp_query(DOCUMENT)))
    assert reply["status"]["status"].native == "granted"


def test_garbage_is_not_a_timestamp_reply(pki):
    pki.fault(tsa="garbage")

    response = post_tsa(pki.tsa_url, timestamp_query(DOCUMENT))

    assert response.status_code == 200
    with pytest.raises(ValueError):
        tsp.TimeStampResp.load(response.content).native  # noqa: B018 (parsing is the check)


def test_wrong_hash_answers_a_valid_token_for_another_digest(pki):
    pki.fault(tsa="wrong_hash")

    reply = token_of(post_tsa(pki.tsa_url, timestamp_query(DOCUMENT)))

    stamped = tst_info(reply)["message_imprint"]["hashed_message"].native
    assert stamped != hashlib.sha256(DOCUMENT).digest()
    status = validate(reply, DOCUMENT, pki.pki.ca_cert)
    assert status.valid  # a real TSA signature...
    assert not status.intact  # ...over someone else's document


def test_a_tsa_started_with_credentials_wants_them(pki):
    server = make_server(
        pki.directory, "127.0.0.1", 0, base_url=pki.url, tsa_user="ic", tsa_password="s3cret"
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    try:
        refused = post_tsa(url, timestamp_query(DOCUMENT))
        wrong = post_tsa(url, timestamp_query(DOCUMENT), auth=("ic", "guess"))
        granted = token_of(post_tsa(url, timestamp_query(DOCUMENT), auth=("ic", "s3cret")))
    finally:
        server.shutdown()
        server.server_close()

    assert refused.status_code == wrong.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Basic")
    assert granted["status"]["status"].native == "granted"


def test_a_revoked_tsa_certificate_fails_pyhankos_revocation_check(pki):
    """pyHanko fetches the TSA certificate's status from the PKI's OCSP responder (its AIA)."""
    reply = token_of(post_tsa(pki.tsa_url, timestamp_query(DOCUMENT)))
    pki.revoke(pki.pki.tsa_cert.serial_number, at=dt.datetime.now(UTC) - dt.timedelta(hours=1))

    status = validate(reply, DOCUMENT, pki.pki.ca_cert)

    assert status.intact and status.valid
    assert not status.trusted
    assert status.revocation_details is not None


def test_a_renewed_tsa_certificate_signs_the_next_tokens(tmp_path):
    """Its own server (the session's TSA certificate stays as it is for the other tests)."""
    running = process.start(tmp_path)
    try:
        before = token_of(post_tsa(running.tsa_url, timestamp_query(DOCUMENT)))
        ends = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(days=30)
        renewed = running.pki.renew_tsa(not_after=ends)
        after = token_of(post_tsa(running.tsa_url, timestamp_query(DOCUMENT)))
        status = validate(after, DOCUMENT, running.pki.ca_cert)  # OCSP for the new certificate
    finally:
        running.stop()

    def signer_serial(reply):
        sid = reply["time_stamp_token"]["content"]["signer_infos"][0]["sid"]
        return sid.chosen["serial_number"].native

    assert signer_serial(after) == renewed.serial_number != signer_serial(before)
    assert renewed.not_valid_after_utc == ends
    assert status.trusted
