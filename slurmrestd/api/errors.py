"""The reference's status lines, and the router's own answers (text/plain bodies)."""

from __future__ import annotations

TEXT_UNAUTHORIZED = "Authentication failure"
TEXT_NOT_FOUND = "Unable find requested URL. Please view /openapi/v3 for API reference."
TEXT_NOT_ALLOWED = (
    "Requested REST method is not defined at URL. Please view /openapi/v3 for API reference."
)
UNPARSABLE = "Unable to parse query."
UNPARSABLE_PATH = "Unable to parse URL path."
# Every status line the API answers with (the reference's reason phrases), defined here only.
STATUS_OK = "200 OK"
STATUS_NOT_MODIFIED = "304 NOT MODIFIED"
STATUS_UNAUTHORIZED = "401 UNAUTHORIZED"
STATUS_NOT_FOUND = "404 NOT FOUND"
STATUS_NOT_ALLOWED = "405 NOT ALLOWED"
STATUS_BAD_REQUEST = "400 BAD REQUEST"
STATUS_INTERNAL = "500 INTERNAL ERROR"


class RouterError(Exception):
    """An answer of the router itself: text/plain, connection closed."""

    def __init__(self, status: str, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
