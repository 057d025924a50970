//! A migrated database, a manual clock and the jobs service, plus small helpers.

use std::sync::Arc;

use chrono::NaiveDate;
use openlance_core::id::UserId;
use openlance_core::{Currency, ManualClock, Money};
use openlance_jobs::{
    Experience, Job, JobDuration, Jobs, Milestone, NewJob, NewProposal, Proposal,
};
use openlance_storage::testing::TestDb;
use openlance_storage::{Db, Row};

pub struct Harness {
    pub jobs: Jobs,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    _db: TestDb,
}

pub fn usd(amount: i64) -> Money {
    Money::new(amount, Currency::USD)
}

impl Harness {
    pub async fn new() -> Self {
        let migrations = [openlance_bus::MIGRATIONS, openlance_jobs::MIGRATIONS].concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        Self {
            jobs: Jobs::new(db.clone(), clock.clone()),
            db,
            clock,
            _db: test_db,
        }
    }

    pub fn today(&self) -> NaiveDate {
        openlance_core::Clock::now(&*self.clock).date_naive()
    }

    pub async fn post(
        &self,
        client: UserId,
        title: &str,
        description: &str,
        skills: &[&str],
    ) -> Job {
        self.jobs
            .post_job(
                client,
                NewJob {
                    title: title.into(),
                    description: description.into(),
                    skills: skills.iter().map(|s| s.to_string()).collect(),
                    budget: Some(usd(50_000)),
                    experience: Some(Experience::Intermediate),
                    duration: Some(JobDuration::LessThanAMonth),
                    ..NewJob::default()
                },
            )
            .await
            .unwrap()
    }

    pub fn proposal_body(&self, amounts: &[i64]) -> NewProposal {
        NewProposal {
            cover_letter: "I have done this before.".into(),
            duration: JobDuration::LessThanAMonth,
            milestones: amounts
                .iter()
                .enumerate()
                .map(|(i, a)| Milestone {
                    description: format!("milestone {}", i + 1),
                    amount: usd(*a),
                    due_date: self.today() + chrono::Days::new(7 * (i as u64 + 1)),
                })
                .collect(),
            attachments: vec![],
        }
    }

    pub async fn propose(&self, freelancer: UserId, job: &Job) -> Proposal {
        self.jobs
            .submit_proposal(freelancer, job.id, self.proposal_body(&[10_000]))
            .await
            .unwrap()
    }

    /// Rows of `table` (for "nothing was written" checks).
    pub async fn count(&self, table: &str, condition: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) AS n FROM {table} WHERE {condition}");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_one(self.db.reader())
            .await
            .unwrap();
        row.try_get("n").unwrap()
    }

    /// Kinds of the events in the outbox, oldest first.
    pub async fn event_kinds(&self) -> Vec<String> {
        let rows = sqlx::query("SELECT kind FROM outbox ORDER BY seq")
            .fetch_all(self.db.reader())
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get("kind").unwrap()).collect()
    }
}
