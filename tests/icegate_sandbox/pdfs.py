"""Real PDFs for the sandbox tests: PDF/A-2 XMP by pikepdf, signatures by pyHanko."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from functools import cached_property

import pikepdf
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

MIB = 1_048_576
TEXT = b"Import Certificate CLE/CHN/IC/2026-27/000123"


@dataclass(frozen=True)
class Identity:
    """A signing key and its self-made certificate (like the development DSCs)."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @classmethod
    def create(cls, common_name: str) -> Identity:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        return cls(key, certificate)

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()

    @cached_property
    def signer(self) -> signers.SimpleSigner:
        certificate = asn1_x509.Certificate.load(
            self.certificate.public_bytes(serialization.Encoding.DER)
        )
        key = asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return signers.SimpleSigner(
            signing_cert=certificate,
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([certificate]),
        )


def make_pdf(*, pdfa: bool = True, padding: int = 0) -> bytes:
    """A one-page PDF, uncompressed (so tests can alter its text), optionally padded."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    streams = [pikepdf.Stream(pdf, b"BT /F1 12 Tf 72 770 Td (" + TEXT + b") Tj ET\n")]
    if padding:
        streams.append(pikepdf.Stream(pdf, b"%" + b"0" * padding + b"\n"))
    pdf.pages[0].obj.Contents = pikepdf.Array([pdf.make_indirect(s) for s in streams])
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "Import Certificate"
        if pdfa:
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def sign(content: bytes, identity: Identity, field_name: str = "Signature1") -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    signed = signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name=field_name),
        signer=identity.signer,
        bytes_reserved=6144,
    )
    return signed.getvalue()


def signed_of_size(size: int, identity: Identity) -> bytes:
    """A signed PDF/A of exactly `size` bytes: padding inside the PDF, before signing."""
    padding = max(size - 20_000, 1)
    for _ in range(8):
        signed = sign(make_pdf(padding=padding), identity)
        if len(signed) == size:
            return signed
        padding += size - len(signed)
    raise AssertionError(f"could not make a signed PDF of exactly {size} bytes")


class PdfSet:
    """Every file the upload rules are tested with, made once per test session."""

    def __init__(self, registered: Identity, other: Identity):
        self.registered = registered
        self.other = other

    @cached_property
    def unsigned(self) -> bytes:
        return make_pdf()

    @cached_property
    def good(self) -> bytes:
        return sign(self.unsigned, self.registered)

    @cached_property
    def other_signer(self) -> bytes:
        return sign(self.unsigned, self.other)

    @cached_property
    def altered(self) -> bytes:
        """Signed, then one byte of the page text flipped (inside the signed range)."""
        assert self.good.count(TEXT) == 1
        return self.good.replace(TEXT, TEXT.replace(b"Import", b"Imporx"))

    @cached_property
    def appended(self) -> bytes:
        """Signed, then bytes appended: the signature no longer covers the whole file."""
        return self.good + b"\n% appended after signing\n"

    @cached_property
    def forged_signature(self) -> bytes:
        """Signed, then the signature value changed: the signed bytes are intact, the
        signature over them no longer verifies."""
        byte_range = re.search(rb"/ByteRange \[0 (\d+) (\d+) \d+\]", self.good)
        gap, resume = int(byte_range[1]), int(byte_range[2])
        der = bytearray(bytes.fromhex(self.good[gap + 1 : resume - 1].decode()).rstrip(b"\0"))
        der[-1] ^= 0x01  # the signature value is the container's last field
        hex_digits = der.hex().encode().ljust(resume - gap - 2, b"0")
        return self.good[: gap + 1] + hex_digits + self.good[resume - 1 :]

    @cached_property
    def countersigned(self) -> bytes:
        """Signed twice by the registered certificate (two revisions, both valid)."""
        return sign(self.good, self.registered, field_name="Signature2")

    @cached_property
    def first_revision_altered(self) -> bytes:
        """Signed twice, then the page text of the first revision changed."""
        assert self.countersigned.count(TEXT) == 1
        return self.countersigned.replace(TEXT, TEXT.replace(b"Import", b"Imporx"))

    @cached_property
    def not_pdfa(self) -> bytes:
        return sign(make_pdf(pdfa=False), self.registered)

    @cached_property
    def exactly_1_mib(self) -> bytes:
        return signed_of_size(MIB, self.registered)

    @cached_property
    def over_1_mib(self) -> bytes:
        return signed_of_size(MIB + 1, self.registered)

    not_a_pdf = b"Invoice 123, not a PDF at all.\n" * 10
