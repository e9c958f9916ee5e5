"""The development PKI's keys and certificates, kept in one directory.

`build(directory, base_url)` makes (once) a root CA, a TSA certificate and an OCSP responder
certificate, or loads them; `Pki.issue_office(...)` issues an office signing certificate whose
AIA (OCSP, caIssuers) and CRL distribution point name the PKI server at `base_url`. Every issued
serial goes into index.json, which the server reads to answer OCSP: good for issued serials,
revoked for the ones in state.json (see state.py), unknown for anything else.

Layout of the directory (all generated, git-ignored under var/):
    pki.json            base URL and generation; a different base URL rebuilds everything
    dev-ca.pem, dev-ca.key.pem, tsa.pem, tsa.key.pem, ocsp.pem, ocsp.key.pem
    office-*.p12/.pem   office signing certificates (PKCS#12 with the p12-passphrase file)
    index.json          every issued certificate, by serial (lower-case hex)
    state.json          revocations, the services' clock and fault switches (state.py)
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

from .util import (
    locked,
    normalise_url,
    parse_serial,
    read_json,
    serial_hex,
    utcnow,
    write_json,
)

__all__ = ["Pki", "build", "load", "normalise_url", "parse_serial", "serial_hex", "utcnow"]

DEV_MARK = "DEVELOPMENT ONLY - NOT VALID FOR REAL USE"
CA_NAME = "icportal development CA"
# Infrastructure certificates are valid from here on, so that an office certificate dated in the
# past (tests of expired certificates) still chains to a CA, TSA and responder valid at its time.
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
LAYOUT = 1  # bump when the certificates' shape changes: existing directories are rebuilt

META, INDEX, STATE = "pki.json", "index.json", "state.json"
CA_CERT, CA_KEY = "dev-ca.pem", "dev-ca.key.pem"
TSA_CERT, TSA_KEY = "tsa.pem", "tsa.key.pem"
OCSP_CERT, OCSP_KEY = "ocsp.pem", "ocsp.key.pem"
PASSPHRASE = "p12-passphrase"
CRL_PATH = "crl/dev-ca.crl"
CA_ISSUERS_PATH = "ca/dev-ca.crt"


def passphrase(directory: Path) -> bytes:
    """The PKCS#12 passphrase of the office keys (made once; development only)."""
    path = directory / PASSPHRASE
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(18))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def _name(common_name: str, unit: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Council for Leather Exports"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEV_MARK),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _key_usage(*, signing: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _write_key(path: Path, key) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _load_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


@dataclass
class Pki:
    directory: Path
    base_url: str
    generation: str
    ca_key: rsa.RSAPrivateKey
    ca_cert: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    tsa_cert: x509.Certificate
    ocsp_key: rsa.RSAPrivateKey
    ocsp_cert: x509.Certificate

    @property
    def ca_pem_path(self) -> Path:
        return self.directory / CA_CERT

    @property
    def ocsp_url(self) -> str:
        return self.base_url + "ocsp"

    @property
    def crl_url(self) -> str:
        return self.base_url + CRL_PATH

    @property
    def ca_issuers_url(self) -> str:
        return self.base_url + CA_ISSUERS_PATH

    @property
    def tsa_url(self) -> str:
        return self.base_url + "tsa"

    def passphrase(self) -> bytes:
        return passphrase(self.directory)

    def index(self) -> dict[str, dict]:
        """Every certificate this CA issued, by serial in lower-case hex."""
        return read_json(self.directory / INDEX)

    def _builder(self, subject: x509.Name, public_key, not_before, not_after, serial: int):
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca_cert.subject)
            .public_key(public_key)
            .serial_number(serial)
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
        )

    def _with_revocation_pointers(self, builder: x509.CertificateBuilder):
        """AIA (OCSP responder, caIssuers) and the CRL distribution point: where a validator
        fetches revocation answers for this certificate."""
        uri = x509.UniformResourceIdentifier
        return builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(AuthorityInformationAccessOID.OCSP, uri(self.ocsp_url)),
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.CA_ISSUERS, uri(self.ca_issuers_url)
                    ),
                ]
            ),
            critical=False,
        ).add_extension(
            x509.CRLDistributionPoints(
                [x509.DistributionPoint([uri(self.crl_url)], None, None, None)]
            ),
            critical=False,
        )

    def _record(self, cert: x509.Certificate, kind: str, **extra) -> None:
        """Add a certificate to index.json (the caller holds the directory lock)."""
        path = self.directory / INDEX
        index = read_json(path)
        index[serial_hex(cert.serial_number)] = {
            "kind": kind,
            "subject": cert.subject.rfc4514_string(),
            "not_before": cert.not_valid_before_utc.isoformat(),
            "not_after": cert.not_valid_after_utc.isoformat(),
            **extra,
        }
        write_json(path, index)

    def issue_office(
        self,
        code: str,
        name: str,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        *,
        stem: str | None = None,
    ) -> tuple[Path, Path]:
        """A new office signing certificate and key: (PKCS#12 path, certificate PEM path).

        Each call issues a new certificate with a new key (a renewal keeps the old files), named
        `office-<code>-<serial>` unless `stem` is given. Validity defaults to yesterday + 2 years;
        both ends may be in the past (expired certificates for tests and the demo).
        """
        key = _new_key()
        start = not_before or utcnow() - dt.timedelta(days=1)
        end = not_after or max(start, utcnow()) + dt.timedelta(days=730)
        serial = x509.random_serial_number()
        subject = _name(f"CLE {name} Office (development)", f"{code} office")
        builder = self._builder(subject, key.public_key(), start, end, serial)
        builder = builder.add_extension(_key_usage(signing=True), critical=True).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        cert = self._with_revocation_pointers(builder).sign(self.ca_key, hashes.SHA256())
        stem = stem or f"office-{code}-{serial_hex(serial)}"
        p12_path, pem_path = self.directory / f"{stem}.p12", self.directory / f"{stem}.pem"
        with locked(self.directory):
            p12_path.write_bytes(
                pkcs12.serialize_key_and_certificates(
                    name=f"CLE {code}".encode(),
                    key=key,
                    cert=cert,
                    cas=[self.ca_cert],
                    encryption_algorithm=serialization.BestAvailableEncryption(self.passphrase()),
                )
            )
            p12_path.chmod(0o600)
            pem_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
            self._record(cert, "office", office=code, file=pem_path.name)
        return p12_path, pem_path

    def renew_tsa(
        self, not_before: dt.datetime | None = None, not_after: dt.datetime | None = None
    ) -> x509.Certificate:
        """A new TSA key and certificate (default: valid from the PKI's epoch for 10 years), used
        for every token from now on; the old certificate stays in the index (OCSP keeps
        answering for it) and is kept as tsa-<serial>.pem. For tests of a TSA certificate that
        expires (B-LTA): e.g. `renew_tsa(not_after=now + 30 days)`."""
        start = not_before or EPOCH
        end = not_after or utcnow() + dt.timedelta(days=365 * 10)
        with locked(self.directory):
            old = self.directory / f"tsa-{serial_hex(self.tsa_cert.serial_number)}.pem"
            old.write_bytes(self.tsa_cert.public_bytes(serialization.Encoding.PEM))
            self.tsa_key, self.tsa_cert = _make_tsa(self, start, end)
            self.generation = secrets.token_hex(8)  # the server reloads the keys when it changes
            meta = read_json(self.directory / META)
            write_json(self.directory / META, {**meta, "generation": self.generation})
        return self.tsa_cert

    def revoke(self, serial: int | str, at: dt.datetime | None = None, reason="key_compromise"):
        """Revoke a certificate from `at` (default now); OCSP and the CRL report it from then."""
        from . import state

        state.revoke(self.directory, parse_serial(serial), at or utcnow(), reason)


