# acr-health's English source, generated from src/engine/catalog.rs,
# src/engine/check_id.rs and src/engine/i18n.rs by
# `UPDATE=1 cargo test --lib english_source`; do not edit by hand.
# Translations copy every id and keep every { $variable } (i18n/GUIDE.md).

## The text report: error lines, summary, closing pointer

report-error-occurred = An error occurred: { $code }
report-reason = Reason: { $reason }
report-what-to-do = What to do:
report-explain-error = Run 'acr-health explain { $code }' for causes and fixes.
report-explain-warning = Run 'acr-health explain { $code }' for more.
report-error-link = Please refer to { $link } for more information.
report-skipped = Skipped: { $title } ({ $why })
report-skipped-default = skipped
report-count-passed =
    { $count ->
        [one] { $count } passed
       *[other] { $count } passed
    }
report-count-info =
    { $count ->
        [one] { $count } info
       *[other] { $count } info
    }
report-count-warnings =
    { $count ->
        [one] { $count } warning
       *[other] { $count } warnings
    }
report-count-errors =
    { $count ->
        [one] { $count } error
       *[other] { $count } errors
    }
report-count-skipped =
    { $count ->
        [one] { $count } skipped
       *[other] { $count } skipped
    }
report-list-separator = {", "}
report-summary = acr-health { $version } finished at { $time } in { $seconds } s: { $counts }.
report-interrupted = Interrupted by { $signal }: the checks still running were stopped, with every program they had started.
report-stopped-each = Each registry stopped at its own first error; pass --ignore-errors to run every check.
report-stopped = Stopped at the first error; pass --ignore-errors to run every check.
report-closing = Please refer to { $link } for more information.

## -o markdown: heading, table columns, summary

markdown-heading = acr-health report
markdown-meta = acr-health { $version } · started { $started } · { $seconds } s · registries: { $registries }
markdown-no-registries = none
markdown-column-check = check
markdown-column-status = status
markdown-column-result = result
markdown-column-ms = ms
markdown-summary = { $passed } passed, { $warnings } warnings, { $errors } errors, { $skipped } skipped
markdown-stopped = (stopped at the first error)

## A check's status in words (the markdown table's status column)

status-ok = ok
status-info = info
status-warning = warning
status-error = error
status-skipped = skipped

## acr-health explain CODE

explain-extension = (acr-health extension)
explain-message = Message:
explain-az-message = As az and -o az print it (English):
explain-causes = Likely causes:
explain-fixes = What to do:
explain-more = More: { $link }

## acr-health codes

codes-extension = (extension)

## The docs/errors.<lang>.md page

errors-doc-heading = Error codes
errors-doc-intro = Every code acr-health can report. Codes marked extension are this project's own; the others follow the Azure Container Registry health-check error reference. { $command } prints the same text offline.
errors-doc-column-code = code
errors-doc-column-title = title
errors-doc-column-kind = kind
errors-doc-kind-extension = extension
errors-doc-kind-reference = reference
errors-doc-reference = Reference: { $link }

## The spinner on a terminal, and --wait's notes (stderr)

spinner-starting = starting
spinner-running = still running: { $titles }
spinner-attempt-failed = attempt { $attempt } failed; trying again, { $left } left
spinner-attempt-failed-code = attempt { $attempt } failed ({ $code }); trying again, { $left } left
spinner-next-attempt = { $note }; next attempt in { $pause }

## Check titles

check-configuration = Configuration
check-arguments = Arguments
check-environment = Environment checks
check-docker = Docker checks
check-docker-command = Docker command
check-docker-daemon = Docker daemon
check-docker-version = Docker version
check-docker-pull = Docker pull
check-docker-daemon-settings = Docker daemon settings
check-tool-version = acr-health version
check-connection-verification = Connection verification
check-node = Kubernetes node
check-node-config = Node config
check-node-credential-provider = Kubelet credential provider
check-registry = Registry
check-registry-login-server = Login server
check-registry-dns = DNS lookup
check-registry-challenge = Challenge endpoint
check-registry-network-access = Network access
check-registry-settings = Registry settings
check-registry-credential = Credential
check-node-kubelet-identity = Kubelet identity
check-registry-refresh-token = Refresh token
check-registry-access-token = Access token
check-registry-data-path = Data path
check-node-containerd-hosts = Containerd registry hosts
check-node-containerd-pull = Containerd pull
check-registry-replications = Geo-replications
check-registry-data-endpoints = Data endpoints
check-registry-regional-endpoints = Regional endpoints
check-registry-dual-stack = Dual stack
check-registry-cmk = CMK identity
check-registry-docker-login = Docker login
check-registry-docker-route = Docker daemon route
check-vnet = Private endpoint DNS
check-vnet-private-endpoint = Private endpoint DNS
check-helm = Helm checks
check-helm-command = Helm command
check-helm-version = Helm version
check-notary = Notary check
check-notary-version = Notary version
title-clock-skew = Clock skew

