"""Headers every response carries, pages, API and static files alike, so that a browser runs
no script but our own files, frames the desk nowhere and never guesses a content type."""

from __future__ import annotations

from flask import Flask, Response

# Only files from this site: no inline script or style (styles live in static/verify.css), no
# plugins, no <base> that could redirect relative links, forms posting only here, no framing.
# A <script type="application/ld+json"> block is data, not script: browsers never run it, so
# this policy does not stop the public page from carrying ClaimReview.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    # Desk URLs (group ids, searches) never leave the site; same-site requests keep the
    # Referer, which Flask-WTF's CSRF check needs over HTTPS.
    "Referrer-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """The headers above, unless a view set its own."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
