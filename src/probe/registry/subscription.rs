//! `--subscription` as az's argument parser takes it (azure-cli-core,
//! `register_global_subscription_argument`): a value az's profile lists by
//! neither id nor name gets az's warning before anything else runs. Under
//! our own rules the login-server step says what it means instead.

use std::sync::Arc;

use crate::engine::catalog;
use crate::engine::finding::Finding;
use crate::engine::pipeline::{BoxFuture, Probe, Report};
use crate::probe::registry::context::{SharedCredential, SubscriptionPick};

/// az's "not recognized" warning, for a `--subscription` (not az's
/// configured default, which az takes without a word) its profile lacks.
pub struct SubscriptionArgumentProbe(pub Arc<SharedCredential>);

impl Probe for SubscriptionArgumentProbe {
    type Needs = ();
    type Output = ();
    fn run(&self, _: ()) -> BoxFuture<'_, Report<()>> {
        Box::pin(async move {
            let mut out = vec![];
            if let SubscriptionPick::Unknown {
                value,
                from: "--subscription",
                ..
            } = self.0.subscription_pick()
            {
                out.push(Finding::warning(catalog::az_subscription_not_recognized(
                    value,
                )));
            }
            out.into()
        })
    }
}
