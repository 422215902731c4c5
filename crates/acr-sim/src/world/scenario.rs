//! The faults the simulator can play. One variant per behaviour a test wants to provoke.

use std::fmt;
use std::str::FromStr;

macro_rules! scenarios {
    ($( $variant:ident => $name:literal, $code:expr, $desc:literal; )*) => {
        /// A registry-side behaviour to simulate. `Healthy` is the default.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum Scenario {
            #[default]
            $( $variant, )*
        }

        const ALL: &[Scenario] = &[ $( Scenario::$variant, )* ];

        impl Scenario {
            /// Every scenario, healthy first.
            pub fn all() -> &'static [Scenario] {
                ALL
            }

            /// The kebab-case name used on the command line.
            pub fn name(&self) -> &'static str {
                match self { $( Scenario::$variant => $name, )* }
            }

            /// One line saying what the simulator does differently.
            pub fn description(&self) -> &'static str {
                match self { $( Scenario::$variant => $desc, )* }
            }

            /// The acr-health error code this scenario should provoke, if any.
            pub fn expected_code(&self) -> Option<&'static str> {
                match self { $( Scenario::$variant => $code, )* }
            }
        }
    };
}

scenarios! {
    Healthy => "healthy", None,
        "everything works: DNS, TLS, challenge, token exchange, pull, ARM and Entra ID";
    Forbidden => "forbidden", Some("CONNECTIVITY_FORBIDDEN_ERROR"),
        "the registry firewall refuses the client: GET /v2/ answers 403 DENIED";
    ChallengeOk => "challenge-ok", Some("CONNECTIVITY_CHALLENGE_ERROR"),
        "GET /v2/ answers 200 without asking for credentials";
    ChallengeNotFound => "challenge-not-found", Some("CONNECTIVITY_CHALLENGE_ERROR"),
        "GET /v2/ answers 404, as a server that is not a registry would";
    ChallengeServerError => "challenge-server-error", Some("CONNECTIVITY_CHALLENGE_ERROR"),
        "GET /v2/ answers 500";
    ChallengeThrottled => "challenge-throttled", Some("CONNECTIVITY_CHALLENGE_ERROR"),
        "GET /v2/ answers 429 TOOMANYREQUESTS with Retry-After: 30";
    ChallengeSpaced => "challenge-spaced", None,
        "the Bearer challenge separates its parameters with \", \" (valid, and what some proxies rewrite it to)";
    ChallengeBasic => "challenge-basic", Some("CONNECTIVITY_AAD_LOGIN_ERROR"),
        "GET /v2/ asks for Basic authentication instead of a Bearer token";
    ChallengeNoService => "challenge-no-service", Some("CONNECTIVITY_AAD_LOGIN_ERROR"),
        "the Bearer challenge names a realm but no service";
    RealmOtherHost => "realm-other-host", Some("UNTRUSTED_REALM_ERROR"),
        "the Bearer challenge sends the client to a token realm on a foreign host";
    ExchangeUnauthorized => "exchange-unauthorized", Some("CONNECTIVITY_REFRESH_TOKEN_ERROR"),
        "POST /oauth2/exchange answers 401";
    ExchangeForbidden => "exchange-forbidden", Some("CONNECTIVITY_REFRESH_TOKEN_ERROR"),
        "POST /oauth2/exchange answers 403";
    ExchangeThrottled => "exchange-throttled", Some("CONNECTIVITY_TOOMANYREQUESTS_ERROR"),
        "POST /oauth2/exchange answers 429 without Retry-After";
    ExchangeThrottledRetryAfter => "exchange-throttled-retry-after", Some("CONNECTIVITY_TOOMANYREQUESTS_ERROR"),
        "POST /oauth2/exchange answers 429 with Retry-After: 30";
    ExchangeServerError => "exchange-server-error", Some("CONNECTIVITY_REFRESH_TOKEN_ERROR"),
        "POST /oauth2/exchange answers 500";
    ExchangeReset => "exchange-reset", Some("CONNECTIVITY_REFRESH_TOKEN_ERROR"),
        "POST /oauth2/exchange drops the connection without answering";
    TokenUnauthorized => "token-unauthorized", Some("CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "POST /oauth2/token answers 401";
    TokenForbidden => "token-forbidden", Some("CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "POST /oauth2/token answers 403";
    TokenThrottled => "token-throttled", Some("CONNECTIVITY_TOOMANYREQUESTS_ERROR"),
        "POST /oauth2/token answers 429";
    TokenReset => "token-reset", Some("CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "POST /oauth2/token drops the connection without answering";
    RepoMissingActions => "repo-missing-actions", Some("CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "repository tokens grant only pull and metadata_read (no push, delete, metadata_write)";
    UntrustedCert => "untrusted-cert", Some("CONNECTIVITY_SSL_ERROR"),
        "the login server presents a certificate from a CA the client does not trust";
    WrongHostCert => "wrong-host-cert", Some("CONNECTIVITY_SSL_ERROR"),
        "the login server presents a certificate for another host name";
    ExpiredCert => "expired-cert", Some("CONNECTIVITY_SSL_ERROR"),
        "the login server presents a certificate that has expired";
    Slow => "slow", None,
        "every login server reply is delayed by 2 seconds";
    SlowChallenge => "slow-challenge", None,
        "GET /v2/ answers after 22 seconds: longer than acr-health's default --timeout of 20 s, and az sets no timeout";
    SlowHandshake => "slow-handshake", None,
        "the login server waits 2 seconds before every TLS handshake, then completes it with its trusted certificate";
    Hang => "hang", Some("CONNECTIVITY_CHALLENGE_ERROR"),
        "the login server accepts the connection but never answers GET /v2/";
    OversizedBody => "oversized-body", Some("CONNECTIVITY_REFRESH_TOKEN_ERROR"),
        "the challenge and the token exchange stream 50 MiB bodies";
    MalformedToken => "malformed-token", Some("CONNECTIVITY_REFRESH_TOKEN_ERROR"),
        "POST /oauth2/exchange answers 200 with a body that is not JSON";
    GarbageHeader => "garbage-header", Some("CONNECTIVITY_AAD_LOGIN_ERROR"),
        "the WWW-Authenticate header is cut off inside a quoted value";
    ClockSkew => "clock-skew", None,
        "every login server reply carries a Date two hours in the past";
    DnsNxdomain => "dns-nxdomain", Some("CONNECTIVITY_DNS_ERROR"),
        "DNS answers NXDOMAIN for the login server";
    DnsServfail => "dns-servfail", Some("CONNECTIVITY_DNS_ERROR"),
        "DNS answers SERVFAIL for the login server";
    DnsEmpty => "dns-empty", Some("CONNECTIVITY_DNS_ERROR"),
        "DNS answers NOERROR with no records for the login server";
    DnsTimeout => "dns-timeout", Some("CONNECTIVITY_DNS_ERROR"),
        "DNS never answers queries for the login server";
    Privatelink => "privatelink", None,
        "a private endpoint in ARM, and DNS through privatelink CNAMEs: the login server to loopback, the data endpoint to 127.0.0.5, where nothing listens";
    PrivatelinkDnsMismatch => "privatelink-dns-mismatch", Some("PRIVATE_ENDPOINT_DNS_ERROR"),
        "a private endpoint in ARM, but the data endpoint's name resolves publicly (private DNS zone not linked)";
    PrivatelinkUnresolvable => "privatelink-unresolvable", Some("PRIVATE_ENDPOINT_DNS_ERROR"),
        "a private endpoint in ARM, but DNS answers NXDOMAIN for the data endpoint's name (its record missing from the private zone)";
    PrivatelinkServfail => "privatelink-servfail", Some("PRIVATE_ENDPOINT_DNS_ERROR"),
        "a private endpoint in ARM, but DNS answers SERVFAIL for the data endpoint's name";
    AadInvalidSecret => "aad-invalid-secret", Some("CREDENTIAL_ERROR"),
        "Entra ID rejects the service principal's secret (AADSTS7000215)";
    RegistryNotFound => "registry-not-found", None,
        "ARM does not know the registry (404 ResourceNotFound); clients fall back to the name and the cloud's suffix";
    AadHang => "aad-hang", Some("CREDENTIAL_ERROR"),
        "Entra ID's token endpoint accepts the connection and never answers";
    CmkIdentityMissing => "cmk-identity-missing", Some("CMK_ERROR"),
        "the registry's encryption identity no longer exists in ARM";
    CmkIdentityForbidden => "cmk-identity-forbidden", None,
        "reading the registry's encryption identity answers 403 AuthorizationFailed (az, which cannot tell, reports CMK_ERROR)";
    AnonymousPull => "anonymous-pull", None,
        "the registry hands out pull tokens without credentials";
    AadInteractionRequired => "aad-interaction-required", None,
        "Entra ID demands MFA for the user: the password and refresh-token grants answer interaction_required (AADSTS50076)";
    AadSlowInteractionRequired => "aad-slow-interaction-required", None,
        "Entra ID and ARM wait 2 seconds before every TLS handshake, then Entra ID demands MFA as in aad-interaction-required";
    AadInvalidGrant => "aad-invalid-grant", None,
        "Entra ID refuses the user's refresh token as expired (invalid_grant, AADSTS700082)";
    AadRevokedGrant => "aad-revoked-grant", None,
        "Entra ID refuses the user's refresh token as revoked (invalid_grant, AADSTS50173)";
    AadThrottled => "aad-throttled", Some("CREDENTIAL_ERROR"),
        "Entra ID throttles: client credentials answer 429 with Retry-After: 60 and an AADSTS body (temporarily_unavailable, AADSTS90055); the user's grants answer invalid_grant AADSTS50196";
    AadThrottledPlain => "aad-throttled-plain", Some("CREDENTIAL_ERROR"),
        "Entra ID answers every token request 429 with Retry-After: 60 and the plain-text body 'Too Many Requests'";
    AadUnknownClient => "aad-unknown-client", Some("CREDENTIAL_ERROR"),
        "Entra ID no longer knows the service principal's application (unauthorized_client, AADSTS700016)";
    ArmForbidden => "arm-forbidden", None,
        "every ARM registry read answers 403 AuthorizationFailed";
    ArmPaged => "arm-paged", None,
        "the subscription's registry list comes in two pages joined by nextLink; the registry is on page 2";
    SlowUntrustedCert => "slow-untrusted-cert", Some("CONNECTIVITY_SSL_ERROR"),
        "the login server waits 2 seconds before every TLS handshake, then presents a certificate from a CA the client does not trust";
    HostileCert => "hostile-cert", Some("CONNECTIVITY_SSL_ERROR"),
        "the login server presents an untrusted certificate whose issuer, subject and names hold a screen clear, a terminal title and CR LF";
    HostileBody => "hostile-body", Some("CONNECTIVITY_FORBIDDEN_ERROR"),
        "GET /v2/ answers 403 with a message holding terminal escapes and a forged error line";
    HostileClaims => "hostile-claims", Some("CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "repository tokens grant pull and an action whose name holds terminal escapes and a forged error line";
    ArmNextLinkForeign => "arm-next-link-foreign", None,
        "page 1 of the subscription's registry list links page 2 on a foreign host, which must never get the ARM token";
    ArmHostileIds => "arm-hostile-ids", None,
        "the registry object's own id, its CMK identity and its private endpoint are URLs to a foreign host (@127.0.0.1:<port>/subscriptions/…), which must never get the ARM token";
    ArmHostileNicId => "arm-hostile-nic-id", None,
        "two private endpoints: the first's network interface answers with foreign-host URLs for ids, the second lists a network interface whose id is one";
    PublicAccessDisabled => "public-access-disabled", Some("CONNECTIVITY_FORBIDDEN_ERROR"),
        "ARM says publicNetworkAccess: Disabled (its IP rules still list the client's range); GET /v2/ answers 403 to the client 203.0.113.7";
    ForbiddenRuleCovers => "forbidden-rule-covers", Some("CONNECTIVITY_FORBIDDEN_ERROR"),
        "network rules Deny by default with an IP rule that covers the client 203.0.113.7, yet GET /v2/ answers 403 (a rule the registry has not applied yet)";
    ForbiddenIpv6 => "forbidden-ipv6", Some("CONNECTIVITY_FORBIDDEN_ERROR"),
        "network rules Deny by default with IPv4 rules only; GET /v2/ answers 403 to the IPv6 client 2001:db8::7";
    Quarantine => "quarantine", None,
        "the registry's quarantine policy is enabled: pulls of images not yet marked as scanned fail";
    DataEndpointUnresolvable => "data-endpoint-unresolvable", Some("DATA_PATH_ERROR"),
        "dedicated data endpoints in eastus and westus; DNS answers NXDOMAIN for the westus one";
    DataEndpointBadCert => "data-endpoint-bad-cert", Some("DATA_PATH_ERROR"),
        "dedicated data endpoints in eastus and westus; the westus one resolves, but the certificate it presents does not name it";
    GeoReplicated => "geo-replicated", None,
        "two replications in ARM: eastus (the home region, Ready) and westus (Syncing, region endpoint disabled), each with its data endpoint";
    NoMetadataRead => "no-metadata-read", None,
        "repository tokens grant pull only (no metadata_read), so tags cannot be listed: with --image and a missing tag";
    AdminDisabled => "admin-disabled", None,
        "the admin user is disabled (adminUserEnabled: false in ARM): its password and Basic sign-ins are refused with 401";
    TagsLinkForeign => "tags-link-foreign", None,
        "the tag list's Link header sends page 2 to a foreign host, which must never get the registry token: with --image and a missing tag";
    ArmPreviewUnsupported => "arm-preview-unsupported", None,
        "ARM answers preview api-versions with 400 InvalidApiVersionParameter, so anonymousPullEnabled (a preview-only field) cannot be read";
    ArmOlderApi => "arm-older-api", None,
        "a cloud whose ARM serves registries up to api-version 2024-11-01-preview: newer ones answer 400 NoRegisteredProviderFound, listing the supported versions";
    DnlTenantReuse => "dnl-tenant-reuse", None,
        "the registry has a domain name label (autoGeneratedDomainNameLabelScope TenantReuse, read with 2024-11-01-preview or newer): its login server is simregistry-exfrbuffaye7ceag.azurecr.io, and simregistry.azurecr.io does not resolve";
    DnlNameTaken => "dnl-name-taken", None,
        "as dnl-tenant-reuse (ARM's loginServer is simregistry-exfrbuffaye7ceag.azurecr.io), but simregistry.azurecr.io is another tenant's registry: it resolves, and the login server's listener answers there too, logging the host each request named; ARM answers after 1 second";
    RegionalEndpoints => "regional-endpoints", None,
        "regional endpoints enabled (read with 2026-03-01-preview or newer): simregistry.eastus.geo.azurecr.io and simregistry.westus.geo.azurecr.io answer for the registry";
    DualStack => "dual-stack", None,
        "endpointProtocol IPv4AndIPv6 (read with 2026-03-01-preview or newer): DNS answers AAAA ::1 beside A 127.0.0.1 for the login server and its data endpoint; nothing listens on ::1";
    KubeletNoAcrPull => "kubelet-no-acrpull", Some("KUBELET_ACRPULL_ERROR"),
        "(for acr-health check --node) the kubelet's identities hold no role on the registry: the service principal's password grant answers 401, the exchange still issues refresh tokens, and repository tokens grant no actions";
    TokenClaimsCapitalised => "token-claims-capitalised", Some("CONNECTIVITY_ACCESS_TOKEN_ERROR"),
        "access tokens write their claims with capital keys (Access, Type, Name, Actions) and repository tokens grant pull and metadata_read only";
    CertExpiring => "cert-expiring", None,
        "the login server's certificate is trusted and valid, but ends in 10 days (acr-health serve's certificate expiry gauge)";
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name given is not a scenario; the message lists the valid ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScenario(pub String);

impl fmt::Display for UnknownScenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = ALL.iter().map(Scenario::name).collect();
        write!(
            f,
            "unknown scenario '{}'; valid scenarios: {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownScenario {}

impl FromStr for Scenario {
    type Err = UnknownScenario;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        ALL.iter()
            .copied()
            .find(|sc| sc.name() == wanted)
            .ok_or_else(|| UnknownScenario(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for sc in Scenario::all() {
            assert!(seen.insert(sc.name()), "duplicate {}", sc.name());
            assert_eq!(sc.name().parse::<Scenario>(), Ok(*sc));
            assert!(!sc.description().is_empty());
        }
        assert_eq!(Scenario::default(), Scenario::Healthy);
    }

    #[test]
    fn unknown_name_lists_valid_ones() {
        let err = "nope".parse::<Scenario>().unwrap_err().to_string();
        assert!(err.contains("nope") && err.contains("healthy") && err.contains("dns-timeout"));
    }
}
