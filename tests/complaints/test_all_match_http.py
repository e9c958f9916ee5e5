"""When the member quoted exactly what ICEGATE holds, the diagnosis says the problem is on the
customs side — checked against the sandbox after a real upload, over HTTP both ways."""

import pytest

from icportal.complaints import diagnosis as dg
from icportal.esanchit.models import Upload, UploadStatus
from tests.complaints import factories as c
from tests.documents.conftest import identity, keys_dir, passphrase_env  # noqa: F401
from tests.esanchit.conftest import _fresh_tokens, electronic, run_worker, sandbox  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_everything_matches_after_a_real_upload(electronic, sandbox):  # noqa: F811
    certificate, user, _officer = electronic()
    run_worker()
    upload = Upload.objects.get(certificate=certificate)
    assert upload.status == UploadStatus.ACCEPTED, upload.last_error
    complaint = c.filed(user, certificate, irn=upload.irn, drn=upload.drn)
    assert c.codes(complaint) == [dg.ALL_MATCH]
    assert "customs side" in complaint.findings[0]["sentence"]

    wrong = c.filed(
        user, certificate, irn=upload.irn, drn=upload.drn, uploader_icegate_id="CLEDELHI1984"
    )
    assert dg.UPLOADER_ID_WRONG in c.codes(wrong)
