//! What `openlance seed --demo` writes: the demo people, their services and the password
//! every demo account shares.

use openlance_catalog::Category;

/// Every demo account's password (printed; it is a demo).
pub const PASSWORD: &str = "demo password 2026";
pub const CARD: Option<&str> = Some("pm_card_visa");

pub const SELLERS: &[(&str, &str)] = &[
    ("Sam Carter", "sam@demo.openlance.test"),
    ("Priya Nair", "priya@demo.openlance.test"),
    ("Lucas Moreau", "lucas@demo.openlance.test"),
];
pub const BUYERS: &[(&str, &str)] = &[
    ("Bea Lindqvist", "bea@demo.openlance.test"),
    ("Omar Haddad", "omar@demo.openlance.test"),
];

/// (seller index, title, category, price in cents, delivery days, description)
pub const SERVICES: &[(usize, &str, Category, i64, i64, &str)] = &[
    (
        0,
        "Dog walking, twice a day",
        Category::HomeAndPets,
        4000,
        1,
        "An hour in the park, morning and evening. Photos included.",
    ),
    (
        0,
        "House sitting while you travel",
        Category::HomeAndPets,
        9000,
        7,
        "Plants watered, mail collected, lights on and off.",
    ),
    (
        0,
        "Handyman: small repairs",
        Category::RepairsAndCleaning,
        6000,
        3,
        "Shelves, doors, leaking taps, flat-pack furniture.",
    ),
    (
        1,
        "Logo design with three concepts",
        Category::Design,
        25000,
        10,
        "Three concepts, two rounds of changes, every file format.",
    ),
    (
        1,
        "Website landing page",
        Category::Software,
        60000,
        14,
        "A fast, accessible landing page, delivered as static files.",
    ),
    (
        1,
        "English to French translation",
        Category::Translation,
        8000,
        4,
        "Up to 2,000 words, proofread by a native speaker.",
    ),
    (
        2,
        "Guitar lessons for beginners",
        Category::LessonsAndCoaching,
        3500,
        2,
        "One-hour lessons at your place or online.",
    ),
    (
        2,
        "Maths tutoring (secondary school)",
        Category::Tutoring,
        3000,
        2,
        "Exam preparation and homework help.",
    ),
    (
        2,
        "Event photography",
        Category::Photography,
        45000,
        7,
        "Four hours on site and 100 edited photos.",
    ),
    (
        1,
        "Copywriting for your shop",
        Category::Writing,
        12000,
        5,
        "Product pages and an about page that sell.",
    ),
];
