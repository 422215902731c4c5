//! The tenant's user as the Azure CLI signs them in: the password and refresh-token grants at
//! Entra ID's token endpoint, and what they hand back (a user access token, an id_token,
//! `client_info` and a new refresh token, all for the Azure CLI's client id).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use subtle::ConstantTimeEq;

use crate::services::entra_reply::entra_error;
use crate::wire::jwt::now;
use crate::world::ctx::Ctx;
use crate::world::ids::AZURE_CLI_CLIENT_ID;
use crate::world::scenario::Scenario;

/// How long a refresh token lives: Entra's default inactivity window.
const REFRESH_LIFETIME_SECS: u64 = 90 * 86_400;
/// Domain separation: a refresh token's MAC never verifies as a JWT's, and the other way round.
const REFRESH_MAC_CONTEXT: &str = "acr-sim refresh token";
/// Access tokens from the user grants live as long as the client-credentials ones.
const USER_TOKEN_SECS: i64 = 3599;

/// A v1 access token for the user, issued to the Azure CLI, as ARM and ACR receive it.
pub(crate) fn issue_user_token(ctx: &Ctx, audience: &str, expires_in_secs: i64) -> String {
    let t = now() as i64;
    let ids = &ctx.ids;
    ctx.signer.sign(&json!({
        "aud": audience,
        "iss": format!("https://sts.windows.net/{}/", ids.tenant_id),
        "iat": t,
        "nbf": t - 60,
        // Never below 0, so an "already expired" token still parses (and fails on `exp`).
        "exp": (t + expires_in_secs).max(0),
        "tid": ids.tenant_id,
        "oid": ids.user_object_id,
        "sub": "Vq3p0uV9d8sH0m7Yk2xQ1n4bZc6aLw5eRt8yUiOp9As",
        "appid": AZURE_CLI_CLIENT_ID,
        "appidacr": "0",
        "idtyp": "user",
        "upn": ids.user_name,
        "unique_name": ids.user_name,
        "name": ids.user_display_name,
        "scp": "user_impersonation",
        "amr": ["pwd"],
        "ver": "1.0",
    }))
}

/// The OpenID Connect id_token MSAL reads the account from (it does not check the signature).
pub(crate) fn id_token(ctx: &Ctx) -> String {
    let t = now();
    let ids = &ctx.ids;
    ctx.signer.sign(&json!({
        "aud": AZURE_CLI_CLIENT_ID,
        "iss": format!("{}/{}/v2.0", ctx.authority_host(), ids.tenant_id),
        "iat": t,
        "nbf": t - 60,
        "exp": t + 3600,
        "name": ids.user_display_name,
        "oid": ids.user_object_id,
        "preferred_username": ids.user_name,
        "sub": "q0Wm3nX7b2Vc9Zl4Kd8Jh1Gf6Sa5Pe0Ro3Iu7Yt2Ex",
        "tid": ids.tenant_id,
        "ver": "2.0",
    }))
}

/// `client_info`: MSAL builds the account's `home_account_id` (`uid.utid`) from it.
pub(crate) fn client_info(ctx: &Ctx) -> String {
    URL_SAFE_NO_PAD
        .encode(json!({"uid": ctx.ids.user_object_id, "utid": ctx.ids.tenant_id}).to_string())
}

/// A refresh token for the user. Opaque to clients like Entra's (`1.` then base64url of bytes
/// that are not JSON, so nothing decodes it as a JWT), but MAC'd so the simulator can tell its
/// own from made-up ones.
pub(crate) fn refresh_token(ctx: &Ctx) -> String {
    // Version byte, expiry, then random bytes so every token differs.
    let mut payload = vec![1u8];
    payload.extend((now() + REFRESH_LIFETIME_SECS).to_be_bytes());
    let mut nonce = [0u8; 16];
    let _ = crate::wire::jwt::fill_random(&mut nonce);
    payload.extend(nonce);
    let body = URL_SAFE_NO_PAD.encode(payload);
    let mac = ctx
        .signer
        .mac(format!("{REFRESH_MAC_CONTEXT}.{body}").as_bytes());
    format!("1.{body}.{}", URL_SAFE_NO_PAD.encode(mac))
}

