//! Notifications routes: the in-app list and marking read (a stranger cannot read or mark
//! another's), e-mail preferences, the unsubscribe link without a login, and a journey
//! through the routes with a real SMTP server that goes down and comes back.

mod in_app;
mod journey;
mod preferences;
mod unsubscribe;

use std::sync::Arc;

use openlance_bus::{Bus, InProcessBus, Relay, RelaySettings};
use openlance_core::{Clock, Event};
use openlance_http::testing::{TestApp, TestUser};
use openlance_jobs::events::ProposalReceived;

/// Delivers what the outbox holds to every consumer the app runs (what `serve` does).
pub async fn relay_all(app: &TestApp) {
    let bus = Arc::new(InProcessBus::new(app.state.db.clone(), app.clock.clone()));
    for consumer in openlance_http::consumers(&app.state) {
        bus.subscribe(consumer);
    }
    let relay = Relay::new(
        app.state.db.clone(),
        bus as Arc<dyn Bus>,
        app.clock.clone(),
        RelaySettings::default(),
    );
    while relay.run_once().await.unwrap() > 0 {}
}

/// Sends every e-mail due now; returns how many went.
pub async fn send_due(app: &TestApp) -> usize {
    let mut sent = 0;
    loop {
        let n = app
            .state
            .notifications
            .run_deliveries_once(app.clock.now())
            .await
            .unwrap();
        if n == 0 {
            return sent;
        }
        sent += n;
    }
}

/// Tells `client` of a proposal `n` on their job, `n` seconds after now.
pub async fn proposal_for(app: &TestApp, client: &TestUser, n: i64) {
    let event = Event::of(
        &ProposalReceived {
            proposal_id: format!("p-{n}"),
            job_id: "j-1".into(),
            client_id: client.id.clone(),
            freelancer_id: "0190f4c2-0000-7000-8000-000000000001".into(),
        },
        app.clock.now() + chrono::Duration::seconds(n),
    );
    assert!(app.state.notifications.record(&event).await.unwrap());
}
