"""What the admin API's refusals become in Python."""

from __future__ import annotations

from typing import Any


class MockError(RuntimeError):
    """The admin API refused a call: its status and error body."""

    def __init__(self, status: int, body: Any) -> None:
        message = body.get("message") if isinstance(body, dict) else str(body)
        super().__init__(f"{status}: {message}")
        self.status = status
        self.body = body
