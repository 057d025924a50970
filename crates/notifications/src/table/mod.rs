//! The table: for each event kind, who is told, what kind of notification it is, what it
//! says and where it links. One entry per event kind, grouped by the context that emits
//! it; an event kind with no entry tells nobody. Entries only decode the typed payload and
//! build [`Notice`]s: no database, no network, so the table is checked as data
//! (`docs/notifications.md` lists it for people).

mod accounts;
mod contracts;
mod jobs;
mod orders;
mod payments;
mod reviews;

use openlance_core::id::UserId;
use openlance_core::{Event, EventPayload};

use crate::notice::Notice;

/// What an entry may use besides its event.
pub(crate) struct Facts<'a> {
    /// The marketplace's name, for the welcome.
    pub marketplace: &'a str,
}

type Route = fn(&Event, &Facts<'_>) -> Result<Vec<Notice>, String>;

/// One row of the table.
pub(crate) struct Entry {
    pub event: &'static str,
    route: Route,
}

/// `entry!(Payload, |p, facts| vec![…])`: decodes the event as `Payload` (a payload that
/// does not decode is an error, never a silent drop) and builds its notices.
macro_rules! entry {
    ($payload:ty, |$p:ident, $facts:ident| $notices:expr) => {
        $crate::table::Entry::new(
            <$payload as openlance_core::EventPayload>::KIND,
            |event, facts| {
                let $p: $payload = $crate::table::decode(event)?;
                let $facts = facts;
                let _ = &$facts;
                Ok($notices)
            },
        )
    };
}
pub(crate) use entry;

impl Entry {
    pub(crate) const fn new(event: &'static str, route: Route) -> Self {
        Self { event, route }
    }
}

/// Every entry, by emitting context.
const TABLE: &[&[Entry]] = &[
    accounts::ENTRIES,
    payments::ENTRIES,
    jobs::ENTRIES,
    contracts::ENTRIES,
    orders::ENTRIES,
    reviews::ENTRIES,
];

fn entries() -> impl Iterator<Item = &'static Entry> {
    TABLE.iter().flat_map(|group| group.iter())
}

/// Whether events of `kind` tell anyone.
pub(crate) fn wants(kind: &str) -> bool {
    entries().any(|e| e.event == kind)
}

/// The notices of `event`: one per recipient (a person named twice is told once).
pub(crate) fn notices(event: &Event, facts: &Facts<'_>) -> Result<Vec<Notice>, String> {
    let Some(entry) = entries().find(|e| e.event == event.kind) else {
        return Ok(Vec::new());
    };
    let mut notices = (entry.route)(event, facts)?;
    let mut seen = Vec::with_capacity(notices.len());
    notices.retain(|n| {
        let first = !seen.contains(&n.recipient);
        seen.push(n.recipient);
        first
    });
    Ok(notices)
}

/// The event kinds the table knows, for docs and tests.
pub fn event_kinds() -> Vec<&'static str> {
    entries().map(|e| e.event).collect()
}

pub(crate) fn decode<P: EventPayload>(event: &Event) -> Result<P, String> {
    event
        .decode::<P>()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("event {} is not a {}", event.id, P::KIND))
}

/// A user id carried as text in a payload.
pub(crate) fn user(id: &str) -> Result<UserId, String> {
    UserId::parse(id).map_err(|_| format!("'{id}' is not a user id"))
}

/// A payload's free text (a reason, a message) quoted, cut to a readable length.
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 300;
    let text = text.trim();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("“{}…”", &text[..cut]),
        None => format!("“{text}”"),
    }
}

/// Minor units and a currency code, for people.
pub(crate) fn money(amount: i64, currency: &str) -> String {
    match openlance_core::Currency::parse(currency) {
        Ok(c) => openlance_core::Money::new(amount, c).to_string(),
        Err(_) => format!("{amount} {currency} (minor units)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_kind_has_one_entry() {
        let mut kinds = event_kinds();
        let n = kinds.len();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), n, "an event kind is listed twice");
        assert!(wants("contracts.milestone_submitted"));
        assert!(!wants("jobs.job_posted"));
    }

    #[test]
    fn quotes_are_cut() {
        assert_eq!(quote(" fine "), "“fine”");
        let long = "é".repeat(400);
        assert_eq!(quote(&long).chars().count(), 300 + 3);
        assert_eq!(money(1234, "USD"), "12.34 USD");
    }
}