/// Whether `token` is an unexpired refresh token this simulator gave its user.
fn refresh_token_valid(ctx: &Ctx, token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some("1"), Some(body), Some(mac), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Ok(mac) = URL_SAFE_NO_PAD.decode(mac) else {
        return false;
    };
    if !ctx
        .signer
        .mac_ok(format!("{REFRESH_MAC_CONTEXT}.{body}").as_bytes(), &mac)
    {
        return false;
    }
    let payload = URL_SAFE_NO_PAD.decode(body).unwrap_or_default();
    let exp = payload
        .get(1..9)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes);
    payload.first() == Some(&1) && exp.is_some_and(|exp| exp > now())
}

fn same(a: &str, b: &str) -> bool {
    // ct_eq is false for different lengths; only the length leaks, as before.
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Serve `grant_type=password` or `grant_type=refresh_token` (`grant_type` is one of them).
pub(crate) fn grant(ctx: &Ctx, grant_type: &str, form: &[(String, String)]) -> Response {
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    // entra::token has checked that the client id is there.
    let client_id = field("client_id").unwrap_or("");
    // The simulated user has consented to the Azure CLI only.
    if !client_id.eq_ignore_ascii_case(AZURE_CLI_CLIENT_ID) {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{}'.",
                ctx.ids.tenant_id
            ),
        );
    }
    let scope = field("scope").unwrap_or("");
    let Some(resource) = scope
        .split_whitespace()
        .find_map(|s| s.strip_suffix("/.default"))
    else {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            70011,
            &format!(
                "The provided request must include a resource scope ending in '/.default'; got '{scope}'."
            ),
        );
    };
    // The audience Entra stamps keeps the resource's trailing slash (ARM's `…net/`).
    let audience = resource.to_string();
    if grant_type == "password" {
        let user_ok = field("username").is_some_and(|u| u.eq_ignore_ascii_case(ctx.ids.user_name));
        let password_ok = field("password").is_some_and(|p| same(p, ctx.ids.user_password));
        if !(user_ok && password_ok) {
            return entra_error(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                50126,
                "Error validating credentials due to invalid username or password.",
            );
        }
    } else {
        let token = field("refresh_token").unwrap_or("");
        if !refresh_token_valid(ctx, token) {
            return entra_error(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                70008,
                "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
            );
        }
        if ctx.scenario == Scenario::AadInvalidGrant {
            return entra_error(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                700082,
                "The refresh token has expired due to inactivity. The token was issued on 2025-01-15T09:30:00.0000000Z and was inactive for 90.00:00:00.",
            );
        }
        if ctx.scenario == Scenario::AadRevokedGrant {
            return entra_error(
                StatusCode::BAD_REQUEST,
                "invalid_grant",
                50173,
                "The provided grant has expired because it was revoked; a fresh sign-in is needed. The user may have changed or reset their password.",
            );
        }
    }
    // Entra throttles a user's grants with a loop error, not a 429.
    if ctx.scenario == Scenario::AadThrottled {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            50196,
            "The server ended the operation because it met a client request loop. Make sure the app is not asking for tokens again and again.",
        );
    }
    if matches!(
        ctx.scenario,
        Scenario::AadInteractionRequired | Scenario::AadSlowInteractionRequired
    ) {
        return entra_error(
            StatusCode::BAD_REQUEST,
            "interaction_required",
            50076,
            &format!(
                "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'."
            ),
        );
    }
    let granted = format!("{resource}/user_impersonation {resource}/.default");
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        json!({
            "token_type": "Bearer",
            "scope": granted,
            "expires_in": USER_TOKEN_SECS,
            "ext_expires_in": USER_TOKEN_SECS,
            "access_token": issue_user_token(ctx, &audience, USER_TOKEN_SECS),
            "refresh_token": refresh_token(ctx),
            "foci": "1",
            "id_token": id_token(ctx),
            "client_info": client_info(ctx),
        })
        .to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("hunter2", "hunter2"));
        assert!(same("", ""));
        assert!(!same("hunter2", "hunter3"));
        // A prefix or an extension is not the password.
        assert!(!same("hunter2", "hunter"));
        assert!(!same("hunter", "hunter2"));
    }
}
