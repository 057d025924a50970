//! Browse and keyword search over active listings: stemming, every filter, every order,
//! cursor pages without duplicates or gaps, and paused or archived listings never found.

use openlance_catalog::{
    Category, ListingChanges, ListingStatus, NewListing, ServiceSearch, SortOrder,
};
use openlance_core::id::UserId;
use openlance_core::{Currency, Money};

use crate::common::{Harness, listing, usd};

fn query(keywords: &str) -> ServiceSearch {
    ServiceSearch {
        keywords: Some(keywords.into()),
        limit: 20,
        ..ServiceSearch::default()
    }
}

fn all() -> ServiceSearch {
    ServiceSearch {
        limit: 20,
        ..ServiceSearch::default()
    }
}

async fn titles(h: &Harness, search: &ServiceSearch) -> Vec<String> {
    h.catalog
        .search(search)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|l| l.title)
        .collect()
}

/// Every page of `search`, following cursors; the titles in order.
async fn every_page(h: &Harness, mut search: ServiceSearch) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..100 {
        let page = h.catalog.search(&search).await.unwrap();
        seen.extend(page.items.into_iter().map(|l| l.title));
        match page.next_cursor {
            Some(c) => search.cursor = Some(c),
            None => return seen,
        }
    }
    panic!("paging does not end: {seen:?}");
}

#[tokio::test]
async fn keywords_are_stemmed_and_case_insensitive_over_title_description_and_tags() {
    let h = Harness::new().await;
    let s = UserId::new();
    h.list(s, listing("Logo design", "A logo for your bakery"))
        .await;
    h.list(
        s,
        NewListing {
            tags: vec!["wordpress".into(), "web-shops".into()],
            ..listing("Websites", "Fast and simple")
        },
    )
    .await;
    h.list(
        s,
        listing("Wedding photos", "Photographer DESIGNING albums"),
    )
    .await;
    assert_eq!(
        titles(&h, &query("designs")).await,
        ["Wedding photos", "Logo design"]
    );
    assert_eq!(titles(&h, &query("LOGO")).await, ["Logo design"]);
    assert_eq!(titles(&h, &query("WordPress")).await, ["Websites"]);
    assert_eq!(titles(&h, &query("shops")).await, ["Websites"]);
    assert_eq!(titles(&h, &query("bakery logos")).await, ["Logo design"]);
    assert!(titles(&h, &query("bakery album")).await.is_empty());
    // Query syntax is not interpreted: quotes, stars and operators are separators.
    assert_eq!(titles(&h, &query("\"logo\"* (:^")).await, ["Logo design"]);
    // No words at all: every active listing.
    assert_eq!(titles(&h, &query(" ?! ")).await.len(), 3);
}

#[tokio::test]
async fn each_filter_narrows_the_listings() {
    let h = Harness::new().await;
    let (anna, ben) = (UserId::new(), UserId::new());
    h.list(
        anna,
        NewListing {
            category: Category::HomeAndPets,
            price: usd(2_000),
            location: Some("Berlin Mitte".into()),
            remote: false,
            ..listing("Dog walking", "walks")
        },
    )
    .await;
    h.list(
        anna,
        NewListing {
            category: Category::Tutoring,
            price: usd(4_000),
            location: Some("Berlin".into()),
            remote: true,
            ..listing("Math tutoring", "walks through algebra")
        },
    )
    .await;
    h.list(
        ben,
        NewListing {
            category: Category::Tutoring,
            price: Money::new(3_000, Currency::EUR),
            ..listing("Physics tutoring", "remote lessons")
        },
    )
    .await;
    h.list(
        ben,
        NewListing {
            category: Category::Design,
            price: usd(9_000),
            location: Some("Kraków".into()),
            remote: false,
            ..listing("Logo", "vector walks")
        },
    )
    .await;

    let with = |f: fn(&mut ServiceSearch)| {
        let mut s = all();
        f(&mut s);
        s
    };
    assert_eq!(
        titles(&h, &with(|s| s.category = Some(Category::Tutoring))).await,
        ["Physics tutoring", "Math tutoring"]
    );
    assert_eq!(
        titles(&h, &with(|s| s.currency = Some(Currency::EUR))).await,
        ["Physics tutoring"]
    );
    let usd_between = |lo, hi| ServiceSearch {
        currency: Some(Currency::USD),
        min_price: lo,
        max_price: hi,
        ..all()
    };
    assert_eq!(
        titles(&h, &usd_between(Some(2_000), Some(4_000))).await,
        ["Math tutoring", "Dog walking"]
    );
    assert_eq!(titles(&h, &usd_between(Some(4_001), None)).await, ["Logo"]);
    assert_eq!(
        titles(&h, &usd_between(None, Some(1_999))).await,
        Vec::<String>::new()
    );
    assert_eq!(
        titles(&h, &with(|s| s.location = Some("  BERLIN ".into()))).await,
        ["Math tutoring", "Dog walking"]
    );
    assert_eq!(
        titles(&h, &with(|s| s.location = Some("kraków".into()))).await,
        ["Logo"]
    );
    assert_eq!(
        titles(&h, &with(|s| s.remote = Some(true))).await,
        ["Physics tutoring", "Math tutoring"]
    );
    assert_eq!(
        titles(&h, &with(|s| s.remote = Some(false))).await,
        ["Logo", "Dog walking"]
    );
    let bens = ServiceSearch {
        seller: Some(ben),
        ..all()
    };
    assert_eq!(titles(&h, &bens).await, ["Logo", "Physics tutoring"]);
    // Filters combine with keywords and with each other.
    let walks = ServiceSearch {
        remote: Some(false),
        location: Some("berlin".into()),
        ..query("walk")
    };
    assert_eq!(titles(&h, &walks).await, ["Dog walking"]);
    let walks = ServiceSearch {
        category: Some(Category::Design),
        seller: Some(ben),
        ..query("walking")
    };
    assert_eq!(titles(&h, &walks).await, ["Logo"]);
}

