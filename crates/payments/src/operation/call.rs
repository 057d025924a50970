//! Phase 2: ask the provider, with no transaction open and no pooled connection held,
//! within the configured timeout. A timeout or a provider error is not an answer: the
//! operation stays PENDING for the webhook or the reconciler.

use crate::Payments;
use crate::provider::{ChargeRequest, PayoutRequest, ProviderOutcome};

use super::ProviderOperation;

impl Payments {
    /// The provider's answer for `op` (sent with its stable key), or `None` when the
    /// outcome is unknown.
    pub(crate) async fn ask_provider(&self, op: &ProviderOperation) -> Option<ProviderOutcome> {
        let call = async {
            match op.purpose.provider_call() {
                "payout" => {
                    let request = PayoutRequest {
                        payee: op.user,
                        amount: op.amount,
                        idempotency_key: op.idempotency_key.clone(),
                    };
                    self.provider.payout(&request).await
                }
                _ => {
                    let request = ChargeRequest {
                        payer: op.user,
                        payment_method: op.payment_method.clone().unwrap_or_default(),
                        amount: op.amount,
                        idempotency_key: op.idempotency_key.clone(),
                    };
                    self.provider.charge(&request).await
                }
            }
        };
        match tokio::time::timeout(self.config.provider_timeout, call).await {
            Ok(Ok(outcome)) => Some(outcome),
            Ok(Err(e)) => {
                tracing::warn!(operation = %op.id, error = %e, "payment provider failed; the operation stays pending");
                None
            }
            Err(_) => {
                tracing::warn!(operation = %op.id, timeout = ?self.config.provider_timeout,
                    "payment provider timed out; the operation stays pending");
                None
            }
        }
    }
}
