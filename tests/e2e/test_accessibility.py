"""Accessibility and mobile: every page a role reaches from its menu, on a phone and on a desktop.

The demo data (every state of every object) is loaded once; each role walks its navigation plus the
detail pages people open most, at 390 px and 1280 px wide. On each page the checks in `a11y.js` run
(labelled controls, named links and buttons, one h1, alt texts, chart alternatives, table headers,
unique ids, nothing wider than the screen), and the keyboard walk checks that focus is visible; at
desktop width axe-core runs too (tests/e2e/axe.py: no serious or critical finding).
"""

from pathlib import Path

from django.core.management import call_command
from django.utils.text import slugify

from icportal.accounts.models import User
from icportal.certificates.models import Application, ImportCertificate
from icportal.complaints.models import Complaint, Status
from icportal.demo.people import DEMO_PASSWORD
from icportal.web.context_processors import _items_for
from tests.e2e.axe import findings as axe_findings

CHECKS = (Path(__file__).parent / "a11y.js").read_text()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PHONE_PICTURES = {"member-home", "member-certificate", "office-ic-queue", "office-workbench"}


def _pages_for(user) -> dict[str, str]:
    """Picture name → URL: the role's menu, plus the detail pages people open most."""
    role = {"member": "member", "staff": "office", "head_office": "head-office"}[user.role]
    pages = {}
    for label, target in _items_for(user):
        for child, url in [(label, target)] if isinstance(target, str) else target:
            pages.setdefault(url, f"{role}-{slugify(child)}")
    if user.role == "member":
        certificate = ImportCertificate.objects.filter(member_id=user.member_id).first()
        application = Application.objects.filter(member_id=user.member_id).first()
    else:
        in_scope = {} if user.office_id is None else {"office_id": user.office_id}
        certificate = ImportCertificate.objects.filter(**in_scope).first()
        application = Application.objects.filter(status="submitted", **in_scope).first()
        pages[f"/members/{certificate.member.iec}/"] = f"{role}-member-detail"
        pages["/search/?q=" + certificate.member.iec] = f"{role}-search"
    if user.role == "head_office":  # the users pages (issue 17 §5)
        officer = User.objects.filter(role="staff", is_active=True).order_by("pk").first()
        pages[f"/accounts/users/{officer.pk}/"] = f"{role}-user"
        pages[f"/accounts/users/{officer.pk}/deactivate/"] = f"{role}-user-deactivate"
    pages[f"/ic/certificates/{certificate.slug}/"] = f"{role}-certificate"
    pages[f"/ic/applications/{application.slug}/"] = f"{role}-application"
    # The demo's complaint waiting for the member: the reply form, or the office's ticket forms.
    complaint = Complaint.objects.get(status=Status.WITH_MEMBER)
    pages[f"/complaints/{complaint.slug}/"] = f"{role}-complaint"
    return {name: url for url, name in pages.items()}


def _focus_is_visible(page) -> list[str]:
    """Tab through the first controls: each focused one must show an outline or a focus ring."""
    problems = []
    page.locator("body").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                const s = getComputedStyle(el);
                const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
                    || (s.boxShadow && s.boxShadow !== 'none');
                return {ring, what: el.tagName + ' ' + (el.innerText || el.name || '').slice(0, 30)};
            }"""
        )
        if state and not state["ring"]:
            problems.append(f"focus not visible on {state['what']}")
    return problems


ROLES = ("exports@annasalaitanners.example", "staff.chn@cle.example", "admin@cle.example")


def _walk(browser, base_url, user, screenshot) -> dict[str, list[str]]:
    """Every page of the user's navigation at phone and desktop width: {where: problems}."""
    pages = _pages_for(user)
    problems = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(base_url=base_url, viewport=viewport)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for picture, url in pages.items():
            response = page.goto(url)
            if response.status != 200:
                problems[f"{user.email} {name} {url}"] = [f"answered {response.status}"]
                continue
            found = page.evaluate(CHECKS)
            if name == "phone" and picture in PHONE_PICTURES:
                screenshot(f"phone-{picture}", target=page)
            if name == "desktop":
                screenshot(f"screen-{picture}", target=page)
                # axe before the keyboard walk: a focused button mid-transition reads low contrast.
                found += axe_findings(page)
                found += _focus_is_visible(page)
            if found:
                problems[f"{user.email} {name} {url}"] = found
        context.close()
    return problems


def test_every_menu_page_is_labelled_focusable_and_fits_a_phone(
    browser, live_server, transactional_db, settings, demo_var, screenshot
):
    """Member, office staff and head office in turn, on one load of the demo data."""
    call_command("demo_data")
    problems = {}
    for email in ROLES:
        problems.update(_walk(browser, live_server.url, User.objects.get(email=email), screenshot))
    assert not problems, "\n".join(f"{where}: {p}" for where, ps in problems.items() for p in ps)
