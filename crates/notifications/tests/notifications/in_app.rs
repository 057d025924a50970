//! The in-app list: each recipient sees their own notifications, newest first, page by
//! page, with an unread count; marking read touches only the caller's.

use openlance_contracts::events::{ContractCompleted, MilestoneSubmitted};
use openlance_core::{DomainError, Event};
use openlance_notifications::in_app::NotificationId;

use super::Setup;

#[tokio::test]
async fn each_recipient_lists_their_own_newest_first_and_marks_them_read() {
    let s = Setup::new().await;
    let client = s.user("client@example.com").await;
    let freelancer = s.user("freelancer@example.com").await;
    let (c, f) = (client.to_string(), freelancer.to_string());
    for n in 0..5 {
        let submitted = MilestoneSubmitted {
            contract_id: "c-1".into(),
            milestone_id: format!("m-{n}"),
            client_id: c.clone(),
            freelancer_id: f.clone(),
        };
        s.notifications
            .record(&Event::of(&submitted, s.clock_now_plus(n)))
            .await
            .unwrap();
    }
    let done = ContractCompleted {
        contract_id: "c-1".into(),
        client_id: c.clone(),
        freelancer_id: f.clone(),
    };
    s.notifications
        .record(&Event::of(&done, s.clock_now_plus(10)))
        .await
        .unwrap();

    let first = s.notifications.inbox(client, None, 4).await.unwrap();
    assert_eq!(first.unread, 6);
    let titles: Vec<_> = first.page.items.iter().map(|n| n.link.clone()).collect();
    assert_eq!(
        titles,
        [
            "/contracts/c-1",
            "/contracts/c-1/milestones/m-4",
            "/contracts/c-1/milestones/m-3",
            "/contracts/c-1/milestones/m-2"
        ]
    );
    let cursor = first.page.next_cursor.clone().unwrap();
    let second = s
        .notifications
        .inbox(client, Some(&cursor), 4)
        .await
        .unwrap();
    assert_eq!(second.page.items.len(), 2);
    assert!(second.page.next_cursor.is_none());

    let theirs = s.notifications.inbox(freelancer, None, 20).await.unwrap();
    assert_eq!(
        theirs.page.items.len(),
        1,
        "the freelancer only hears of completion"
    );

    let id = first.page.items[1].id;
    let stranger = s.notifications.mark_read(freelancer, id).await;
    assert!(matches!(stranger, Err(DomainError::NotFound(_))));
    let read = s.notifications.mark_read(client, id).await.unwrap();
    assert!(read.read_at.is_some());
    assert_eq!(s.notifications.unread_count(client).await.unwrap(), 5);
    assert_eq!(s.notifications.mark_all_read(client).await.unwrap(), 5);
    assert_eq!(s.notifications.unread_count(client).await.unwrap(), 0);
    assert_eq!(s.notifications.unread_count(freelancer).await.unwrap(), 1);
    let missing = s
        .notifications
        .mark_read(client, NotificationId::new())
        .await;
    assert!(matches!(missing, Err(DomainError::NotFound(_))));
}