def _make_ca(directory: Path):
    key = _new_key()
    name = _name(CA_NAME, "Development CA")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(EPOCH)
        .not_valid_after(utcnow() + dt.timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_key(directory / CA_KEY, key)
    (directory / CA_CERT).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def _make_tsa(pki: Pki, not_before: dt.datetime, not_after: dt.datetime):
    """The TSA certificate (EKU timeStamping, critical, as RFC 3161 requires), written and
    recorded (the caller holds the directory lock)."""
    tsa_key = _new_key()
    tsa = pki._builder(
        _name("icportal development TSA", "Development TSA"),
        tsa_key.public_key(),
        not_before,
        not_after,
        x509.random_serial_number(),
    )
    tsa = tsa.add_extension(_key_usage(signing=True), critical=True).add_extension(
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
    )
    tsa_cert = pki._with_revocation_pointers(tsa).sign(pki.ca_key, hashes.SHA256())
    _write_key(pki.directory / TSA_KEY, tsa_key)
    (pki.directory / TSA_CERT).write_bytes(tsa_cert.public_bytes(serialization.Encoding.PEM))
    pki._record(tsa_cert, "tsa", file=TSA_CERT)
    return tsa_key, tsa_cert


def _make_services(pki: Pki) -> None:
    """The TSA certificate and the OCSP responder's (EKU OCSPSigning, with id-pkix-ocsp-nocheck
    so nobody asks about the asker)."""
    end = utcnow() + dt.timedelta(days=365 * 10)
    _make_tsa(pki, EPOCH, end)
    ocsp_key = _new_key()
    ocsp = pki._builder(
        _name("icportal development OCSP responder", "Development OCSP"),
        ocsp_key.public_key(),
        EPOCH,
        end,
        x509.random_serial_number(),
    )
    ocsp_cert = (
        ocsp.add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False)
        .add_extension(x509.OCSPNoCheck(), critical=False)
        .sign(pki.ca_key, hashes.SHA256())
    )
    _write_key(pki.directory / OCSP_KEY, ocsp_key)
    (pki.directory / OCSP_CERT).write_bytes(ocsp_cert.public_bytes(serialization.Encoding.PEM))
    pki._record(ocsp_cert, "ocsp", file=OCSP_CERT)


