"""The CLI login flow: the redirect that hands the token to the CLI.

Which URIs may receive it is the `redirect_uri` pattern in openapi.yaml.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit


def redirect_with_token(uri: str, token: str) -> str:
    separator = "&" if urlsplit(uri).query else "?"
    return f"{uri}{separator}{urlencode({'token': token})}"
