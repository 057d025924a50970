//! Latencies of transactions and whole journeys, kept here rather than read from goose:
//! goose 0.18.1 files transaction and scenario times above 500 ms under the wrong bucket
//! (804 ms is counted as 80 ms, 2.3 s as 20 ms), which would make every slow step look fast.
//! Like goose's own figures, samples that began while users were still being launched are
//! left out; only successful transactions and completed journeys are timed (failures are
//! counted by goose).

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

static FROM: OnceLock<Instant> = OnceLock::new();
static SAMPLES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Samples that begin before `at` (the last user's launch) are not kept.
pub fn measure_from(at: Instant) {
    let _ = FROM.set(at);
}

/// Records that `key` (`workup`, `workup: fund`, `job-read`) took from `began` until now.
pub fn record(key: &str, began: Instant) {
    if FROM.get().is_some_and(|from| began < *from) {
        return;
    }
    let ms = began.elapsed().as_secs_f64() * 1000.0;
    if let Ok(mut samples) = SAMPLES.lock() {
        samples.entry(key.to_string()).or_default().push(ms);
    }
}

/// `(p50, p99)` in milliseconds of `key`'s samples, or zeros without any.
pub fn percentiles(key: &str) -> (f64, f64) {
    let Ok(mut samples) = SAMPLES.lock() else {
        return (0.0, 0.0);
    };
    let Some(times) = samples.get_mut(key) else {
        return (0.0, 0.0);
    };
    times.sort_by(f64::total_cmp);
    (percentile(times, 0.5), percentile(times, 0.99))
}

/// The sample under which `fraction` of the sorted `times` fall (nearest rank).
pub fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (sorted.len() as f64 * fraction).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

/// How long goose takes to launch `users` at `hatch_rate` users a second.
pub fn launch_time(users: usize, hatch_rate: Option<&str>) -> Duration {
    let rate = hatch_rate
        .and_then(|r| r.parse::<f64>().ok())
        .filter(|r| *r > 0.0)
        .unwrap_or(1.0);
    Duration::from_secs_f64(users as f64 / rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let times: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&times, 0.5), 50.0);
        assert_eq!(percentile(&times, 0.99), 99.0);
        assert_eq!(percentile(&times[..1], 0.99), 1.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    #[test]
    fn launch_time_follows_the_hatch_rate() {
        assert_eq!(launch_time(50, Some("50")), Duration::from_secs(1));
        assert_eq!(launch_time(10, Some("2.5")), Duration::from_secs(4));
        assert_eq!(launch_time(3, None), Duration::from_secs(3));
    }

    #[test]
    fn samples_that_began_before_the_launch_ended_are_left_out() {
        let launch_end = Instant::now();
        measure_from(launch_end);
        record("timing-test", launch_end - Duration::from_millis(5));
        record("timing-test", Instant::now());
        assert_eq!(SAMPLES.lock().unwrap()["timing-test"].len(), 1);
    }
}