#[tokio::test]
async fn each_order_sorts_as_it_says_and_pages_without_duplicates_or_gaps() {
    let h = Harness::new().await;
    let s = UserId::new();
    let prices = [
        3_000, 1_000, 5_000, 1_000, 4_000, 2_000, 1_000, 6_000, 2_000, 3_000, 1_500,
    ];
    let mut listed = Vec::new();
    for (i, price) in prices.iter().enumerate() {
        let description = if i == 4 {
            "garden garden garden"
        } else {
            "garden work and other things to do"
        };
        listed.push(
            h.list(
                s,
                NewListing {
                    price: usd(*price),
                    ..listing(&format!("garden {i}"), description)
                },
            )
            .await,
        );
    }
    h.list(s, listing("kitchen", "no match")).await;
    h.list(
        s,
        NewListing {
            price: Money::new(10, Currency::EUR),
            ..listing("garden in euros", "garden")
        },
    )
    .await;
    let newest: Vec<String> = listed.iter().rev().map(|l| l.title.clone()).collect();
    let mut by_price = listed.clone();
    by_price.sort_by_key(|l| (l.price.amount, l.seq));
    let asc: Vec<String> = by_price.iter().map(|l| l.title.clone()).collect();
    by_price.reverse();
    let desc: Vec<String> = by_price.iter().map(|l| l.title.clone()).collect();

    for limit in [1, 3, 20] {
        let usd_only = |order| ServiceSearch {
            order,
            currency: Some(Currency::USD),
            limit,
            ..query("gardens")
        };
        assert_eq!(
            every_page(&h, usd_only(SortOrder::Newest)).await,
            newest,
            "limit {limit}"
        );
        assert_eq!(
            every_page(&h, usd_only(SortOrder::PriceAsc)).await,
            asc,
            "limit {limit}"
        );
        assert_eq!(
            every_page(&h, usd_only(SortOrder::PriceDesc)).await,
            desc,
            "limit {limit}"
        );
        let best = every_page(&h, usd_only(SortOrder::BestMatch)).await;
        assert_eq!(best[0], "garden 4", "the densest match ranks first");
        let mut unique = best.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), listed.len(), "limit {limit}: {best:?}");
        // Without keywords, the same orders over every USD listing.
        let browse = |order| ServiceSearch {
            order,
            currency: Some(Currency::USD),
            limit,
            ..all()
        };
        let mut with_kitchen = newest.clone();
        with_kitchen.insert(0, "kitchen".to_string());
        assert_eq!(
            every_page(&h, browse(SortOrder::Newest)).await,
            with_kitchen
        );
        assert_eq!(
            every_page(&h, browse(SortOrder::BestMatch)).await,
            with_kitchen
        );
        let browse_asc = every_page(&h, browse(SortOrder::PriceAsc)).await;
        assert_eq!(browse_asc.len(), asc.len() + 1);
        assert_eq!(
            browse_asc
                .iter()
                .filter(|t| *t != "kitchen")
                .collect::<Vec<_>>(),
            asc.iter().collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn newest_first_pages_stay_whole_while_listings_arrive() {
    let h = Harness::new().await;
    let s = UserId::new();
    let mut expected = Vec::new();
    for i in 0..13 {
        expected.push(
            h.list(s, listing(&format!("yoga {i}"), "yoga class"))
                .await
                .title,
        );
    }
    expected.reverse();
    let mut search = ServiceSearch {
        limit: 4,
        ..query("yoga")
    };
    let mut seen = Vec::new();
    for round in 0.. {
        let page = h.catalog.search(&search).await.unwrap();
        seen.extend(page.items.into_iter().map(|l| l.title));
        // A newer listing arrives between pages: it is above the cursor.
        h.list(s, listing(&format!("yoga late {round}"), "yoga"))
            .await;
        match page.next_cursor {
            Some(c) => search.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn paused_and_archived_listings_are_never_found() {
    let h = Harness::new().await;
    let s = UserId::new();
    let active = h.list(s, listing("Tarot reading", "tarot")).await;
    let paused = h.list(s, listing("Tarot course", "tarot")).await;
    let archived = h.list(s, listing("Tarot deck design", "tarot")).await;
    h.catalog
        .update_service(
            s,
            paused.id,
            ListingChanges {
                status: Some(ListingStatus::Paused),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    h.catalog.archive_service(s, archived.id).await.unwrap();
    for order in [
        SortOrder::Newest,
        SortOrder::BestMatch,
        SortOrder::PriceAsc,
        SortOrder::PriceDesc,
    ] {
        for keywords in [Some("tarot"), None] {
            let search = ServiceSearch {
                keywords: keywords.map(String::from),
                order,
                currency: Some(Currency::USD),
                seller: Some(s),
                limit: 20,
                ..ServiceSearch::default()
            };
            assert_eq!(
                titles(&h, &search).await,
                [active.title.as_str()],
                "{order:?} {keywords:?}"
            );
        }
    }
    // Resumed, it is found again.
    h.catalog
        .update_service(
            s,
            paused.id,
            ListingChanges {
                status: Some(ListingStatus::Active),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        titles(&h, &query("tarot")).await,
        ["Tarot course", "Tarot reading"]
    );
}

#[tokio::test]
async fn a_bad_search_is_a_400() {
    let h = Harness::new().await;
    h.list(UserId::new(), listing("x", "y")).await;
    let price_cursor = {
        let s = UserId::new();
        h.list(s, listing("a", "b")).await;
        h.list(s, listing("c", "d")).await;
        let page = h
            .catalog
            .search(&ServiceSearch {
                order: SortOrder::PriceAsc,
                currency: Some(Currency::USD),
                limit: 1,
                ..all()
            })
            .await
            .unwrap();
        page.next_cursor.unwrap()
    };
    let newest_cursor = h
        .catalog
        .search(&ServiceSearch { limit: 1, ..all() })
        .await
        .unwrap()
        .next_cursor
        .unwrap();
    let bad = [
        ServiceSearch { limit: 0, ..all() },
        ServiceSearch {
            limit: 101,
            ..all()
        },
        ServiceSearch {
            min_price: Some(10),
            ..all()
        },
        ServiceSearch {
            order: SortOrder::PriceDesc,
            ..all()
        },
        ServiceSearch {
            currency: Some(Currency::USD),
            min_price: Some(10),
            max_price: Some(5),
            ..all()
        },
        ServiceSearch {
            cursor: Some("garbage!".into()),
            ..all()
        },
        ServiceSearch {
            order: SortOrder::PriceAsc,
            currency: Some(Currency::USD),
            cursor: Some(newest_cursor),
            ..all()
        },
        ServiceSearch {
            order: SortOrder::BestMatch,
            cursor: Some(price_cursor.clone()),
            ..query("a")
        },
    ];
    for search in bad {
        let err = h.catalog.search(&search).await.unwrap_err();
        assert_eq!(err.status(), 400, "{search:?}: {err}");
    }
    // A price cursor is fine for newest first (its seq is all that order needs).
    let fine = ServiceSearch {
        cursor: Some(price_cursor),
        ..all()
    };
    assert!(h.catalog.search(&fine).await.is_ok());
}
