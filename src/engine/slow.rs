//! Network phases slow enough to warn about: a connection whose set-up
//! (TCP and TLS) took longer than `SLOW_CONNECT`, a registry token request
//! that took longer than `SLOW_TOKEN` to answer. Each becomes a warning
//! with a code of its own (SLOW_TLS_HANDSHAKE_WARNING,
//! SLOW_TOKEN_REQUEST_WARNING) after the findings of the step it was part
//! of; `-o az` prints neither (az has no such lines).

use std::time::Duration;

use crate::engine::catalog::Message;
use crate::engine::finding::{Failure, Finding};
use crate::sys::timing::{Phase, PhaseKind};

/// A few round trips to another continent; more means something in the
/// path is slow.
pub const SLOW_CONNECT: Duration = Duration::from_secs(1);
/// A token service answers in well under a second from nearby.
pub const SLOW_TOKEN: Duration = Duration::from_secs(2);

fn seconds(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

fn is_token_request(p: &Phase) -> bool {
    p.what.as_deref().is_some_and(|w| {
        let path = w.split_once(' ').map(|(_, p)| p).unwrap_or(w);
        path.ends_with("/oauth2/token") || path.ends_with("/oauth2/exchange")
    })
}

/// The warnings `phases` (one step's) call for, in the order they happened.
pub fn warnings(phases: &[Phase]) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in phases {
        let message = match p.kind {
            PhaseKind::Connect if p.duration > SLOW_CONNECT => {
                Failure::new(Message::SlowTlsHandshake {
                    host: &p.host,
                    took: &seconds(p.duration),
                    limit: &seconds(SLOW_CONNECT),
                })
            }
            PhaseKind::Request if is_token_request(p) && p.duration > SLOW_TOKEN => {
                Failure::new(Message::SlowTokenRequest {
                    what: p.what.as_deref().unwrap_or_default(),
                    host: &p.host,
                    took: &seconds(p.duration),
                    limit: &seconds(SLOW_TOKEN),
                })
            }
            _ => continue,
        };
        let title = message.code.entry().title;
        out.push(Finding::coded_warning(message).titled(title));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::Code;

    fn phase(kind: PhaseKind, what: Option<&str>, ms: u64) -> Phase {
        let p = Phase::new(
            kind,
            "r.azurecr.io",
            std::time::Instant::now(),
            Duration::from_millis(ms),
        );
        match what {
            Some(w) => p.with_what(w),
            None => p,
        }
    }

    #[test]
    fn only_slow_handshakes_and_token_requests_warn() {
        let phases = [
            phase(PhaseKind::Connect, None, 900),
            phase(PhaseKind::Connect, None, 1500),
            phase(PhaseKind::Request, Some("GET /v2/"), 5000),
            phase(PhaseKind::Request, Some("POST /oauth2/token"), 1900),
            phase(PhaseKind::Request, Some("POST /oauth2/exchange"), 2100),
            phase(PhaseKind::Dns, None, 9000),
        ];
        let found: Vec<(Code, String)> = warnings(&phases)
            .into_iter()
            .map(|f| (f.code().unwrap(), f.line))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Code::SlowTlsHandshakeWarning,
                    "Setting up the connection to 'r.azurecr.io' (TCP and the TLS handshake) took 1.5 s, more than 1.0 s.".to_owned()
                ),
                (
                    Code::SlowTokenRequestWarning,
                    "The token request POST /oauth2/exchange to 'r.azurecr.io' took 2.1 s to answer, more than 2.0 s.".to_owned()
                ),
            ]
        );
    }
}
