//! Random sequences of operations against the real database, checked against a model
//! after every step: the books balance (per currency the balances sum to zero, stored
//! balances equal their transfers), no wallet goes negative, and every wallet, escrow
//! and the fee revenue hold exactly what the model predicts.

use std::cell::Cell;
use std::collections::HashMap;

use openlance_core::id::UserId;
use openlance_payments::{EscrowRef, OperationKey};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::common::{Harness, Source, key, usd};

const USERS: usize = 3;
const ESCROWS: usize = 3;

#[derive(Clone, Debug)]
enum Op {
    TopUp {
        user: usize,
        amount: i64,
        declined: bool,
    },
    Withdraw {
        user: usize,
        amount: i64,
    },
    Hold {
        payer: usize,
        escrow: usize,
        amount: i64,
        from_wallet: bool,
    },
    Release {
        escrow: usize,
        payee: usize,
    },
    Refund {
        escrow: usize,
    },
    Pay {
        client: usize,
        freelancer: usize,
        escrow: usize,
        amount: i64,
    },
}

fn amount() -> impl Strategy<Value = i64> {
    // Mostly small amounts, with the test provider's magic endings in the mix.
    prop_oneof![1i64..3_000, Just(1_402), Just(2_409), Just(1), Just(9)]
}

fn op() -> impl Strategy<Value = Op> {
    let u = 0..USERS;
    let e = 0..ESCROWS;
    prop_oneof![
        (u.clone(), amount(), proptest::bool::weighted(0.1)).prop_map(
            |(user, amount, declined)| Op::TopUp {
                user,
                amount,
                declined
            }
        ),
        (u.clone(), amount()).prop_map(|(user, amount)| Op::Withdraw { user, amount }),
        (u.clone(), e.clone(), amount(), any::<bool>()).prop_map(
            |(payer, escrow, amount, from_wallet)| Op::Hold {
                payer,
                escrow,
                amount,
                from_wallet
            }
        ),
        (e.clone(), u.clone()).prop_map(|(escrow, payee)| Op::Release { escrow, payee }),
        e.clone().prop_map(|escrow| Op::Refund { escrow }),
        (u.clone(), u, e, amount()).prop_map(|(client, freelancer, escrow, amount)| Op::Pay {
            client,
            freelancer,
            escrow,
            amount
        }),
    ]
}

#[derive(Default)]
struct Model {
    wallets: [i64; USERS],
    /// Escrow index → (payer, held).
    escrows: HashMap<usize, (usize, i64)>,
    milestones_with_requests: Vec<usize>,
    fees: i64,
}

fn fee(amount: i64) -> i64 {
    amount * 1_000 / 10_000
}

