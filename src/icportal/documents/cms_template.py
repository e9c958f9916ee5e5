"""The CMS signature container of a PAdES B-B signature, from a template kept per signer.

pyHanko builds every container afresh with asn1crypto: about 9 ms of Python per document, six
times the RSA signature itself. For one signer, a PAdES B-B container differs between documents
in two places only: the messageDigest attribute (the document's hash) and the signature value.
So the first signature of a process builds the container twice the ordinary way, with two
different digests, and keeps it as a template once it has seen that exactly those two places
differ; every later document costs two byte splices and the key operation (PKCS#12 key or
PKCS#11 token, the signer's own `async_sign_raw`).

A signature timestamp (PAdES B-T) keeps the template: the token is requested for the hash of
the signature value, as pyHanko does, and added as the one unsigned attribute (the signed
attributes, hence the template, do not change). Anything else the template cannot reproduce
takes pyHanko's ordinary path: a dry run, CAdES or revocation attributes, a signing-time
attribute, or a signature whose length varies (ECDSA).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from dataclasses import dataclass

from asn1crypto import cms

from .probe import outside_event_loop

# Attributes whose value depends only on the signer and the digest algorithm (plus messageDigest).
_STABLE_ATTRIBUTES = frozenset(
    {"content_type", "message_digest", "signing_certificate_v2", "cms_algorithm_protection"}
)
_DIGEST_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}


@dataclass(frozen=True)
class Template:
    der: bytes  # a whole ContentInfo, signed over a throwaway digest
    attrs_at: int  # where the [0] IMPLICIT signedAttrs start in `der`
    attrs_len: int
    digest_at: int  # the messageDigest value, relative to the signed attributes
    digest_len: int
    signature_at: int  # the signature value (an OCTET STRING's contents) in `der`
    signature_len: int

    def fill(self, attrs: bytes, signature: bytes) -> bytes:
        start, end = self.attrs_at, self.attrs_at + self.attrs_len
        der = self.der
        return (
            der[:start]
            + attrs
            + der[end : self.signature_at]
            + signature
            + der[self.signature_at + self.signature_len :]
        )

    def attributes(self, digest: bytes) -> bytes:
        attrs = self.der[self.attrs_at : self.attrs_at + self.attrs_len]
        return attrs[: self.digest_at] + digest + attrs[self.digest_at + self.digest_len :]


def _parts(der: bytes) -> tuple[bytes, bytes, set[str]]:
    signer_info = cms.ContentInfo.load(der)["content"]["signer_infos"][0]
    attrs = signer_info["signed_attrs"]
    return attrs.dump(), signer_info["signature"].native, {a["type"].native for a in attrs}


def template_from(first: bytes, second: bytes, digests: tuple[bytes, bytes]) -> Template | None:
    """A template when `first` and `second` (containers over the two `digests`) differ only in
    the messageDigest value and the signature value; otherwise None."""
    if len(first) != len(second):
        return None
    attrs, signature, types = _parts(first)
    if not types <= _STABLE_ATTRIBUTES or "message_digest" not in types:
        return None
    attrs_at = first.find(attrs)
    digest_at = attrs.find(digests[0])
    signature_at = first.find(signature, attrs_at + len(attrs))
    if min(attrs_at, digest_at, signature_at) < 0 or attrs.find(digests[0], digest_at + 1) >= 0:
        return None
    template = Template(
        first, attrs_at, len(attrs), digest_at, len(digests[0]), signature_at, len(signature)
    )
    if template.fill(template.attributes(digests[0]), signature) != first:
        return None
    other_attrs, other_signature, _ = _parts(second)
    if template.fill(template.attributes(digests[1]), other_signature) != second:
        return None  # something else differs between two signatures: not a template
    if other_attrs != template.attributes(digests[1]):
        return None
    return template


class TemplateCmsMixin:
    """Put before a pyHanko Signer class; see the module docstring."""

    async def _template(self, digest_algorithm: str, size: int, ordinary: dict) -> Template | None:
        templates = self.__dict__.setdefault("_icportal_cms_templates", {})
        template = templates.get(digest_algorithm, False)
        if template is False:
            digests = (os.urandom(size), os.urandom(size))
            built = []
            for digest in digests:  # a loop, not a comprehension: super() needs this frame
                built.append(
                    (await super().async_sign(digest, digest_algorithm, **ordinary)).dump()
                )
            template = templates[digest_algorithm] = template_from(*built, digests)
        return template

    def cms_size(self, digest_algorithm: str = "sha256") -> int | None:
        """The exact size in DER bytes of this signer's PAdES B-B containers (every one has the
        same), measured by building the template; None when it has no template. Call it outside
        a running event loop or not (the first call per process signs twice)."""
        template = self.__dict__.get("_icportal_cms_templates", {}).get(digest_algorithm, False)
        if template is not False:
            return len(template.der) if template is not None else None
        ordinary = dict(
            dry_run=False,
            use_pades=True,
            timestamper=None,
            signed_attr_settings=None,
            is_pdf_sig=True,
            encap_content_info=None,
        )
        size = _DIGEST_SIZES[digest_algorithm]
        template = outside_event_loop(
            lambda: asyncio.run(self._template(digest_algorithm, size, ordinary))
        )
        return len(template.der) if template is not None else None

    async def async_sign(
        self,
        data_digest: bytes,
        digest_algorithm: str,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings=None,
        is_pdf_sig=True,
        encap_content_info=None,
    ) -> cms.ContentInfo:
        ordinary = dict(
            dry_run=dry_run,
            use_pades=use_pades,
            timestamper=timestamper,
            signed_attr_settings=signed_attr_settings,
            is_pdf_sig=is_pdf_sig,
            encap_content_info=encap_content_info,
        )
        settings = signed_attr_settings
        plain = (
            not dry_run
            and use_pades
            and is_pdf_sig
            and encap_content_info is None
            and getattr(self, "unsigned_attr_prov_spec", None) is None
            and (
                settings is None
                or (settings.cades_signed_attrs is None and settings.adobe_revinfo_attr is None)
            )
            and len(data_digest) == _DIGEST_SIZES.get(digest_algorithm, -1)
        )
        if not plain:
            return await super().async_sign(data_digest, digest_algorithm, **ordinary)
        untimed = {**ordinary, "timestamper": None}  # the template is the B-B container
        template = await self._template(digest_algorithm, len(data_digest), untimed)
        if template is None:  # this signer's containers vary in more places: ordinary path
            return await super().async_sign(data_digest, digest_algorithm, **ordinary)
        attrs = template.attributes(data_digest)
        # The signature covers the attributes' DER as a SET OF (tag 0x31), not as [0] IMPLICIT.
        signature = await self.async_sign_raw(b"\x31" + attrs[1:], digest_algorithm)
        if len(signature) != template.signature_len:
            return await super().async_sign(data_digest, digest_algorithm, **ordinary)
        container = cms.ContentInfo.load(template.fill(attrs, signature))
        if timestamper is not None:
            token = await timestamper.async_timestamp(
                hashlib.new(digest_algorithm, signature).digest(), digest_algorithm
            )
            container["content"]["signer_infos"][0]["unsigned_attrs"] = cms.CMSAttributes(
                [cms.CMSAttribute({"type": "signature_time_stamp_token", "values": [token]})]
            )
        return container
