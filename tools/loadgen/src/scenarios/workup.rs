//! The WorkUp journey over the REST API. Each simulated user is a pair of people: when it
//! starts, a client and a freelancer register and log in (once, as people do); then, over and
//! over, the client posts a job, the freelancer proposes two milestones, the client accepts
//! (a contract opens), each milestone is funded into escrow by card, started, submitted,
//! accepted and paid from escrow, and the freelancer withdraws part of the earnings. Each
//! pair has its own client address, so registration throttling per address sees many
//! clients, as in production behind a proxy.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{Days, Utc};
use std::time::Instant;

use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use serde_json::{Value, json};

use super::journey::{self, Journey};
use super::transaction;
use crate::call::{Call, StepResult, address, send};

pub const NAME: &str = "workup";
const PASSWORD: &str = "workup journey password";
/// Journeys started, for their addresses (10.0.0.1 upwards; 10.128.x.y for bookings).
static STARTED: AtomicU32 = AtomicU32::new(0);

#[derive(Default)]
struct Workup {
    addr: String,
    client_email: String,
    freelancer_email: String,
    client: String,
    freelancer: String,
    job: String,
    proposal: String,
    contract: String,
    milestones: Vec<String>,
    began: Option<Instant>,
    broken: Option<GooseRequestMetric>,
}

impl Journey for Workup {
    fn broken(&mut self) -> &mut Option<GooseRequestMetric> {
        &mut self.broken
    }

    fn began(&mut self) -> &mut Option<Instant> {
        &mut self.began
    }
}

pub fn scenario() -> Scenario {
    Scenario::new(NAME)
        .register_transaction(
            transaction(NAME, "register", 1, |u| Box::pin(register(u))).set_on_start(),
        )
        .register_transaction(
            transaction(NAME, "log in", 2, |u| Box::pin(log_in(u))).set_on_start(),
        )
        .register_transaction(transaction(NAME, "post job", 3, |u| Box::pin(post_job(u))))
        .register_transaction(transaction(NAME, "propose", 4, |u| Box::pin(propose(u))))
        .register_transaction(transaction(NAME, "accept proposal", 5, |u| {
            Box::pin(accept_proposal(u))
        }))
        .register_transaction(transaction(NAME, "fund", 6, |u| Box::pin(fund(u))))
        .register_transaction(transaction(NAME, "start", 7, |u| Box::pin(start(u))))
        .register_transaction(transaction(NAME, "submit", 8, |u| Box::pin(submit(u))))
        .register_transaction(transaction(NAME, "accept milestone", 9, |u| {
            Box::pin(accept_milestone(u))
        }))
        .register_transaction(transaction(NAME, "pay", 10, |u| Box::pin(pay(u))))
        .register_transaction(transaction(NAME, "withdraw", 11, |u| Box::pin(withdraw(u))))
}