async fn run(
    h: &Harness,
    run_id: usize,
    ops: Vec<Op>,
    total_fees: &mut i64,
) -> Result<(), TestCaseError> {
    let users: Vec<UserId> = (0..USERS).map(|_| UserId::new()).collect();
    let escrow = |i: usize| EscrowRef::Milestone(format!("prop-{run_id}-{i}"));
    let mut m = Model::default();
    for op in ops {
        let (result, expect_ok) = match op.clone() {
            Op::TopUp {
                user,
                amount,
                declined,
            } => {
                let method = if declined {
                    "pm_card_chargeDeclined"
                } else {
                    "pm_card_visa"
                };
                let ok = !declined && amount % 1_000 != 402;
                if ok {
                    m.wallets[user] += amount;
                }
                (
                    h.payments
                        .top_up(users[user], usd(amount), method, &OperationKey::fresh())
                        .await
                        .map(drop),
                    ok,
                )
            }
            Op::Withdraw { user, amount } => {
                let ok = m.wallets[user] >= amount && amount % 1_000 != 409;
                if ok {
                    m.wallets[user] -= amount;
                }
                (
                    h.payments
                        .withdraw(users[user], usd(amount), None, &OperationKey::fresh())
                        .await
                        .map(drop),
                    ok,
                )
            }
            Op::Hold {
                payer,
                escrow: i,
                amount,
                from_wallet,
            } => {
                let payer_ok = m.escrows.get(&i).is_none_or(|(p, _)| *p == payer);
                // By card: a top-up first (which stays in the wallet if the hold fails).
                let charged = !from_wallet && amount % 1_000 != 402;
                if charged {
                    m.wallets[payer] += amount;
                }
                let ok = payer_ok && m.wallets[payer] >= amount && (from_wallet || charged);
                if ok {
                    m.wallets[payer] -= amount;
                    m.escrows.entry(i).or_insert((payer, 0)).1 += amount;
                }
                let source = if from_wallet {
                    Source::Wallet
                } else {
                    Source::Card
                };
                (h.hold(users[payer], &escrow(i), amount, source).await, ok)
            }
            Op::Release { escrow: i, payee } => {
                let held = m.escrows.get(&i).map_or(0, |(_, held)| *held);
                if held > 0 {
                    m.wallets[payee] += held - fee(held);
                    m.fees += fee(held);
                    if let Some(e) = m.escrows.get_mut(&i) {
                        e.1 = 0;
                    }
                }
                let mut tx = h.db.begin().await.unwrap();
                let released = h
                    .payments
                    .release_escrow(&mut tx, &escrow(i), users[payee], &key())
                    .await;
                tx.commit().await.unwrap();
                (released.map(drop), held > 0)
            }
            Op::Refund { escrow: i } => {
                let (payer, held) = m.escrows.get(&i).copied().unwrap_or((0, 0));
                if held > 0 {
                    m.wallets[payer] += held;
                    if let Some(e) = m.escrows.get_mut(&i) {
                        e.1 = 0;
                    }
                }
                let mut tx = h.db.begin().await.unwrap();
                let refunded = h.payments.refund_escrow(&mut tx, &escrow(i), &key()).await;
                tx.commit().await.unwrap();
                (refunded.map(drop), held > 0)
            }
            Op::Pay {
                client,
                freelancer,
                escrow: i,
                amount,
            } => {
                let creatable = client != freelancer && !m.milestones_with_requests.contains(&i);
                let mut tx = h.db.begin().await.unwrap();
                let created = h
                    .payments
                    .create_payment_request(
                        &mut tx,
                        openlance_payments::NewPaymentRequest {
                            client_id: users[client],
                            freelancer_id: users[freelancer],
                            contract_id: format!("contract-{run_id}"),
                            milestone_id: escrow(i).id().to_string(),
                            amount: usd(amount),
                            description: "work".into(),
                        },
                    )
                    .await;
                tx.commit().await.unwrap();
                prop_assert_eq!(created.is_ok(), creatable, "create {:?}: {:?}", op, created);
                let Ok(request) = created else { continue };
                // The request stays (PENDING) even when its payment is declined.
                m.milestones_with_requests.push(i);
                let held = m.escrows.get(&i).map_or(0, |(_, held)| *held);
                let ok = held >= amount || amount % 1_000 != 402;
                if ok {
                    if held >= amount
                        && let Some(e) = m.escrows.get_mut(&i)
                    {
                        e.1 -= amount;
                    }
                    m.wallets[freelancer] += amount - fee(amount);
                    m.fees += fee(amount);
                }
                (h.pay(users[client], request.id, None).await.map(drop), ok)
            }
        };
        prop_assert_eq!(result.is_ok(), expect_ok, "{:?} gave {:?}", op, result);
        check(h, &users, &m).await?;
    }
    *total_fees += m.fees;
    prop_assert_eq!(h.fees().await, *total_fees);
    Ok(())
}

async fn check(h: &Harness, users: &[UserId], m: &Model) -> Result<(), TestCaseError> {
    let report = h.payments.check_ledger().await.unwrap();
    prop_assert!(report.is_balanced(), "{}", report);
    for (i, user) in users.iter().enumerate() {
        let available = h.available(*user).await;
        prop_assert!(available >= 0);
        prop_assert_eq!(available, m.wallets[i], "wallet of user {}", i);
        let held: i64 = m
            .escrows
            .values()
            .filter(|(p, _)| *p == i)
            .map(|(_, h)| h)
            .sum();
        prop_assert_eq!(h.in_escrow(*user).await, held, "escrow of user {}", i);
    }
    Ok(())
}

#[test]
fn random_operations_keep_the_books_balanced() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let h = rt.block_on(Harness::new());
    let mut runner = TestRunner::new(Config {
        cases: 16,
        failure_persistence: None,
        ..Config::default()
    });
    let run_id = Cell::new(0);
    let total_fees = Cell::new(0);
    runner
        .run(&proptest::collection::vec(op(), 1..=20), |ops| {
            run_id.set(run_id.get() + 1);
            let mut fees = total_fees.get();
            let result = rt.block_on(run(&h, run_id.get(), ops, &mut fees));
            total_fees.set(fees);
            result
        })
        .unwrap();
}