## Message templates besides the codes' own

msg-failed-command = Failed to run command '{ $cmd }'. { $stderr }
msg-helm-retrieve-failed = An error occurred while retrieving Helm version. Please make sure that you have the latest Azure CLI version, and that you are using the recommended Helm version.
msg-notary-retrieve-failed = An error occurred while retrieving notary version. Please make sure that you have the latest Azure CLI version, and that you are using the recommended notary version.
msg-lacking-permissions = You have { $granted } permissions to the repository. You are lacking { $missing } repository permissions. Please verify if you have full read, write, and delete permissions to the repository in the registry.
msg-lacking-all-permissions = You have no permissions to the repository. You are lacking { $missing } repository permissions. Please verify if you have full read, write, and delete permissions to the repository in the registry.
msg-data-endpoint = Registry '{ $ls }' serves layers from the data endpoint '{ $endpoint }', which cannot be reached from here, so pulls of content stored there will fail. { $reason }

## Error codes: title, meaning, message, causes, what to do

# DOCKER_COMMAND_ERROR (a reference code: -o az keeps az's English message)
docker-command-error-title = Docker client not usable
docker-command-error-meaning = No usable docker client was found, so none of the docker checks could run.
docker-command-error-message = Please verify if Docker client is installed and running.
docker-command-error-cause-1 = docker (or podman) is not installed, or not on PATH for this shell
docker-command-error-cause-2 = DOCKER_COMMAND names a program that does not exist
docker-command-error-cause-3 = the only docker found was in the current directory, which acr-health refuses to run
docker-command-error-fix-1 = Install a docker client, or put its directory on PATH.
docker-command-error-fix-2 = If you use another client, set DOCKER_COMMAND to its absolute path.
docker-command-error-fix-3 = In a pod or CI job without docker, pass --skip docker.

# DOCKER_DAEMON_ERROR (a reference code: -o az keeps az's English message)
docker-daemon-error-title = Docker daemon unreachable
docker-daemon-error-meaning = The docker client runs, but it cannot talk to a docker daemon.
docker-daemon-error-message = Please verify if Docker daemon is running, or try restarting it.
docker-daemon-error-cause-1 = the daemon (dockerd, Docker Desktop) is not started
docker-daemon-error-cause-2 = DOCKER_HOST or the current docker context points at a socket nobody listens on
docker-daemon-error-cause-3 = your user may not open the daemon's socket (not in the docker group)
docker-daemon-error-fix-1 = Start the daemon (for example `sudo systemctl start docker`, or open Docker Desktop).
docker-daemon-error-fix-2 = Check `docker context ls` and DOCKER_HOST point at the daemon you expect.
docker-daemon-error-fix-3 = On Linux, add your user to the docker group, then log in again.

# DOCKER_VERSION_ERROR (a reference code: -o az keeps az's English message)
docker-version-error-title = Docker version unreadable
docker-version-error-meaning = `docker version` failed or printed something acr-health could not read.
docker-version-error-message = An error occurred while retrieving Docker version. Please try verifying it manually.
docker-version-error-cause-1 = a broken or very old docker client
docker-version-error-cause-2 = a wrapper script in place of docker that does not understand --format
docker-version-error-cause-3 = the command hung and was stopped at the timeout
docker-version-error-fix-1 = Run the command shown above yourself and read its error.
docker-version-error-fix-2 = Reinstall or upgrade the docker client.

# DOCKER_PULL_ERROR (a reference code: -o az keeps az's English message)
docker-pull-error-title = Docker test pull failed
docker-pull-error-meaning = The docker daemon could not pull the small test image, so pulls from any registry may fail.
docker-pull-error-message = An error occurred while pulling a sample image. Please validate your network connection and verify if Docker daemon is running properly.
docker-pull-error-cause-1 = the daemon has no route to the internet or to the image's registry
docker-pull-error-cause-2 = a proxy is needed and the daemon does not know about it
docker-pull-error-cause-3 = the daemon's disk is full, or the image name given with --pull-image does not exist
docker-pull-error-fix-1 = Read docker's own error above; it usually names the host or the reason.
docker-pull-error-fix-2 = Configure the daemon's proxy (not only your shell's) if you are behind one.
docker-pull-error-fix-3 = Try `docker pull` of the same image by hand to reproduce it.

# HELM_COMMAND_ERROR (a reference code: -o az keeps az's English message)
helm-command-error-title = Helm client not found
helm-command-error-meaning = No helm client was found on PATH.
helm-command-error-message = Please verify if Helm is installed.
helm-command-error-cause-1 = helm is not installed, or not on PATH for this shell
helm-command-error-fix-1 = Install helm 3 if you push or pull charts.
helm-command-error-fix-2 = If you do not use helm, pass --skip helm.

