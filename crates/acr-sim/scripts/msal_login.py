#!/usr/bin/env python3
"""Sign in to acr-sim's Entra ID with the real MSAL library, as the Azure CLI does, and write
MSAL's serialized token cache: the ground truth acr_sim::azure_cli::Fixture copies.

usage: msal_login.py AUTHORITY TENANT CACHE_OUT user USERNAME PASSWORD
       msal_login.py AUTHORITY TENANT CACHE_OUT sp CLIENT_ID SECRET

AUTHORITY is the simulator's authority host (https://127.0.0.1:PORT). The simulator's CA must
be trusted through REQUESTS_CA_BUNDLE (or ACR_SIM_CA, passed to MSAL as `verify=`). An existing
CACHE_OUT is read first, so user and sp runs can fill the same file.
"""

import ipaddress
import os
import sys
from urllib.parse import urlsplit, urlunsplit

AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
USER_SCOPES = ["https://management.core.windows.net//.default"]
SP_SCOPES = ["https://containerregistry.azure.net/.default"]


def fail(msg):
    print("msal_login.py: " + msg, file=sys.stderr)
    sys.exit(1)


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_session(authority):
    """A requests session that refuses every host but loopback, and sends URLs without a port
    to the authority's port: MSAL builds the user-realm URL from the host name alone
    (https://127.0.0.1/common/userrealm/...), dropping the port the simulator listens on."""
    import requests

    netloc = urlsplit(authority).netloc

    class LoopbackOnly(requests.Session):
        def request(self, method, url, *args, **kwargs):
            parts = urlsplit(url)
            if not is_loopback(parts.hostname or ""):
                raise RuntimeError("refusing to contact non-loopback host " + repr(parts.hostname))
            if parts.port is None:
                url = urlunsplit(parts._replace(netloc=netloc))
            return super().request(method, url, *args, **kwargs)

    session = LoopbackOnly()
    session.trust_env = False  # no proxies from the environment; CA comes from `verify`
    session.verify = os.environ.get("ACR_SIM_CA") or os.environ.get("REQUESTS_CA_BUNDLE") or True
    return session


def main(argv):
    if len(argv) != 7 or argv[4] not in ("user", "sp"):
        fail(__doc__.strip().splitlines()[3] + "\n" + __doc__.strip().splitlines()[4])
    authority_host, tenant, cache_out, mode, principal, secret = argv[1:]
    if not is_loopback(urlsplit(authority_host).hostname or ""):
        fail("authority %r is not on loopback" % authority_host)
    try:
        import msal
    except ImportError as e:
        fail("cannot import msal (pip install msal): %s" % e)

    cache = msal.SerializableTokenCache()
    if os.path.exists(cache_out):
        with open(cache_out, encoding="utf-8") as f:
            cache.deserialize(f.read())
    common = dict(
        authority=authority_host.rstrip("/") + "/" + tenant,
        token_cache=cache,
        instance_discovery=False,  # never ask login.microsoftonline.com about the authority
        http_client=loopback_session(authority_host),
    )
    try:
        if mode == "user":
            app = msal.PublicClientApplication(AZURE_CLI_CLIENT_ID, **common)
            result = app.acquire_token_by_username_password(principal, secret, scopes=USER_SCOPES)
        else:
            app = msal.ConfidentialClientApplication(principal, client_credential=secret, **common)
            result = app.acquire_token_for_client(scopes=SP_SCOPES)
    except Exception as e:  # MSAL raises on discovery and transport failures
        fail("%s sign-in failed: %s: %s" % (mode, type(e).__name__, e))
    if "access_token" not in result:
        fail("%s sign-in refused: %s: %s" % (
            mode, result.get("error"), result.get("error_description")))
    tmp = cache_out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(cache.serialize())
    os.replace(tmp, cache_out)
    print("%s token cached in %s" % (mode, cache_out))


if __name__ == "__main__":
    main(sys.argv)
