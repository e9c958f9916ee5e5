"""The one error type services raise; views turn it into {"error": {"code", "message"}}."""

from __future__ import annotations


class SandboxError(Exception):
    def __init__(self, code: str, message: str, *, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.field = field  # the form field a web page shows the message beside

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}
