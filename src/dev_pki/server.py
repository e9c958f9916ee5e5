"""The PKI's HTTP server: OCSP, CRL, CA certificate, TSA, health, and dev-only admin endpoints.

    POST /ocsp, GET /ocsp/<base64>    RFC 6960 (application/ocsp-request -> ocsp-response)
    GET  /crl/dev-ca.crl              the CA's CRL (DER), made fresh on every request
    GET  /ca/dev-ca.crt               the CA certificate (DER): the caIssuers address
    POST /tsa                         RFC 3161 (timestamp-query -> timestamp-reply), optional
                                      HTTP basic auth (--tsa-user/--tsa-password)
    GET  /healthz                     {"status": "ok", "base_url": ..., "generation": ...}
    POST /admin/revoke|clock|fault|reset   only with the X-Dev-Pki-Admin-Key header:
        revoke {"serial": hex, "at": iso8601|null, "reason": "key_compromise"}
        clock  {"at": iso8601|null}       the services' "now" (null: real time)
        fault  {"tsa": "down"|"slow"|"garbage"|"wrong_hash"|null, "ocsp": "down"|null,
                "crl": "down"|null}     ("down": the connection closes without an answer)
        reset  {}                         no revocations, real time, no faults

Stdlib only (ThreadingHTTPServer): the server starts in a fraction of a second, which the tests
(one server per xdist worker) need. Everything a request depends on is read from the directory
on each request (index.json, state.json; the keys again when pki.json's generation changes), so
certificates issued or revoked by another process count at once.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives import serialization

from . import responders, tsa
from . import state as st
from .keys import (
    CA_ISSUERS_PATH,
    CRL_PATH,
    META,
    Pki,
    build,
    load,
    parse_serial,
    read_json,
    serial_hex,
)

ADMIN_HEADER = "X-Dev-Pki-Admin-Key"
SLOW_LIMIT = 120.0  # a "slow" answer waits until the fault is switched off, at most this long


class PkiServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, directory: Path, *, admin_key="", tsa_user="", tsa_password=""):
        super().__init__(address, Handler)
        self.directory = Path(directory)
        self.admin_key = admin_key
        self.tsa_credentials = (tsa_user, tsa_password) if tsa_user else None
        self._pki: Pki | None = None

    def pki(self) -> Pki:
        generation = read_json(self.directory / META).get("generation")
        if self._pki is None or self._pki.generation != generation:
            self._pki = load(self.directory)
        return self._pki

    def state(self) -> dict:
        return st.read(self.directory)

    def handle_error(self, request, client_address):
        # A client that gave up (its timeout, during a "slow" fault) is not a server error.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: PkiServer
    protocol_version = "HTTP/1.1"
    server_version = "icportal-dev-pki/1"
    # Headers and body go out in two writes on a kept-alive connection: with Nagle on, the second
    # waits for the client's delayed ACK (~40 ms per answer on loopback). TCP_NODELAY.
    disable_nagle_algorithm = True

    # --- plumbing ---
    def _send(self, status: int, body: bytes, content_type: str, headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _drop(self) -> None:
        """The "down" fault: the connection closes without an answer, as a dead service's would."""
        self.close_connection = True

    # --- routes ---
    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/healthz":
            pki = self.server.pki()
            health = {"status": "ok", "base_url": pki.base_url, "generation": pki.generation}
            return self._json(200, health)
        if path == "/" + CRL_PATH:
            state = self.server.state()
            if state["faults"]["crl"] == "down":
                return self._drop()
            crl = responders.crl(self.server.pki(), state)
            return self._send(200, crl, "application/pkix-crl")
        if path == "/" + CA_ISSUERS_PATH:
            der = self.server.pki().ca_cert.public_bytes(serialization.Encoding.DER)
            return self._send(200, der, "application/pkix-cert")
        if path.startswith("/ocsp/"):
            try:
                der = base64.b64decode(unquote(path[len("/ocsp/") :]), validate=True)
            except (binascii.Error, ValueError):
                der = b""
            return self._ocsp(der)
        return self._json(404, {"error": "not found"})

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self._body()
        if path == "/ocsp":
            return self._ocsp(body)
        if path == "/tsa":
            return self._tsa(body)
        if path.startswith("/admin/"):
            return self._admin(path.removeprefix("/admin/"), body)
        return self._json(404, {"error": "not found"})

    def _ocsp(self, der: bytes) -> None:
        state = self.server.state()
        if state["faults"]["ocsp"] == "down":
            return self._drop()
        answer = responders.ocsp_response(self.server.pki(), state, der)
        self._send(200, answer, "application/ocsp-response")

    def _authorised_for_tsa(self) -> bool:
        if self.server.tsa_credentials is None:
            return True
        scheme, _, encoded = (self.headers.get("Authorization") or "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected_user, expected_password = self.server.tsa_credentials
        return (
            scheme.lower() == "basic"
            and hmac.compare_digest(user, expected_user)
            and hmac.compare_digest(password, expected_password)
        )

    def _tsa(self, query: bytes) -> None:
        if not self._authorised_for_tsa():
            auth = [("WWW-Authenticate", 'Basic realm="icportal development TSA"')]
            return self._send(401, b"authentication required\n", "text/plain", auth)
        state = self.server.state()
        fault = state["faults"]["tsa"]
        if fault == "down":
            return self._drop()
        if fault == "garbage":
            return self._send(
                200, b"\x30\x03garbage" + bytes(range(16)), "application/timestamp-reply"
            )
        if fault == "slow":
            deadline = time.monotonic() + SLOW_LIMIT
            while self.server.state()["faults"]["tsa"] == "slow" and time.monotonic() < deadline:
                time.sleep(0.1)
            state = self.server.state()
        wrong = fault == "wrong_hash"
        status, answer = tsa.tsa_response(self.server.pki(), state, query, wrong_hash=wrong)
        self._send(status, answer, "application/timestamp-reply")

    # --- dev-only administration ---
    def _admin(self, action: str, body: bytes) -> None:
        expected = self.server.admin_key
        given = self.headers.get(ADMIN_HEADER) or ""
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return self._json(403, {"error": f"admin endpoints need the {ADMIN_HEADER} header"})
        try:
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise ValueError("the body must be a JSON object")
            result = self._admin_action(action, data)
        except LookupError as exc:
            return self._json(404, {"error": str(exc)})
        except (ValueError, TypeError) as exc:
            return self._json(400, {"error": str(exc)})
        if result is None:
            return self._json(404, {"error": "not found"})
        self._json(200, result)

    def _admin_action(self, action: str, data: dict) -> dict | None:
        directory = self.server.directory
        if action == "revoke":
            serial = parse_serial(data["serial"]) if "serial" in data else None
            if serial is None:
                raise ValueError("serial (hex) is required")
            if serial_hex(serial) not in self.server.pki().index():
                raise LookupError(
                    f"no certificate with serial {serial_hex(serial)} was issued here"
                )
            at = st.parse_time(data.get("at")) or st.now(self.server.state())
            reason = data.get("reason") or "key_compromise"
            st.revoke(directory, serial, at, reason)
            return {"serial": serial_hex(serial), "at": at.isoformat(), "reason": reason}
        if action == "clock":
            state = st.set_clock(directory, st.parse_time(data.get("at")))
            return {"clock": state["clock"]}
        if action == "fault":
            state = st.set_faults(directory, **data)
            return {"faults": state["faults"]}
        if action == "reset":
            return st.reset(directory)
        return None


def make_server(
    directory: Path,
    host: str,
    port: int,
    *,
    base_url: str = "",
    admin_key: str = "",
    tsa_user: str = "",
    tsa_password: str = "",
) -> PkiServer:
    """Bind, then build or load the PKI for the address actually bound (port 0: any free one)."""
    server = PkiServer(
        (host, port), directory, admin_key=admin_key, tsa_user=tsa_user, tsa_password=tsa_password
    )
    bound_host, bound_port = server.server_address[:2]
    build(Path(directory), base_url or f"http://{bound_host}:{bound_port}/")
    return server
