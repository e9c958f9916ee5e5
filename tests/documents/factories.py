"""An issued IC's document row, as documents' intake writes it.

A test's transaction never commits, so the wake that makes documents take a new IC does not run;
tests that build uploads on an IC take its (waiting) document row through the real intake.
"""

from icportal.documents import services
from icportal.documents.models import CertificateDocument


def document_of(certificate) -> CertificateDocument:
    services.documents_intake(certificate_id=certificate.pk)
    return CertificateDocument.objects.get(certificate_id=certificate.pk)
