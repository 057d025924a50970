//! E-mail preferences per kind: every kind listed, one turned off and on again, security
//! kinds refused (422) and unknown kinds or fields refused (400) with nothing changed; one
//! person's settings are not another's.

use openlance_http::testing::TestApp;
use serde_json::{Value, json};

use crate::jobs::assert_problem;

const PREFERENCES: &str = "/api/v1/notifications/preferences";

fn setting(res: &Value, kind: &str) -> Value {
    res["preferences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {res}"))
        .clone()
}

#[tokio::test]
async fn a_person_turns_one_kind_off_and_on_but_never_a_security_kind() {
    let app = TestApp::new().await;
    let ada = app.register("ada@example.com", &["CLIENT"]).await;
    let bob = app.register("bob@example.com", &["CLIENT"]).await;

    let res = app.get(PREFERENCES, Some(&ada.token)).await;
    assert_eq!(res.status, 200, "{}", res.text);
    let all = res.json["preferences"].as_array().unwrap();
    assert!(all.iter().all(|p| p["email"] == true));
    assert_eq!(setting(&res.json, "password_reset")["required"], true);
    assert_eq!(setting(&res.json, "proposal_received")["required"], false);

    let off = json!({"preferences": [{"kind": "proposal_received", "email": false}]});
    let res = app.put(PREFERENCES, Some(&ada.token), off).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert_eq!(setting(&res.json, "proposal_received")["email"], false);
    assert_eq!(setting(&res.json, "welcome")["email"], true);
    let theirs = app.get(PREFERENCES, Some(&bob.token)).await;
    assert_eq!(
        setting(&theirs.json, "proposal_received")["email"],
        true,
        "Bob's stay on"
    );

    for (body, status, code) in [
        (
            json!({"preferences": [{"kind": "welcome", "email": false}, {"kind": "password_changed", "email": false}]}),
            422,
            "security_notification",
        ),
        (
            json!({"preferences": [{"kind": "welcome", "email": false}, {"kind": "nope", "email": false}]}),
            400,
            "validation_failed",
        ),
        (
            json!({"preferences": [{"kind": "welcome", "email": false, "sms": true}]}),
            400,
            "",
        ),
        (
            json!({"preferences": [{"kind": "welcome", "email": "no"}]}),
            400,
            "",
        ),
        (json!({"preferences": {"welcome": false}}), 400, ""),
        (json!({}), 400, ""),
    ] {
        let res = app.put(PREFERENCES, Some(&ada.token), body.clone()).await;
        assert_problem(&res, status, code);
        let now = app.get(PREFERENCES, Some(&ada.token)).await;
        assert_eq!(
            setting(&now.json, "welcome")["email"],
            true,
            "nothing changed by {body}"
        );
    }
    let on = json!({"preferences": [{"kind": "proposal_received", "email": true}, {"kind": "password_changed", "email": true}]});
    let res = app.put(PREFERENCES, Some(&ada.token), on).await;
    assert_eq!(res.status, 200, "{}", res.text);
    assert!(
        res.json["preferences"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["email"] == true)
    );
}
