//! Every scenario, by the name `--scenarios` selects it with. The two journeys run their
//! steps in order as named transactions and start over when done; the others repeat one
//! request.

mod booking;
mod journey;
mod reads;
mod workup;

use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use goose::prelude::*;

use crate::timing;

/// A named transaction of `scenario` from a closure, timed when it succeeds (see `timing`);
/// `sequence` orders a journey's steps.
pub fn transaction<F>(scenario: &str, name: &str, sequence: usize, f: F) -> Transaction
where
    F: for<'r> Fn(
            &'r mut GooseUser,
        ) -> Pin<Box<dyn Future<Output = TransactionResult> + Send + 'r>>
        + Send
        + Sync
        + 'static,
{
    let key: Arc<str> = if scenario == name {
        name.into()
    } else {
        format!("{scenario}: {name}").into()
    };
    let f = Arc::new(f);
    let timed: TransactionFunction = Arc::new(move |user| {
        let (f, key) = (f.clone(), key.clone());
        Box::pin(async move {
            let began = Instant::now();
            let result = f(user).await;
            if result.is_ok() {
                timing::record(&key, began);
            }
            result
        })
    });
    Transaction::new(timed)
        .set_name(name)
        .set_sequence(sequence)
}

pub struct Entry {
    pub name: &'static str,
    pub scenario: Scenario,
    /// Whether it needs the ids, words and sign-ins collected before the load starts.
    pub needs_world: bool,
}

impl Entry {
    /// The name as goose's `--scenarios` matches it: letters and digits only.
    pub fn machine_name(&self) -> String {
        machine_name(self.name)
    }
}

pub fn machine_name(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// Whether a scenario is a journey (its rate is journeys per second).
pub fn is_journey(name: &str) -> bool {
    matches!(name, workup::NAME | booking::NAME)
}

pub fn all() -> Vec<Entry> {
    let mut all = vec![
        Entry {
            name: workup::NAME,
            scenario: workup::scenario(),
            needs_world: false,
        },
        Entry {
            name: booking::NAME,
            scenario: booking::scenario(),
            needs_world: true,
        },
    ];
    all.extend(reads::all());
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_has_a_distinct_machine_name() {
        let names: Vec<String> = all().iter().map(Entry::machine_name).collect();
        let mut distinct = names.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(names.len(), distinct.len(), "{names:?}");
        assert!(names.contains(&"jobsearchbest".to_string()));
        assert_eq!(names.len(), 12);
    }
}