# HELM_VERSION_ERROR (a reference code: -o az keeps az's English message)
helm-version-error-title = Helm client too old
helm-version-error-meaning = One code for two problems, as az uses it: `helm version --client` failed, or the helm client it reports is older than 2.11.0.
helm-version-error-message = Current Helm client version is not recommended. Please upgrade your Helm client to at least version 2.11.0.
helm-version-error-cause-1 = an old helm 2 client
helm-version-error-cause-2 = `helm version --client` failed
helm-version-error-fix-1 = If the message says the command failed, run `helm version --client` yourself; the text after the command is helm's own error.
helm-version-error-fix-2 = If the client is older than 2.11.0, upgrade helm; helm 3 talks to the registry over OCI directly.

# NOTARY_VERSION_ERROR (a reference code: -o az keeps az's English message)
notary-version-error-title = Notary client incompatible
notary-version-error-meaning = The notary client is not the version docker content trust is known to work with (0.6.0), or `notary version` failed.
notary-version-error-message =
    Current notary version is not recommended. Please { $direction ->
        [upgrade] upgrade
       *[downgrade] downgrade
    } your notary client to version 0.6.0.
notary-version-error-cause-1 = an older or newer notary binary earlier on PATH
notary-version-error-cause-2 = a notary build that does not report its version
notary-version-error-fix-1 = Install notary 0.6.0, or remove the other binary from PATH. Builds for every platform are on the project's releases page: https://github.com/notaryproject/notary/releases
notary-version-error-fix-2 = On Windows, docker only finds the client as `notary.exe` in the folder that holds docker's own binaries (with Docker Desktop usually `C:\Program Files\Docker\Docker\resources\bin`): download the Windows build, rename it to `notary.exe` and place it there.
notary-version-error-fix-3 = The rule is exactly 0.6.0, not a minimum, so a newer client is flagged too: az adopted it because notary 0.6.1 broke authentication for remote operations against a trust server.
notary-version-error-fix-4 = Docker Content Trust, which notary serves, is deprecated; for new image signing use Notation (Notary Project v2). If you do not sign images with docker content trust, pass --skip notary.

# CMK_ERROR (a reference code: -o az keeps az's English message)
cmk-error-title = Encryption identity missing
cmk-error-meaning = The registry encrypts with a customer-managed key and reaches the key vault through a managed identity that no longer exists, so the registry cannot reach its key.
cmk-error-message = The identity used for registry '{ $name }' encryption doesn't exist.
cmk-error-cause-1 = the user-assigned identity was deleted
cmk-error-cause-2 = the identity was removed from the registry while encryption still refers to it
cmk-error-fix-1 = Re-create or re-assign the identity named in the registry's encryption settings.
cmk-error-fix-2 = Give it get/wrapKey/unwrapKey access to the key in the key vault again.
cmk-error-fix-3 = The key vault can be reached with the registry's system-assigned identity or with a user-assigned one; either works once it has access to the key.
cmk-error-fix-4 = To move to another identity, rotate the key and name that identity in the same step (`az acr encryption rotate-key --identity <client id or [system]>`).

# CONNECTIVITY_DNS_ERROR (a reference code: -o az keeps az's English message)
connectivity-dns-error-title = DNS lookup failed
connectivity-dns-error-meaning = The registry's name could not be turned into an address.
connectivity-dns-error-message = Failed to reach DNS for registry '{ $ls }'. Please check if the spelling is correct, if the CLI environment is on correct cloud and your network connectivity.
connectivity-dns-error-cause-1 = a typo in the registry name, or the wrong cloud (.azurecr.io vs .azurecr.cn / .azurecr.us)
connectivity-dns-error-cause-2 = the DNS server is unreachable, answers SERVFAIL or times out
connectivity-dns-error-cause-3 = a private DNS zone for privatelink.azurecr.io that lacks the registry's record
connectivity-dns-error-fix-1 = Check the name and the cloud (--cloud) against the registry's login server.
connectivity-dns-error-fix-2 = Look the name up yourself (`nslookup <login server>`); try --dns-server with a resolver you trust.
connectivity-dns-error-fix-3 = With private endpoints, check the A records in the privatelink.azurecr.io zone linked to your network.
connectivity-dns-error-fix-4 = If you gave a bare registry name and the registry could not be read from Azure (no permission to read it, or the wrong subscription), the login server was guessed from the name: get read permission on the registry, or pass its login server with -n.

