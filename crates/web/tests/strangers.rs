//! Someone else's order, contract or proposal is the site's 404 on every page and move, and
//! nothing changes; the parties' notification links lead to the right pages (both engines).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure is the test failing"
)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Utc;
use openlance_catalog::{Category, Delivery, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};
use openlance_http::testing::TestApp;
use openlance_jobs::{JobDuration, Milestone, NewJob, NewProposal};
use openlance_orders::{NewOrder, OrderStatus};
use tower::ServiceExt;

const CSRF: &str = "cccccccccccccccccccccccccccccccccccccccccc";

fn get(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, format!("openlance_session={token}"))
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, token: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(
            header::COOKIE,
            format!("openlance_session={token}; openlance_csrf={CSRF}"),
        )
        .body(Body::from(format!("csrf={CSRF}&{body}")))
        .unwrap()
}

#[tokio::test]
async fn a_stranger_gets_404_on_someone_elses_order_and_contract() {
    let app = TestApp::new().await;
    let state = app.state.clone();
    let seller = app.register("seller@example.com", &["FREELANCER"]).await;
    let buyer = app.register("buyer@example.com", &["CLIENT"]).await;
    let stranger = app
        .register("stranger@example.com", &["CLIENT", "FREELANCER"])
        .await;
    let id = |u: &openlance_http::testing::TestUser| UserId::parse(&u.id).unwrap();
    let usd = Currency::parse("USD").unwrap();

    let listing = state
        .catalog
        .list_service(
            id(&seller),
            NewListing {
                title: "Dog walking".into(),
                description: "An hour.".into(),
                category: Category::HomeAndPets,
                price: Money::new(4000, usd),
                deposit_percent: Some(50),
                delivery: Delivery::Days(3),
                location: None,
                remote: true,
                tags: vec![],
                image_links: vec![],
            },
        )
        .await
        .unwrap();
    let new = NewOrder {
        requirements: "Rex".into(),
        scheduled_for: None,
    };
    let order = state
        .orders
        .place(id(&buyer), &listing.id.to_string(), new)
        .await
        .unwrap();

    let job = state
        .jobs
        .post_job(
            id(&buyer),
            NewJob {
                title: "A logo".into(),
                description: "For a bakery.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let proposal = NewProposal {
        cover_letter: "I draw logos.".into(),
        duration: JobDuration::LessThanAMonth,
        milestones: vec![Milestone {
            description: "Three concepts".into(),
            amount: Money::new(30000, usd),
            due_date: Utc::now().date_naive() + chrono::Duration::days(30),
        }],
        attachments: vec![],
    };
    let proposal = state
        .jobs
        .submit_proposal(id(&seller), job.id, proposal)
        .await
        .unwrap();
    let accepted = state
        .jobs
        .accept_proposal(
            id(&buyer),
            job.id,
            proposal.id,
            state.contract_opener.as_ref(),
        )
        .await
        .unwrap();
    let contract = accepted.contract_id;
    let milestone = state
        .contracts
        .milestones(
            id(&buyer),
            openlance_contracts::ContractId::parse(&contract).unwrap(),
        )
        .await
        .unwrap()[0]
        .id;

    let site =
        openlance_http::router_with_site(state.clone(), Some(openlance_web::site(state.clone())));
    let t = &stranger.token;
    let op = "op=aaaaaaaaaaaaaaaaaaaaaaaa";
    let requests = [
        get(&format!("/orders/{}", order.id), t),
        get(&format!("/orders/{}/checkout?step=deposit", order.id), t),
        post(&format!("/orders/{}/accept", order.id), t, ""),
        post(&format!("/orders/{}/cancel", order.id), t, ""),
        post(
            &format!("/orders/{}/pay", order.id),
            t,
            "step=deposit&method=pm_card_visa",
        ),
        get(&format!("/contracts/{contract}"), t),
        get(&format!("/proposals/{}", proposal.id), t),
        post(
            &format!("/contracts/{contract}/milestones/{milestone}/fund"),
            t,
            op,
        ),
        post(
            &format!("/contracts/{contract}/milestones/{milestone}/progress"),
            t,
            op,
        ),
        post(
            &format!("/jobs/{}/proposals/{}/accept", job.id, proposal.id),
            t,
            "",
        ),
    ];
    for req in requests {
        let what = format!("{} {}", req.method(), req.uri());
        let res = site.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{what}");
    }
    // The links e-mails and notifications carry lead the parties to the page showing it.
    let links = [
        (
            get(&format!("/proposals/{}", proposal.id), &buyer.token),
            format!("/jobs/{}", job.id),
        ),
        (
            get(
                &format!("/contracts/{contract}/milestones/{milestone}"),
                &seller.token,
            ),
            format!("/contracts/{contract}"),
        ),
        (
            get(&format!("/contracts/{contract}/terminations"), &buyer.token),
            format!("/contracts/{contract}"),
        ),
    ];
    for (req, to) in links {
        let what = format!("{} {}", req.method(), req.uri());
        let res = site.clone().oneshot(req).await.unwrap();
        assert!(res.status().is_redirection(), "{what}: {}", res.status());
        assert_eq!(res.headers()[header::LOCATION], to.as_str(), "{what}");
    }
    let unchanged = state.orders.order(id(&buyer), order.id).await.unwrap();
    assert_eq!(unchanged.status, OrderStatus::Requested);
    assert!(
        state
            .payments
            .wallet(id(&stranger))
            .await
            .unwrap()
            .is_empty(),
        "the stranger was charged nothing"
    );
}
