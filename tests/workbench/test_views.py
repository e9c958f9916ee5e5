"""The workbench pages: queues, bulk issue from the IC queue, the job page and its polled progress."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from icportal.certificates import services as ic
from icportal.certificates.models import Application, ImportCertificate
from icportal.workbench import services
from icportal.workbench.models import BulkJob
from tests import factories
from tests.accounts.test_two_factor import SETUP
from tests.certificates import factories as f
from tests.certificates.test_views_staff import said
from tests.workbench.conftest import selection, submitted

pytestmark = pytest.mark.django_db

INDEX = reverse("workbench:index")
ISSUE = reverse("workbench:issue_start")
CONFIRM = reverse("workbench:issue_confirm")
QUEUE = reverse("certificates:queue")


def job_url(job, name="job"):
    return reverse(f"workbench:{name}", kwargs={"pk": job.pk})


def ticked(applications) -> dict:
    return {"application": [f"{slug}:{version}" for slug, version in selection(applications)]}


def test_the_queue_offers_a_labelled_box_per_submitted_application_and_select_all(client, chn):
    waiting, queried = submitted(chn, 2)
    ic.query_raise(by=chn.officer, application=queried, question="?")
    client.force_login(chn.officer)
    html = client.get(QUEUE).content.decode()
    assert f'value="{waiting.slug}:{waiting.version}"' in html
    assert (
        f'<label class="visually-hidden" for="select-{waiting.slug}">Select {waiting.reference}'
        in html
    )
    assert f"select-{queried.slug}" not in html
    assert 'data-select-all="queue"' in html and "Select all on this page" in html
    # The selection goes to a confirmation page first (a GET: nothing changes yet).
    assert f'action="{CONFIRM}"' in html and "Approve and issue selected…" in html
    assert "workbench/workbench.js" in html and "data-confirm" not in html
    html = client.get(QUEUE, {"status": "query"}).content.decode()
    assert "Approve and issue selected" not in html  # nothing to select on this tab


def test_the_queue_exports_xlsx_and_filters_urgent_requests(client, chn):
    plain, urgent = submitted(chn, 2)
    ic.urgent_request(by=chn.officer, application=urgent, reason="Perishable")
    client.force_login(chn.officer)
    response = client.get(QUEUE, {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert "Export XLSX" in client.get(QUEUE).content.decode()
    html = client.get(QUEUE, {"status": "submitted", "urgent": "pending"}).content.decode()
    assert urgent.reference in html and plain.reference not in html
    assert "urgent physical IC waiting for a second officer" in html


def test_approve_and_issue_selected_starts_a_job_and_opens_its_page(client, chn):
    applications = submitted(chn, 3)
    client.force_login(chn.officer)
    response = client.post(ISSUE, ticked(applications))
    job = BulkJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert "Approve and issue started: 3 applications." in said(response)

    html = client.get(job_url(job)).content.decode()
    assert 'aria-live="polite"' in html and 'role="progressbar"' in html
    assert (
        'aria-valuenow="0"' in html and 'aria-valuemin="0"' in html and 'aria-valuemax="3"' in html
    )
    assert "0 of 3 issued" in html and 'hx-trigger="every 1s"' in html
    assert f'hx-get="{job_url(job, "job_progress")}?seen=0%3Aqueued"' in html
    assert 'id="job-heading" tabindex="-1" data-autofocus' in html
    for application in applications:
        assert application.reference in html
    assert "workbench/workbench.js" in html


def test_the_polled_progress_answers_204_until_something_changes_and_stops_when_done(client, chn):
    applications = submitted(chn, 2)
    job = services.bulk_issue_start(by=chn.officer, applications=selection(applications))
    client.force_login(chn.officer)
    progress = job_url(job, "job_progress")
    assert client.get(progress, {"seen": "0:queued"}).status_code == 204

    services.bulk_jobs_advance(owner="w", limit=1)
    html = client.get(progress, {"seen": "0:queued"}).content.decode()
    assert "1 of 2 issued" in html and 'aria-valuenow="1"' in html
    assert 'hx-trigger="every 1s"' in html and "seen=1%3Arunning" in html
    assert 'id="job-items" hx-swap-oob="true"' in html

    services.bulk_jobs_advance(owner="w", limit=1)
    html = client.get(progress, {"seen": "1:running"}).content.decode()
    assert "2 of 2 issued" in html and ">Done<" in html and "hx-trigger" not in html
    for certificate in ImportCertificate.objects.all():
        assert f'href="/ic/certificates/{certificate.slug}/"' in html


def test_a_refused_selection_goes_back_to_the_queue_with_the_reason(client, chn):
    (application,) = submitted(chn, 1)
    client.force_login(factories.staff_user("DEL"))
    referer = f"http://testserver{QUEUE}?status=submitted"
    response = client.post(ISSUE, ticked([application]), HTTP_REFERER=referer)
    # The confirmation page again, the line flagged; its way back is the same queue page, as a
    # path of this site (never a full address from the request).
    assert response.status_code == 409 and "Not started" in said(response)
    html = response.content.decode()
    assert "Not an application of your office" in html
    assert f'href="{QUEUE}?status=submitted"' in html and application.slug not in html
    client.force_login(chn.officer)
    response = client.post(ISSUE, {"application": ["nonsense", "x:y"]})
    assert response["Location"] == QUEUE
    assert "Choose at least one application to issue" in said(response)
    assert not BulkJob.objects.exists()


def test_bulk_issue_needs_two_step_verification_like_a_single_issue(client, chn, settings):
    settings.STAFF_2FA_REQUIRED = True
    applications = submitted(chn, 2)
    client.force_login(chn.officer)
    response = client.post(ISSUE, ticked(applications), HTTP_REFERER=f"http://testserver{QUEUE}")
    assert response.status_code == 302 and response["Location"].startswith(SETUP + "?")
    assert "Set up two-step verification before issuing certificates" in said(response)
    assert not BulkJob.objects.exists()


def test_the_workbench_shows_each_queue_with_its_count_age_and_link(client, chn):
    old, _new = submitted(chn, 2)
    Application.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=9))
    client.force_login(chn.officer)
    html = client.get(INDEX).content.decode()
    assert 'data-count="applications">2<' in html and 'data-count="complaints">0<' in html
    assert f'href="{QUEUE}?status=submitted&amp;sort=oldest"' in html
    row = re.search(r'<tr data-queue="applications".*?</tr>', html, re.S).group(0)
    assert "Overdue" in row and 'data-sla="danger"' in row
    assert "Build upload batches" in html and "Send today's tables" in html
    assert "No bulk jobs yet." in html


def test_workbench_lists_the_office_jobs_running_first(client, chn):
    done = services.bulk_issue_start(by=chn.officer, applications=selection(submitted(chn, 1)))
    services.bulk_jobs_advance(owner="w", limit=5)
    waiting = services.bulk_issue_start(by=chn.officer, applications=selection(submitted(chn, 1)))
    client.force_login(chn.officer)
    html = client.get(INDEX).content.decode()
    assert html.index(f'data-job="{waiting.pk}"') < html.index(f'data-job="{done.pk}"')
    assert "1 of 1 issued" in html and "0 of 1 issued" in html


def test_the_buttons_start_batch_and_table_jobs_or_say_why_not(client, chn):
    client.force_login(chn.officer)
    response = client.post(reverse("workbench:batches_start"))
    assert response["Location"] == INDEX
    assert "Not started: No IC is waiting for a manual upload batch" in said(response)
    response = client.post(reverse("workbench:tables_start"))
    assert "Not started: No member has two or more ICs uploaded on" in said(response)
    assert client.get(reverse("workbench:tables_start")).status_code == 405


# --- who may --------------------------------------------------------------------------------


@pytest.fixture
def chn_job(chn):
    return services.bulk_issue_start(by=chn.officer, applications=selection(submitted(chn, 1)))


def test_staff_of_another_office_see_nothing_of_chn_and_cannot_open_its_jobs(client, chn, chn_job):
    client.force_login(factories.staff_user("DEL"))
    html = client.get(INDEX).content.decode()
    assert 'data-count="applications">0<' in html and f'data-job="{chn_job.pk}"' not in html
    assert client.get(job_url(chn_job)).status_code == 404
    assert client.get(job_url(chn_job, "job_progress")).status_code == 404


def test_member_users_are_refused_everywhere(client, chn, chn_job):
    client.force_login(chn.user)
    for path in (INDEX, job_url(chn_job), job_url(chn_job, "job_progress")):
        assert client.get(path).status_code == 403
    for name in ("issue_start", "batches_start", "tables_start"):
        assert client.post(reverse(f"workbench:{name}"), ticked([])).status_code == 403
    assert BulkJob.objects.count() == 1


def test_head_office_sees_every_office_and_filters_by_one(client, chn, chn_job, head_office):
    delhi = factories.MemberFactory(office=factories.office("DEL"))
    _, del_user, _, del_epc = f.ready(member=delhi)
    f.submitted_application(del_user, del_epc, port_code="INDEL4")
    client.force_login(head_office)
    html = client.get(INDEX).content.decode()
    assert 'data-count="applications">2<' in html and 'name="office"' in html
    assert f'data-job="{chn_job.pk}"' in html
    html = client.get(INDEX, {"office": "DEL"}).content.decode()
    assert 'data-count="applications">1<' in html and f'data-job="{chn_job.pk}"' not in html
    assert f'href="{QUEUE}?status=submitted&amp;sort=oldest&amp;office=DEL"' in html
    assert client.get(job_url(chn_job)).status_code == 200