# CONNECTIVITY_FORBIDDEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-forbidden-error-title = Registry refused access
connectivity-forbidden-error-meaning = The registry answered 403 before any login: its network rules do not admit this client.
connectivity-forbidden-error-message = Looks like you don't have access to registry '{ $ls }'. To see configured firewall rules, run 'az acr show --query networkRuleSet --name { $name }'. Details: https://learn.microsoft.com/azure/container-registry/container-registry-health-error-reference#connectivity_forbidden_error
connectivity-forbidden-error-cause-1 = the registry's firewall allows only listed IP ranges or networks, and yours is not one
connectivity-forbidden-error-cause-2 = public network access is disabled and you are not coming through a private endpoint
connectivity-forbidden-error-fix-1 = Add the client IP shown above to the registry's network rules, or connect from an allowed network.
connectivity-forbidden-error-fix-2 = If the registry uses private endpoints, make sure the name resolves to the private address here (--vnet).

# CONNECTIVITY_CHALLENGE_ERROR (a reference code: -o az keeps az's English message)
connectivity-challenge-error-title = No authentication challenge
connectivity-challenge-error-meaning = `GET /v2/` did not end in the 401 challenge every registry sends to start a login.
connectivity-challenge-error-message = Registry '{ $ls }' did not issue a challenge.
connectivity-challenge-error-cause-1 = the connection was refused, reset or timed out
connectivity-challenge-error-cause-2 = a proxy or gateway answered in the registry's place
connectivity-challenge-error-cause-3 = the server is not a container registry
connectivity-challenge-error-fix-1 = Read what came back (shown above) to see who answered.
connectivity-challenge-error-fix-2 = Check proxies (HTTPS_PROXY / NO_PROXY) and firewalls between you and the registry.
connectivity-challenge-error-fix-3 = If nothing between you and the registry is at fault, the service may be having a passing problem: try again in a few minutes.
connectivity-challenge-error-fix-4 = If it keeps failing, report a service issue by opening a support request for the registry in the Azure portal (Help + support).

# CONNECTIVITY_AAD_LOGIN_ERROR (a reference code: -o az keeps az's English message)
connectivity-aad-login-error-title = No AAD login on this registry
connectivity-aad-login-error-meaning = The registry's challenge is not a Bearer challenge with a realm and a service, so a token login is impossible.
connectivity-aad-login-error-message = Registry '{ $ls }' does not support AAD login.
connectivity-aad-login-error-cause-1 = the server is a registry that only does Basic auth (not an Azure registry)
connectivity-aad-login-error-cause-2 = something in between rewrote the WWW-Authenticate header
connectivity-aad-login-error-fix-1 = Make sure the name points at an Azure container registry.
connectivity-aad-login-error-fix-2 = For a Basic-auth registry, test with `docker login` instead.
connectivity-aad-login-error-fix-3 = As an alternative to Entra ID, enable the registry's admin user and log in with its credentials (-u/-p here, or `docker login`).

