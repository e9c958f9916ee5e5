"""axe-core in the browser tests: no serious or critical finding on any screen.

axe-playwright-python bundles axe.min.js; it is evaluated into the page (Playwright's evaluate is
not bound by the page's CSP). Findings of impact "minor" or "moderate" are left to the other checks
in a11y.js; "serious" and "critical" (contrast, names, labels, ARIA misuse) fail the test.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

FAILING = ("serious", "critical")
_axe = Axe()


def findings(page) -> list[str]:
    """Serious and critical axe findings on the page as it is now, one sentence each."""
    result = _axe.run(page)
    found = []
    for violation in result.response["violations"]:
        if violation.get("impact") not in FAILING:
            continue
        where = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:4])
        found.append(
            f"axe {violation['id']} ({violation['impact']}): {violation['help']} — {where}"
        )
    return found


def assert_accessible(page) -> None:
    problems = findings(page)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
