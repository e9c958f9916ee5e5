"""Browser tests: Playwright driving Debian's chromium (never a downloaded browser)."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

# expect() retries until its own timeout (5 s by default, apart from the context's): on a loaded CI
# machine a page can take longer, so it waits as long as any other step.
expect.set_options(timeout=15_000)


def _chromium_path() -> str:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and shutil.which(candidate):
            return candidate
    raise RuntimeError(
        "Debian's chromium is not installed: run `make test` (it installs it as root)"
    )


@pytest.fixture(scope="module")
def browser():
    # Module scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
    # while it is open, and code that calls asyncio.run() (pyHanko) must not find one in the tests
    # that follow in the same worker.
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="icportal-chromium-")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


def open_page(request, browser, live_server, **context_options):
    """A page of a new browser context (1280 px wide) on the live server; a screenshot of it if the
    test fails. For a fixture to `yield from`."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, **context_options
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    if getattr(request.node, "e2e_failed", False):
        # A picture of the page at the moment of failure, for whoever reads the CI log.
        path = Path(tempfile.gettempdir()) / f"e2e-failure-{request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"Screenshot of the failing page: {path}")
    context.close()


@pytest.fixture
def page(request, browser, live_server):
    yield from open_page(request, browser, live_server)


@pytest.fixture
def login(page):
    """login(user) signs the user in through the real form (password Correct-Horse-9)."""

    def _login(user, password="Correct-Horse-9"):
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return _login


@pytest.fixture
def screenshot(page):
    """screenshot(name) saves the page for the docs: into docs/screenshots/ when the run sets
    ICPORTAL_SCREENSHOT_DIR (`make screenshots`), else into a temporary folder, so the same code runs
    in every `make test`. Returns the path written."""
    folder = Path(os.environ.get("ICPORTAL_SCREENSHOT_DIR") or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(name: str, *, full_page: bool = False, target=None) -> Path:
        path = folder / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=full_page)
        assert path.stat().st_size > 1000, f"screenshot {name} is empty"
        return path

    return _shot


def sign_out(page):
    """Sign out through the account menu in the bar."""
    page.get_by_test_id("whoami").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
