"""A simple server-side captcha: a sum whose answer is kept in the session, good for one try.

Real ICEGATE shows a distorted-text image; a sum in plain text keeps the pages accessible and lets
browser tests solve it, which is all a rehearsal sandbox needs.
"""

from __future__ import annotations

import secrets

SESSION_KEY = "icegate_sandbox_captcha"


def captcha_new(request) -> str:
    first, second = 1 + secrets.randbelow(9), 1 + secrets.randbelow(9)
    request.session[SESSION_KEY] = str(first + second)
    return f"What is {first} plus {second}?"


def captcha_check(request, answer: str) -> bool:
    expected = request.session.pop(SESSION_KEY, None)
    return expected is not None and str(answer or "").strip() == expected
