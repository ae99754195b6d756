"""Response headers that hold in every environment: Content-Security-Policy (Django's own,
``django.middleware.csp``), Permissions-Policy (``mgn.middleware``).

Every script and style sheet is a local static file, so the policy allows only 'self':
no inline script, no inline style, no eval. htmx is told not to add its indicator styles
and not to evaluate code (the ``htmx-config`` meta tag in ``base.html``). The API's
documentation pages (Swagger UI, Redoc) inject their own styles and Redoc runs a worker
from a blob, so those two views alone get ``API_DOCS_CSP`` (``csp_override`` in
``mgn.urls``); they show no person data. Redoc's bundle also shows Redocly's logo from
their CDN: the policy blocks it, so no request leaves for a third party.
"""

from django.utils.csp import CSP

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
API_DOCS_CSP = {
    **SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
}

# Browser features no page of this application uses, switched off for every page (and for
# anything that might be injected into one).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
