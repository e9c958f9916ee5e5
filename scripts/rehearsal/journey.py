"""The people of the rehearsal, over HTTPS through nginx: browsers (forms with CSRF) and API clients.

Each client binds its own loopback source address (127.0.0.0/8 is all local on Linux), so nginx
sees different client addresses, as it would for people in different places.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import struct
import threading
import time

import httpx

# A real (tiny) one-page PDF: uploads must open in a PDF parser (common.files.check_pdf_upload).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
RETRYABLE = (httpx.TransportError,)
CUT_OFF: list[str] = []  # issue requests that a killed gunicorn worker never answered


CODE_LOCK = threading.Lock()
LAST_STEP: dict[str, int] = {}


def totp(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now (RFC 6238: SHA-1, 30 s)."""
    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class Failure(Exception):
    pass


class CutOff(Failure):
    """The request got no answer from icportal (a killed gunicorn worker: nginx says 502)."""

    slug = ""


class Browser:
    """A person's browser: cookies, CSRF token from the cookie, Referer on every form."""

    def __init__(self, base_url: str, ca_file: str, source: str):
        self.base_url = base_url.rstrip("/")
        self.source = source
        self.http = httpx.Client(
            base_url=self.base_url,
            verify=ca_file,
            transport=httpx.HTTPTransport(verify=ca_file, local_address=source, retries=0),
            timeout=90,
            follow_redirects=False,
        )

    def close(self):
        self.http.close()

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post_form(self, path: str, data: dict, **kwargs) -> httpx.Response:
        csrf = self.http.cookies.get("csrftoken")
        if csrf is None:
            self.get(path if path.endswith("/") else "/accounts/login/")
            csrf = self.http.cookies.get("csrftoken")
        headers = {"Referer": f"{self.base_url}{path}", **kwargs.pop("headers", {})}
        return self.http.post(
            path, data={"csrfmiddlewaretoken": csrf, **data}, headers=headers, **kwargs
        )

    def sign_in(self, email: str, password: str) -> httpx.Response:
        page = self.get("/accounts/login/")
        if page.status_code != 200:
            raise Failure(f"sign-in page answered {page.status_code}")
        return self.post_form("/accounts/login/", {"username": email, "password": password})

    def signed_in(self, email: str, password: str) -> None:
        response = self.sign_in(email, password)
        if response.status_code != 302:
            raise Failure(f"{email} could not sign in from {self.source}: {response.status_code}")

    def second_factor_setup(self) -> str:
        """Staff: set up the authenticator from the secret on the page, as a phone would read
        it from the QR code; the session then counts as verified. Returns the secret."""
        page = self.get("/accounts/two-factor/")
        match = re.search(r'aria-label="Key">([A-Z2-7 ]{16,})</output>', page.text)
        if page.status_code != 200 or not match:
            raise Failure(f"two-factor setup page: {page.status_code}, no key shown")
        secret = match.group(1)
        self.secret = secret
        response = self.post_form("/accounts/two-factor/", {"code": self.fresh_code(), "next": "/"})
        if response.status_code != 302:
            raise Failure(f"the authenticator's first code was refused ({response.status_code})")
        return secret

    def fresh_code(self) -> str:
        """A code of a time step not used yet (a code works once; the server accepts the next
        step's code a little early), waiting for the phone's next code when both are used."""
        with CODE_LOCK:
            step = max(int(time.time() // 30), LAST_STEP.get(self.secret, 0) + 1)
            while step > int(time.time() // 30) + 1:
                time.sleep(0.5)
            LAST_STEP[self.secret] = step
            return totp(self.secret, at=step * 30)

    def api_token(self, name: str) -> str:
        """A member's personal API token from the tokens page (shown once)."""
        response = self.post_form("/accounts/tokens/", {"name": name})
        match = re.search(r'aria-label="Token">([^<]+)</output>', response.text)
        if response.status_code != 200 or not match:
            raise Failure(f"tokens page: {response.status_code}, no key shown")
        return match.group(1).strip()


class Api:
    """Software with a personal API token (the member's customs-broker software)."""

    def __init__(self, base_url: str, ca_file: str, source: str, token: str):
        self.http = httpx.Client(
            base_url=base_url.rstrip("/") + "/api/v1",
            verify=ca_file,
            transport=httpx.HTTPTransport(verify=ca_file, local_address=source),
            headers={"Authorization": f"Token {token}"},
            timeout=90,
        )

    def close(self):
        self.http.close()

    def call(self, method: str, path: str, expect: int, **kwargs) -> dict:
        try:
            response = self.http.request(method, path, **kwargs)
        except RETRYABLE as exc:
            raise CutOff(f"{method} {path}: {type(exc).__name__}") from exc
        if response.status_code in (502, 503, 504):
            raise CutOff(f"{method} {path}: {response.status_code}")
        if response.status_code != expect:
            raise Failure(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json()

    def apply(self, *, epc_id: int, eligible_item_id: int, n: int) -> str:
        """Apply; a request cut off by a killed gunicorn worker is handled as the firm's software
        would: a submission that went through is kept, anything else starts again (the
        half-made draft stays a draft)."""
        for attempt in range(4):
            try:
                return self._apply(epc_id, eligible_item_id, n, attempt)
            except CutOff as exc:
                CUT_OFF.append(str(exc))
                for _ in range(3):
                    try:
                        if exc.slug and self.status(exc.slug) == "submitted":
                            return exc.slug
                        break
                    except CutOff:
                        continue
        raise Failure(f"application {n} could not be made")

    def _apply(self, epc_id: int, eligible_item_id: int, n: int, attempt: int) -> str:
        draft = self.call("POST", "/ic-applications/", 201, json={"epc": epc_id})
        slug = draft["slug"]
        try:
            self._fill_and_submit(slug, draft["version"], eligible_item_id, f"{n:04d}-{attempt}")
        except CutOff as exc:
            exc.slug = slug
            raise
        return slug

    def _fill_and_submit(self, slug: str, version: int, eligible_item_id: int, n: str) -> None:
        invoice_date = (dt.date.today() - dt.timedelta(days=3)).isoformat()
        self.call(
            "PUT",
            f"/ic-applications/{slug}/",
            200,
            json={
                "invoice_no": f"RH/INV/{n}",
                "invoice_date": invoice_date,
                "supplier_name": "Guangzhou Metal Trims Co",
                "supplier_address": "Baiyun District, Guangzhou",
                "country_of_origin": "CN",
                "port_code": "INMAA1",
                "channel": "ices",
                "items": [
                    {
                        "eligible_item": eligible_item_id,
                        "description": f"Brass buckles, lot {n}",
                        "hs_code": "83089011",
                        "quantity": "100.000",
                        "unit": "PCS",
                        "value_inr": f"{1000 + int(n[:4])}.00",
                    }
                ],
                "version": version,
            },
        )
        for kind in ("invoice", "draft_boe"):
            self.call(
                "POST",
                f"/ic-applications/{slug}/attachments/",
                201,
                files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
                data={"kind": kind},
            )
        self.call("POST", f"/ic-applications/{slug}/submit/", 200, json={})

    def status(self, slug: str) -> str:
        return self.call("GET", f"/ic-applications/{slug}/", 200)["status"]


def staff_issue(browser: Browser, member_api: Api, slug: str) -> None:
    """Scrutinise (open the application, record the service charge if one is due) and issue.

    A request cut off by a killed gunicorn worker (nginx answers 502) is looked at again, as the
    officer would reload the page: issued already, or pressed again.
    """
    for _attempt in range(5):
        try:
            if member_api.status(slug) == "issued":
                return
            page = browser.get(f"/ic/applications/{slug}/")
            if page.status_code >= 500:
                raise CutOff(f"GET {slug}: {page.status_code}")
            if page.status_code != 200:
                raise Failure(f"application page {slug}: {page.status_code}")
            if 'data-testid="charge-form"' in page.text:
                browser.post_form(f"/ic/applications/{slug}/charge/", {"receipt_no": f"R-{slug}"})
                page = browser.get(f"/ic/applications/{slug}/")
            if f'href="/ic/applications/{slug}/issue/"' not in page.text:
                raise Failure(f"no issue button on {slug}")
            # The confirmation page: what will be signed, then the authenticator's code (not asked
            # again within a few minutes of the last one).
            page = browser.get(f"/ic/applications/{slug}/issue/")
            if page.status_code >= 500:
                raise CutOff(f"GET {slug} issue: {page.status_code}")
            version = re.search(r'name="version" value="(\d+)"', page.text)
            if page.status_code != 200 or version is None:
                raise Failure(f"issue confirmation page {slug}: {page.status_code}")
            data = {"version": version.group(1)}
            if 'name="code"' in page.text:
                data["code"] = browser.fresh_code()
            response = browser.post_form(f"/ic/applications/{slug}/issue/", data)
            if response.status_code == 302 and "/ic/certificates/" in response.headers["location"]:
                return
            if response.status_code < 500:
                raise Failure(f"issue {slug}: {response.status_code} {response.headers}")
            CUT_OFF.append(f"issue {slug}: {response.status_code}")
        except CutOff as exc:
            CUT_OFF.append(str(exc))
        except RETRYABLE as exc:  # the connection went with the killed worker: look again
            CUT_OFF.append(f"issue {slug}: {type(exc).__name__}")
    raise Failure(f"{slug} could not be issued")
