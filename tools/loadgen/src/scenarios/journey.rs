//! The state a journey carries from one step (goose transaction) to the next, in the
//! user's session. A step that fails breaks the journey: its remaining steps fail at once
//! with the same request (so the last step's failures count the broken journeys, and its
//! successes the completed ones) until the first step starts a new journey.

use std::time::Instant;

use goose::metrics::GooseRequestMetric;
use goose::prelude::*;

use crate::call::{StepResult, failed};
use crate::timing;

pub trait Journey: Default + Send + Sync + 'static {
    /// The request that broke this journey, if one did.
    fn broken(&mut self) -> &mut Option<GooseRequestMetric>;
    /// When its first step began.
    fn began(&mut self) -> &mut Option<Instant>;
}

/// A new journey, for the first step.
pub fn start<J: Journey>() -> J {
    let mut journey = J::default();
    *journey.began() = Some(Instant::now());
    journey
}

/// The journey in progress, or the failure that broke it.
pub fn resume<J: Journey>(user: &mut GooseUser) -> StepResult<J> {
    let mut journey = user
        .get_session_data_mut::<J>()
        .map(std::mem::take)
        .unwrap_or_default();
    if let Some(request) = journey.broken().clone() {
        user.set_session_data(journey);
        return Err(failed(request));
    }
    Ok(journey)
}

/// Stores the journey back, broken if the step failed.
pub fn store<J: Journey>(
    user: &mut GooseUser,
    mut journey: J,
    result: StepResult<()>,
) -> TransactionResult {
    if let Err(e) = &result
        && let TransactionError::RequestFailed { raw_request } = e.as_ref()
    {
        *journey.broken() = Some(raw_request.clone());
    }
    user.set_session_data(journey);
    result
}

/// Stores the journey after its last step; a completed journey is timed as `name`.
pub fn finish<J: Journey>(
    user: &mut GooseUser,
    name: &str,
    mut journey: J,
    result: StepResult<()>,
) -> TransactionResult {
    if result.is_ok()
        && let Some(began) = *journey.began()
    {
        timing::record(name, began);
    }
    store(user, journey, result)
}
