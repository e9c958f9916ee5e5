"""Query counts stay flat: no per-document queries when listing, a few per file when uploading."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.icegate_sandbox.conftest import url

pytestmark = pytest.mark.django_db


def test_upload_and_list_query_counts(client, upload, member, pdfs, pga_token):
    for _ in range(2):  # creates the stats counters (accepted, then replayed)
        upload([("warm-up.pdf", pdfs.good)])
    files = [(f"{n}.pdf", pdfs.good) for n in range(10)]
    with CaptureQueriesContext(connection) as upload_queries:
        assert upload(files).status_code == 200
    with CaptureQueriesContext(connection) as replay_queries:
        assert upload(files).status_code == 200
    with CaptureQueriesContext(connection) as list_queries:
        response = client.get(
            url("api/esanchit/documents"), HTTP_AUTHORIZATION=f"Bearer {pga_token}"
        )
    assert len(response.json()["documents"]) == 11
    # per file: a savepoint, the document, the IRN mail, the release
    assert len(upload_queries) <= 12 + 4 * len(files)
    assert len(replay_queries) <= 10
    assert len(list_queries) <= 4
