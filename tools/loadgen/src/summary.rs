//! The run's figures as rows of the benchmark table: one per one-request scenario (its
//! requests per second), and for a journey one row for the whole journey (completed
//! journeys per second, the journey's p50/p99, broken journeys as errors) followed by one
//! row per step (`workup: fund`). Counts and rates are goose's; latencies come from
//! `timing` (see there why).

use goose::metrics::GooseMetrics;

use crate::scenarios::is_journey;
use crate::{call, timing};

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub scenario: String,
    pub rate: f64,
    pub unit: &'static str,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    pub note: String,
}

pub fn rows(metrics: &GooseMetrics) -> Vec<Row> {
    let seconds = metrics.duration.max(1) as f64;
    let mut rows = Vec::new();
    for (i, scenario) in metrics.scenarios.iter().enumerate() {
        let steps = metrics.transactions.get(i).map_or(&[][..], Vec::as_slice);
        if is_journey(&scenario.name) {
            let Some(last) = steps.last() else { continue };
            let (p50_ms, p99_ms) = timing::percentiles(&scenario.name);
            rows.push(Row {
                scenario: scenario.name.clone(),
                rate: last.success_count as f64 / seconds,
                unit: "journeys/s",
                p50_ms,
                p99_ms,
                errors: last.fail_count as u64,
                note: format!(
                    "{} completed, {} users; {} requests retried after 503 overloaded",
                    last.success_count,
                    metrics.maximum_users,
                    call::retries()
                ),
            });
            for step in steps {
                let key = format!("{}: {}", scenario.name, step.transaction_name);
                let (p50_ms, p99_ms) = timing::percentiles(&key);
                rows.push(Row {
                    scenario: key,
                    rate: step.counter as f64 / seconds,
                    unit: "steps/s",
                    p50_ms,
                    p99_ms,
                    errors: step.fail_count as u64,
                    note: String::new(),
                });
            }
        } else {
            for step in steps {
                let (p50_ms, p99_ms) = timing::percentiles(&scenario.name);
                rows.push(Row {
                    scenario: scenario.name.clone(),
                    rate: step.counter as f64 / seconds,
                    unit: "req/s",
                    p50_ms,
                    p99_ms,
                    errors: step.fail_count as u64,
                    note: format!("{} users", metrics.maximum_users),
                });
            }
        }
    }
    rows
}

/// `scenario rate unit p50_ms p99_ms errors note`, tab-separated, one row a line.
pub fn to_tsv(rows: &[Row]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "{}\t{:.1}\t{}\t{:.2}\t{:.2}\t{}\t{}\n",
                r.scenario, r.rate, r.unit, r.p50_ms, r.p99_ms, r.errors, r.note
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_tab_separated_in_the_benchmark_table_order() {
        let row = Row {
            scenario: "workup: fund".into(),
            rate: 4.25,
            unit: "steps/s",
            p50_ms: 12.345,
            p99_ms: 80.0,
            errors: 1,
            note: String::new(),
        };
        assert_eq!(
            to_tsv(&[row]),
            "workup: fund\t4.2\tsteps/s\t12.35\t80.00\t1\t\n"
        );
    }
}