def _clear(directory: Path) -> None:
    """Remove every generated certificate, key and record (the passphrase stays)."""
    patterns = ("office-*.p12", "office-*.pem", "dev-ca*.pem", "tsa*.pem", "ocsp*.pem")
    for pattern in patterns:
        for path in directory.glob(pattern):
            path.unlink()
    for name in (INDEX, STATE, META):
        (directory / name).unlink(missing_ok=True)


def _complete(directory: Path, meta: dict, base_url: str) -> bool:
    files = (CA_CERT, CA_KEY, TSA_CERT, TSA_KEY, OCSP_CERT, OCSP_KEY, INDEX)
    return (
        meta.get("base_url") == base_url
        and meta.get("layout") == LAYOUT
        and all((directory / f).exists() for f in files)
    )


def build(directory: Path, base_url: str) -> Pki:
    """The PKI in `directory`, made on first use; rebuilt when `base_url` changed (the
    certificates embed it) or the directory holds an older layout (e.g. var/keys/ from before the PKI)."""
    directory = Path(directory)
    base_url = normalise_url(base_url)
    with locked(directory):
        if not _complete(directory, read_json(directory / META), base_url):
            _clear(directory)
            ca_key, ca_cert = _make_ca(directory)
            generation = secrets.token_hex(8)
            pki = Pki(directory, base_url, generation, ca_key, ca_cert, *([None] * 4))
            _make_services(pki)
            meta = {"base_url": base_url, "layout": LAYOUT, "generation": generation}
            write_json(directory / META, meta)  # last: a directory with pki.json is complete
    return load(directory)


def load(directory: Path) -> Pki:
    """The PKI already built in `directory` (FileNotFoundError if there is none)."""
    directory = Path(directory)
    meta = json.loads((directory / META).read_text())
    return Pki(
        directory=directory,
        base_url=meta["base_url"],
        generation=meta["generation"],
        ca_key=_load_key(directory / CA_KEY),
        ca_cert=_load_cert(directory / CA_CERT),
        tsa_key=_load_key(directory / TSA_KEY),
        tsa_cert=_load_cert(directory / TSA_CERT),
        ocsp_key=_load_key(directory / OCSP_KEY),
        ocsp_cert=_load_cert(directory / OCSP_CERT),
    )