async fn register(user: &mut GooseUser) -> TransactionResult {
    let mut j: Workup = journey::start();
    let n = STARTED.fetch_add(1, Ordering::Relaxed) % 0x0080_0000;
    j.addr = address(n + 1);
    let id = uuid::Uuid::new_v4().simple();
    j.client_email = format!("wu-client-{id}@example.com");
    j.freelancer_email = format!("wu-free-{id}@example.com");
    let result = async {
        for (email, name, role) in [
            (&j.client_email, "Workup Client", "CLIENT"),
            (&j.freelancer_email, "Workup Freelancer", "FREELANCER"),
        ] {
            let body = json!({"email": email, "password": PASSWORD, "name": name, "roles": [role]});
            let call = Call::post(
                "/api/v1/auth/register",
                "POST /api/v1/auth/register",
                &j.addr,
                Some(&body),
            );
            send(user, call.expect(201)).await?;
        }
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

async fn log_in(user: &mut GooseUser) -> TransactionResult {
    let mut j: Workup = journey::resume(user)?;
    let result = async {
        for client in [true, false] {
            let email = if client {
                &j.client_email
            } else {
                &j.freelancer_email
            };
            let body = json!({"email": email, "password": PASSWORD});
            let call = Call::post(
                "/api/v1/auth/login",
                "POST /api/v1/auth/login",
                &j.addr,
                Some(&body),
            );
            let token = send(user, call).await?.text(user, "/accessToken")?;
            if client {
                j.client = token;
            } else {
                j.freelancer = token;
            }
        }
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

async fn post_job(user: &mut GooseUser) -> TransactionResult {
    // A new journey for the same two people: the accounts and sessions carry over.
    let signed_up: Workup = user
        .get_session_data_mut::<Workup>()
        .map(std::mem::take)
        .unwrap_or_default();
    if signed_up.freelancer.is_empty() {
        // Registering or logging in failed when this user started: every journey fails.
        let broken = signed_up.broken.clone();
        user.set_session_data(signed_up);
        return match broken {
            Some(request) => Err(crate::call::failed(request)),
            None => Ok(()),
        };
    }
    let mut j = Workup {
        addr: signed_up.addr,
        client_email: signed_up.client_email,
        freelancer_email: signed_up.freelancer_email,
        client: signed_up.client,
        freelancer: signed_up.freelancer,
        ..journey::start()
    };
    let result = async {
        let body = json!({"title": "Landing page for a bakery", "description":
            "A one-page site with the menu, opening hours and a map; responsive, fast to load.",
            "budget": 200, "skills": ["HTML", "CSS"], "experience": "INTERMEDIATE",
            "duration": "LESS_THAN_A_MONTH"});
        let call =
            Call::post("/api/v1/jobs", "POST /api/v1/jobs", &j.addr, Some(&body)).token(&j.client);
        j.job = send(user, call.idempotent().expect(201))
            .await?
            .text(user, "/jobId")?;
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

async fn propose(user: &mut GooseUser) -> TransactionResult {
    let mut j: Workup = journey::resume(user)?;
    let result = async {
        let today = Utc::now().date_naive();
        let due = |days| (today + Days::new(days)).to_string();
        let body = json!({"coverLetter": "I build fast sites for small shops.", "jobDuration": "LESS_THAN_A_MONTH",
            "milestones": [{"description": "Design", "amount": 120, "dueDate": due(7)},
                           {"description": "Build", "amount": 80, "dueDate": due(30)}]});
        let path = format!("/api/v1/jobs/{}/proposals", j.job);
        let call = Call::post(&path, "POST /api/v1/jobs/{id}/proposals", &j.addr, Some(&body));
        j.proposal = send(user, call.token(&j.freelancer).idempotent().expect(201))
            .await?
            .text(user, "/id")?;
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

/// The client accepts: a contract opens with the proposal's milestones.
async fn accept_proposal(user: &mut GooseUser) -> TransactionResult {
    let mut j: Workup = journey::resume(user)?;
    let result = async {
        let path = format!("/api/v1/jobs/{}/proposals/{}/accept", j.job, j.proposal);
        let call = Call::post(
            &path,
            "POST /api/v1/jobs/{id}/proposals/{id}/accept",
            &j.addr,
            None,
        );
        j.contract = send(user, call.token(&j.client).idempotent())
            .await?
            .text(user, "/contractId")?;
        let path = format!("/api/v1/contracts/{}/milestones", j.contract);
        let call =
            Call::get(&path, "GET /api/v1/contracts/{id}/milestones", &j.addr).token(&j.client);
        let mut reply = send(user, call).await?;
        j.milestones = reply.json["contractMilestones"]
            .as_array()
            .map(|ms| {
                ms.iter()
                    .filter_map(|m| m["milestoneId"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if j.milestones.len() != 2 {
            return Err(reply.fail(
                user,
                "the contract does not have the proposal's two milestones",
            ));
        }
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

/// One POST per milestone; the answer's `status` must be `expect`.
async fn each_milestone(
    user: &mut GooseUser,
    j: &Workup,
    action: &str,
    token: &str,
    body: &Value,
    expect: &str,
) -> StepResult<()> {
    let name = format!("POST /api/v1/contracts/milestones/{{id}}/{action}");
    for m in &j.milestones {
        let path = format!("/api/v1/contracts/milestones/{m}/{action}");
        let call = Call::post(&path, &name, &j.addr, Some(body))
            .token(token)
            .idempotent();
        let mut reply = send(user, call).await?;
        if reply.json["status"] != expect {
            return Err(reply.fail(user, &format!("the milestone is not {expect}")));
        }
    }
    Ok(())
}

async fn fund(user: &mut GooseUser) -> TransactionResult {
    let j: Workup = journey::resume(user)?;
    let body = json!({"paymentMethod": "pm_card_visa"});
    let result = each_milestone(user, &j, "fund", &j.client, &body, "OPEN").await;
    journey::store(user, j, result)
}

async fn start(user: &mut GooseUser) -> TransactionResult {
    let j: Workup = journey::resume(user)?;
    let result = each_milestone(
        user,
        &j,
        "progress",
        &j.freelancer,
        &json!({}),
        "IN_PROGRESS",
    )
    .await;
    journey::store(user, j, result)
}

async fn submit(user: &mut GooseUser) -> TransactionResult {
    let j: Workup = journey::resume(user)?;
    let result = each_milestone(user, &j, "progress", &j.freelancer, &json!({}), "IN_REVIEW").await;
    journey::store(user, j, result)
}

async fn accept_milestone(user: &mut GooseUser) -> TransactionResult {
    let j: Workup = journey::resume(user)?;
    let body = json!({"evaluatedState": "ACCEPTED"});
    let result = each_milestone(user, &j, "evaluate", &j.client, &body, "ACCEPTED").await;
    journey::store(user, j, result)
}

/// The client pays each accepted milestone's payment request, from the escrow it funded.
async fn pay(user: &mut GooseUser) -> TransactionResult {
    let j: Workup = journey::resume(user)?;
    let result = async {
        let call = Call::get(
            "/api/v1/payments/clients/me/requests",
            "GET /api/v1/payments/clients/me/requests",
            &j.addr,
        )
        .token(&j.client);
        let mut reply = send(user, call).await?;
        let requests: Vec<String> = reply.json["requests"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .filter(|r| r["status"] == "PENDING")
                    .filter_map(|r| r["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if requests.len() != j.milestones.len() {
            return Err(reply.fail(
                user,
                "not one pending payment request per accepted milestone",
            ));
        }
        for id in requests {
            let path = format!("/api/v1/payments/requests/{id}/pay");
            let call = Call::post(
                &path,
                "POST /api/v1/payments/requests/{id}/pay",
                &j.addr,
                None,
            );
            let mut reply = send(user, call.token(&j.client).idempotent()).await?;
            if reply.json["fromEscrow"] != true {
                return Err(reply.fail(user, "not paid from the funded escrow"));
            }
        }
        Ok(())
    }
    .await;
    journey::store(user, j, result)
}

/// The freelancer (paid 200 minus the 10% fee) withdraws 50.00.
async fn withdraw(user: &mut GooseUser) -> TransactionResult {
    let j: Workup = journey::resume(user)?;
    let result = async {
        let body = json!({"amount": {"amount": 5000, "currency": "USD"}});
        let call = Call::post(
            "/api/v1/wallet/withdrawals",
            "POST /api/v1/wallet/withdrawals",
            &j.addr,
            Some(&body),
        );
        send(user, call.token(&j.freelancer).idempotent().expect(201)).await?;
        Ok(())
    }
    .await;
    journey::finish(user, NAME, j, result)
}