# CONNECTIVITY_REFRESH_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-refresh-token-error-title = Refresh token refused
connectivity-refresh-token-error-meaning = The registry would not trade the Entra ID token for a registry refresh token.
connectivity-refresh-token-error-message = Access to registry '{ $ls }' was denied. Response code: { $status }. Please try running 'az login' again to refresh permissions.
connectivity-refresh-token-error-cause-1 = the identity has no role on the registry (AcrPull or better)
connectivity-refresh-token-error-cause-2 = the Entra ID token is for another tenant, expired, or for the wrong audience
connectivity-refresh-token-error-cause-3 = AAD authentication (ARM audience tokens) is disabled on the registry
connectivity-refresh-token-error-fix-1 = Give the identity named above a role on the registry, for example AcrPull.
connectivity-refresh-token-error-fix-2 = Get a fresh token (log in again, or check the service principal's tenant).

# CONNECTIVITY_ACCESS_TOKEN_ERROR (a reference code: -o az keeps az's English message)
connectivity-access-token-error-title = Access token refused
connectivity-access-token-error-meaning = The registry would not issue an access token for the requested scope, or granted fewer actions than asked for.
connectivity-access-token-error-message = Access to registry '{ $ls }' was denied. Response code: { $status }. Please try running 'az login' again to refresh permissions.
connectivity-access-token-error-cause-1 = the identity's role does not include the requested actions
connectivity-access-token-error-cause-2 = a repository-scoped token or scope map limits what may be done
connectivity-access-token-error-cause-3 = wrong admin username or password
connectivity-access-token-error-fix-1 = Compare the granted and missing actions above with the role you expected.
connectivity-access-token-error-fix-2 = Assign a role that includes them (AcrPush for push, AcrDelete for delete).

# CONNECTIVITY_SSL_ERROR (a reference code: -o az keeps az's English message)
connectivity-ssl-error-title = TLS handshake failed
connectivity-ssl-error-meaning = No trusted TLS connection to the registry could be made.
connectivity-ssl-error-message = Unable to establish a secure connection to the registry '{ $ls }'. Are you using a proxy server?
connectivity-ssl-error-cause-1 = a TLS-inspecting proxy whose root certificate this machine does not trust
connectivity-ssl-error-cause-2 = the name resolves to a server that presents another host's certificate
connectivity-ssl-error-cause-3 = an expired certificate, or a server offering only TLS below 1.2
connectivity-ssl-error-fix-1 = If your network inspects TLS, pass its root certificate with --ca-cert (or SSL_CERT_FILE).
connectivity-ssl-error-fix-2 = Check that the name resolves to the registry and not to something in between.

# CONNECTIVITY_TOOMANYREQUESTS_ERROR (a reference code: -o az keeps az's English message)
connectivity-toomanyrequests-error-title = Throttled
connectivity-toomanyrequests-error-meaning = The registry is throttling this client (HTTP 429).
connectivity-toomanyrequests-error-message = Too many requests, access to registry '{ $ls }' was denied. Please wait a moment before trying again.
connectivity-toomanyrequests-error-cause-1 = many clients or pipelines logging in at once
connectivity-toomanyrequests-error-cause-2 = a loop retrying without a pause
connectivity-toomanyrequests-error-fix-1 = Wait for the time the registry asked for (Retry-After, shown above when sent) and retry.
connectivity-toomanyrequests-error-fix-2 = Spread out logins, and reuse tokens instead of fetching one per pull.
connectivity-toomanyrequests-error-fix-3 = The request limits depend on the registry's service tier (SKU: Basic, Standard, Premium); if you reach them in normal use, move the registry to a higher tier.

# LOGIN_SERVER_ERROR (a reference code: -o az keeps az's English message)
login-server-error-title = Login server unknown
login-server-error-meaning = acr-health could not work out the registry's login server.
login-server-error-message = An error occurred while retrieving the login server for registry '{ $name }'. Please check if the spelling is correct, if the CLI environment is on correct cloud and if you have the right permissions on it.
login-server-error-cause-1 = the cloud has no known registry suffix (a custom cloud without one)
login-server-error-cause-2 = the registry does not exist in the subscription, or you cannot read it
login-server-error-fix-1 = Pass the login server itself: -n myregistry.azurecr.io.
login-server-error-fix-2 = Check the spelling of the registry name.
login-server-error-fix-3 = Make sure the identity in use has permission to read the registry (a role such as Reader on it or its resource group).
login-server-error-fix-4 = Choose the right cloud with --cloud, or register the custom cloud's suffix in the Azure CLI; update the Azure CLI (`az upgrade`) if its cloud list is too old to know the suffix.

# CREDENTIAL_ERROR (an acr-health extension)
credential-error-title = No usable credential
credential-error-meaning = No credential source produced an Entra ID token (or none was configured), so the login steps could not run.
credential-error-message = No credential for registry '{ $ls }' could be used. { $reason }
credential-error-cause-1 = nothing configured: no -u/-p, no ACR_HEALTH_AAD_TOKEN, no service principal, workload or managed identity, no Azure CLI login
credential-error-cause-2 = a configured source failed, for example a wrong client secret (AADSTS7000215) or an unknown tenant
credential-error-fix-1 = Read which sources were tried above, and fix the one you meant to use.
credential-error-fix-2 = For a service principal set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET.
credential-error-fix-3 = For a registry that allows anonymous pull, pass --anonymous.

# UNTRUSTED_REALM_ERROR (an acr-health extension)
untrusted-realm-error-title = Token realm on another host
untrusted-realm-error-meaning = The challenge named a token service on a different host. acr-health sends tokens and passwords only to the registry's own host.
untrusted-realm-error-message = Registry '{ $ls }' asked for credentials to be sent to '{ $realm }', which is not on the registry's own host. Nothing was sent.
untrusted-realm-error-cause-1 = a proxy or a look-alike server answering for the registry
untrusted-realm-error-cause-2 = a misconfigured reverse proxy in front of a self-hosted registry
untrusted-realm-error-fix-1 = Check that the registry's name resolves to the registry and not to something in between.
untrusted-realm-error-fix-2 = Do not log in to this endpoint until you know who runs the realm host.

# INSECURE_ENDPOINT_ERROR (an acr-health extension)
insecure-endpoint-error-title = Credential endpoint not https
insecure-endpoint-error-meaning = An endpoint that would receive a secret or a token (the Entra ID authority, the ARM endpoint, a managed identity endpoint) is not a plain https:// URL. acr-health never sends a credential in clear text, so it made no request there at all.
insecure-endpoint-error-message = The { $what } '{ $url }' (from { $from }) is { $why }. Credentials are sent there, so nothing was sent.
insecure-endpoint-error-cause-1 = a custom cloud registered in the Azure CLI (clouds.config) with an http:// endpoint, or one with a user name, query or fragment in it
insecure-endpoint-error-cause-2 = a managed identity endpoint (IDENTITY_ENDPOINT) on plain http that is not on this machine
insecure-endpoint-error-fix-1 = Fix the endpoint where the message says it came from; for a custom cloud: `az cloud update --name <cloud> --endpoint-resource-manager https://…` (or --endpoint-active-directory).
insecure-endpoint-error-fix-2 = If the service only speaks plain http, put TLS in front of it: credentials are only ever sent over https.

# PRIVATE_ENDPOINT_DNS_ERROR (an acr-health extension)
private-endpoint-dns-error-title = DNS bypasses the private endpoint
private-endpoint-dns-error-meaning = A name the registry's private endpoint serves resolves to some other address here, so traffic for it does not go through the endpoint.
private-endpoint-dns-error-message = DNS does not route registry '{ $name }' to its private endpoint in virtual network '{ $vnet }'. { $reason }
private-endpoint-dns-error-cause-1 = the privatelink.azurecr.io private DNS zone is not linked to this virtual network
private-endpoint-dns-error-cause-2 = the zone lacks the record for one of the endpoint's names (often a data endpoint, e.g. <registry>.<region>.data.azurecr.io)
private-endpoint-dns-error-cause-3 = a custom DNS server forwards the name to public DNS instead of Azure DNS (168.63.129.16)
private-endpoint-dns-error-fix-1 = Link the privatelink.azurecr.io zone to the virtual network, or add the missing A records shown above.
private-endpoint-dns-error-fix-2 = With custom DNS servers, forward azurecr.io to Azure DNS (168.63.129.16).
private-endpoint-dns-error-fix-3 = Check again with --dns-server set to the resolver your workloads use.

# IMAGE_NOT_FOUND_ERROR (an acr-health extension)
image-not-found-error-title = Image not found
image-not-found-error-meaning = The registry has no manifest for the repository and tag (or digest) given with --image.
image-not-found-error-message = Image '{ $image }' was not found in registry '{ $ls }'. { $reason }
image-not-found-error-cause-1 = a typo in the repository or tag; tags are case-sensitive
image-not-found-error-cause-2 = the tag was deleted, or untagged by a retention or purge task
image-not-found-error-cause-3 = the repository lives in another registry
image-not-found-error-fix-1 = List what exists: `az acr repository show-tags -n <registry> --repository <repo>`.
image-not-found-error-fix-2 = Check the exact reference your deployment uses, including any registry prefix.

# DATA_PATH_ERROR (an acr-health extension)
data-path-error-title = Image content could not be downloaded
data-path-error-meaning = The login server answered, but downloading the image's content did not work. Blobs usually come from a separate data endpoint (blob storage or <registry>.<region>.data.azurecr.io) that a firewall, proxy or private DNS may treat differently.
data-path-error-message = Pulling '{ $image }' from registry '{ $ls }' failed. { $reason }
data-path-error-cause-1 = a firewall or proxy allows the login server but not the data endpoint
data-path-error-cause-2 = a dedicated data endpoint the registry lists (one per region) does not resolve or complete a TLS handshake here; acr-health checks each one when it reads the registry from ARM
data-path-error-cause-3 = with private endpoints, the data endpoint's name is missing from the private DNS zone or unreachable
data-path-error-cause-4 = dedicated data endpoints are enabled but not allowed in the client's firewall rules
data-path-error-fix-1 = Allow the data endpoint named above (and its port 443) wherever the login server is allowed.
data-path-error-fix-2 = With private endpoints, run again with --vnet to check every name the endpoint serves.

# KUBELET_IDENTITY_ERROR (an acr-health extension)
kubelet-identity-error-title = Kubelet identity cannot sign in
kubelet-identity-error-meaning = With --node: the identity the node's cloud-provider config gives the kubelet does not get a registry token, so every pull of the node from this registry fails with an authorization error (ImagePullBackOff).
kubelet-identity-error-message = The kubelet's identity ({ $identity }) cannot sign in to registry '{ $ls }'. { $reason }
kubelet-identity-error-cause-1 = the service principal's secret in azure.json has expired or was rotated (AADSTS7000222, AADSTS7000215)
kubelet-identity-error-cause-2 = aadClientId names an application that does not exist in the node config's tenant
kubelet-identity-error-cause-3 = the user-assigned identity named by userAssignedIdentityID is not assigned to the node's VM or scale set (IMDS answers 'Identity not found')
kubelet-identity-error-cause-4 = the registry refuses service-principal passwords although the identity's Entra ID token could pull
kubelet-identity-error-fix-1 = For a service principal, give the cluster a new secret (`az aks update-credentials --reset-service-principal`), which rewrites azure.json on every node.
kubelet-identity-error-fix-2 = For a managed identity, check that the identity in userAssignedIdentityID is assigned to the node pool's scale set.
kubelet-identity-error-fix-3 = Run again with --node on the node after the change; the reason above names the answer each service gave.

# KUBELET_ACRPULL_ERROR (an acr-health extension)
kubelet-acrpull-error-title = Kubelet identity may not pull
kubelet-acrpull-error-meaning = With --node: Entra ID accepts the kubelet's identity, but the registry grants it no pull: the identity has no AcrPull role (or a role that includes it) on this registry.
kubelet-acrpull-error-message = The kubelet's identity ({ $identity }) signs in but may not pull from registry '{ $ls }'. { $reason }
kubelet-acrpull-error-cause-1 = the cluster was never attached to the registry, or was attached to another one
kubelet-acrpull-error-cause-2 = the AcrPull role assignment was made for another identity (the cluster's control-plane identity instead of its kubelet identity)
kubelet-acrpull-error-cause-3 = the role was assigned on another scope (a different registry or resource group), or only moments ago (assignments take minutes to apply)
kubelet-acrpull-error-cause-4 = the registry uses repository permissions (ABAC) and the identity has no role that covers this repository
kubelet-acrpull-error-fix-1 = Attach the registry to the cluster (`az aks update -n <cluster> -g <group> --attach-acr <registry>`), or assign the AcrPull role to the client ID named above on the registry's resource ID.
kubelet-acrpull-error-fix-2 = Wait a few minutes after a new role assignment, then run again with --node.

# CONTAINERD_CONFIG_ERROR (an acr-health extension)
containerd-config-error-title = Containerd registry configuration unreadable
containerd-config-error-meaning = With --node: containerd's config file, or the hosts.toml of the registry's host directory, cannot be read or parsed, so containerd cannot resolve the registry as configured.
containerd-config-error-message = Containerd's registry configuration for '{ $ls }' cannot be used. { $reason }
containerd-config-error-cause-1 = a TOML syntax error in /etc/containerd/config.toml or in a hosts.toml under its config_path
containerd-config-error-cause-2 = a value of the wrong kind (a number where containerd expects a string or a list)
containerd-config-error-cause-3 = a config version containerd does not read
containerd-config-error-fix-1 = Fix the file named above; `containerd config dump` shows how containerd itself reads its config.
containerd-config-error-fix-2 = Restart containerd after changing config.toml (hosts.toml files are read at each pull).

# CONTAINERD_PULL_ERROR (an acr-health extension)
containerd-pull-error-title = Pull through containerd failed
containerd-pull-error-meaning = With --node and --image: containerd's own client could not pull the image with the node's hosts directory and the kubelet identity's credentials, which is close to what the kubelet asks containerd to do.
containerd-pull-error-message = Pulling '{ $image }' from registry '{ $ls }' through containerd failed. { $reason }
containerd-pull-error-cause-1 = a mirror in hosts.toml presents a certificate its ca file does not cover, or the ca file is wrong
containerd-pull-error-cause-2 = every host in hosts.toml is unreachable from the node, or an override sends the registry's host elsewhere
containerd-pull-error-cause-3 = the kubelet identity may not pull the repository (see the kubelet identity check above)
containerd-pull-error-cause-4 = containerd is not running, or CONTAINERD_ADDRESS does not name its socket
containerd-pull-error-fix-1 = Read the hosts containerd tried and why each failed in the reason above, then fix the matching entry of hosts.toml.
containerd-pull-error-fix-2 = Run the command shown above by hand on the node for containerd's full log (add --http-dump to see every request).

# SLOW_TLS_HANDSHAKE_WARNING (an acr-health extension)
slow-tls-handshake-warning-title = Slow connection set-up
slow-tls-handshake-warning-meaning = A warning, not a failure: the connection was made, but its set-up alone took as long as many round trips to a registry in another region would. Every new connection pays it again, so pulls of many layers feel it most.
slow-tls-handshake-warning-message = Setting up the connection to '{ $host }' (TCP and the TLS handshake) took { $took }, more than { $limit }.
slow-tls-handshake-warning-cause-1 = a proxy or firewall that inspects TLS and is slow or overloaded
slow-tls-handshake-warning-cause-2 = packet loss on the path, which makes TCP and TLS wait for retransmissions
slow-tls-handshake-warning-cause-3 = a very distant endpoint (another continent, a satellite link)
slow-tls-handshake-warning-cause-4 = a machine or container so short of CPU that the handshake itself is slow
slow-tls-handshake-warning-fix-1 = Run again with --timings to see each connection's set-up and which host it was.
slow-tls-handshake-warning-fix-2 = If a TLS-inspecting proxy is in the path, exempt the registry's login server and data endpoints from inspection.
slow-tls-handshake-warning-fix-3 = Pull from a geo-replica in a region near the client, or run the client nearer to the registry.

# SLOW_TOKEN_REQUEST_WARNING (an acr-health extension)
slow-token-request-warning-title = Slow token request
slow-token-request-warning-meaning = A warning, not a failure: the registry's token service answered, but slowly. Every pull and push starts with such a request, so clients wait this long before any content moves.
slow-token-request-warning-message = The token request { $what } to '{ $host }' took { $took } to answer, more than { $limit }.
slow-token-request-warning-cause-1 = the registry is being throttled or is under heavy load (its tier's request limits)
slow-token-request-warning-cause-2 = the token service is slow to check the caller's identity or role assignments
slow-token-request-warning-cause-3 = a proxy or firewall that holds requests before passing them on
slow-token-request-warning-fix-1 = Run again with --timings to see the request's time to first byte apart from the connection's set-up.
slow-token-request-warning-fix-2 = If it persists, check the registry's metrics for throttling (HTTP 429 answers) and consider a higher service tier.
slow-token-request-warning-fix-3 = Check the Azure status page for the registry's region.

# DEADLINE_EXCEEDED_ERROR (an acr-health extension)
deadline-exceeded-error-title = Run deadline passed
deadline-exceeded-error-meaning = --deadline bounds the whole run. When it passed, this check had not finished, so it was stopped and counts as failed.
deadline-exceeded-error-message = The check '{ $title }' was still running when the run's deadline of { $deadline } passed.
deadline-exceeded-error-cause-1 = a server that accepts connections but answers slowly or never
deadline-exceeded-error-cause-2 = a deadline shorter than what the checks need on this network (each network step may take up to --timeout)
deadline-exceeded-error-cause-3 = a credential chain that tries several sources, each slow to fail
deadline-exceeded-error-fix-1 = Run again with --debug to see which request was still waiting.
deadline-exceeded-error-fix-2 = Give a longer --deadline, or a shorter --timeout so each step gives up sooner.

# OPEN_FILES_LIMIT_ERROR (an acr-health extension)
open-files-limit-error-title = Out of open files (acr-health's own limit)
open-files-limit-error-meaning = acr-health could not open a socket or a file because it already held as many as it may (its limit on open files), or because the whole machine's table of open files was full. The check stopped there, so it counts as failed, but the failure is this machine's limit, not the registry's or the network's; the reason names the limit and what the check was doing.
open-files-limit-error-message = The check '{ $title }' could not finish: acr-health ran out of file descriptors of its own. This says nothing about the registry.
open-files-limit-error-cause-1 = --parallel set so high that the registries in flight need more sockets than the limit on open files allows
open-files-limit-error-cause-2 = a low limit on open files for the process: a shell's `ulimit -n`, a service manager's or a container runtime's default
open-files-limit-error-cause-3 = another process on the machine holding nearly all of the system's open files (ENFILE)
open-files-limit-error-fix-1 = Check fewer registries at once: lower --parallel (the default, 64, fits inside a limit of 1,024 open files).
open-files-limit-error-fix-2 = Or raise acr-health's limit on open files: `ulimit -n` in the shell that starts it, LimitNOFILE= in a systemd unit, --ulimit nofile= for a container.
open-files-limit-error-fix-3 = If the reason says the system's table is full (ENFILE), find the process that holds the files (`lsof`) before raising the machine's own limit.

# INTERNAL_ERROR (an acr-health extension)
internal-error-title = Internal error in acr-health
internal-error-meaning = A check hit a bug in acr-health itself and could not finish. The other checks are not affected; the run counts as failed.
internal-error-message = The check '{ $title }' stopped on a bug in acr-health.
internal-error-cause-1 = an answer or a file shaped in a way acr-health did not expect
internal-error-cause-2 = a defect in acr-health
internal-error-fix-1 = Report it with the version (`acr-health --version`), the command line and this message; see docs/security.md for how.
internal-error-fix-2 = Run again with --ignore-errors to see the results of the remaining checks.

## Remediation for special cases

remedy-private-endpoints-only-fix-1 = Public network access is disabled, so only the registry's private endpoints admit clients, and IP rules do not apply: run from a network linked to one of its private endpoints.
remedy-private-endpoints-only-fix-2 = Check there that the login server and each data endpoint resolve to the private endpoint's address (the private DNS zone privatelink.azurecr.io must be linked to that network); --vnet <network> checks it.
remedy-private-endpoints-only-fix-3 = If clients outside those networks must reach the registry, add a private endpoint in their network, or enable public access (its IP rules then apply).
