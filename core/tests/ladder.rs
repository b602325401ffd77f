//! The evidence ladder: every public report the model relies on is a row reproduced here (like
//! the rows tested on Windows), dual-stack pairs agree with their own explanation in both
//! orders, and no explanation contradicts its own answer for any two-socket pair.

use proptest::prelude::*;
use sockbind_core::evidence::{independent_reports, LADDER};
use sockbind_core::known::{class, Class, REPORTED};
use sockbind_core::*;

mod common;
use common::binding;

#[test]
fn the_ladder_is_ordered_tested_reports_article_wine() {
    assert_eq!(
        LADDER,
        [
            Evidence::TestedOnWindows,
            Evidence::Reports,
            Evidence::Documented,
            Evidence::Implementation
        ]
    );
}

#[test]
fn every_reported_row_is_answered_by_the_reports_with_the_article_still_shown() {
    assert!(REPORTED.len() >= 3);
    for row in REPORTED {
        for account in ["user-a", "user-b"] {
            let a = binding(0, row.first.0, row.first.1, "user-a");
            let b = binding(1, row.second.0, row.second.1, account);
            assert_eq!(class(&a), row.first.0);
            let o = decide_pair(Platform::Windows7, &a, &b);
            assert_eq!(o.result, row.result, "{row:?}: rule {}", o.rule.id());
            assert_ne!(
                o.documented.as_ref().map(|d| d.result),
                Some(row.result),
                "{row:?}: these reports are cited because the article says otherwise"
            );
            for s in row.sources {
                assert!(o.sources.contains(s), "{row:?}: {} not cited", s.id);
            }
            if independent_reports(row.sources) {
                assert_eq!(o.evidence, Evidence::Reports, "{row:?}");
                assert_eq!(o.extended, None, "{row:?}");
            } else {
                // One report alone is not a rung: the tested rule is extended, and says so.
                assert_eq!(o.evidence, Evidence::TestedOnWindows, "{row:?}");
                assert_eq!(o.extended, Some(o.rule), "{row:?}");
            }
        }
    }
}

#[test]
fn reports_are_independent_only_across_projects() {
    use sockbind_core::evidence::*;
    assert!(independent_reports(&[GRPC_16005, GO_45150]));
    assert!(!independent_reports(&[GRPC_16005]));
    assert!(!independent_reports(&[
        SIMPLE_WEB_SERVER_26,
        SIMPLE_WEB_SERVER_26
    ]));
    assert!(independent_reports(&[
        TRIO_LINGER_EXPERIMENT,
        BITCOIN_36169
    ]));
    assert_eq!(GO_45150.project(), "golang/go");
}

#[test]
fn the_reported_pairs_are_answered_the_same_through_the_cli_json() {
    // grpc/grpc#16005 and golang/go#45150: 0.0.0.0 then a plain dual-stack ::.
    let v = decide_json(
        r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":443},{"address":"::","port":443,"dual_stack":true}]}"#,
    )
    .unwrap();
    let b = &v.binds[1];
    assert_eq!(b.result, BindResult::Success);
    assert_eq!(b.evidence, Evidence::Reports);
    assert_eq!(b.documented, Some(BindResult::AddrInUse));
    let json = serde_json::to_value(b).unwrap();
    assert_eq!(json["evidence"], "reports");
    assert_eq!(json["extended"], serde_json::Value::Null);
    // Simple-Web-Server#26 alone: an SO_REUSEADDR IPv4 wildcard after a plain dual-stack ::.
    let v = decide_json(
        r#"{"platform":"windows-7","sockets":[{"address":"::","port":8080,"dual_stack":true},{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":8080}]}"#,
    )
    .unwrap();
    let b = &v.binds[1];
    assert_eq!(b.result, BindResult::Success);
    assert_eq!(b.extended, Some(Rule::DualStackIpv4SideUnclaimed));
    assert_eq!(
        serde_json::to_value(b).unwrap()["extended"],
        "dual-stack-ipv4-side-unclaimed"
    );
}

const OPTIONS: [OptionState; 3] = [
    OptionState::Default,
    OptionState::ReuseAddr,
    OptionState::ExclusiveAddrUse,
];
const CLASSES: [Class; 8] = [
    Class::V4Wild,
    Class::V4Spec,
    Class::V6Wild,
    Class::V6Spec,
    Class::DualWild,
    Class::DualV6Spec,
    Class::DualMappedWild,
    Class::DualMappedSpec,
];

/// What an outcome's own words commit to, checked against its answer.
#[track_caller]
fn consistent(o: &PairOutcome, what: &str) {
    // The explanation shown is the rule's: its result is the answer.
    assert_eq!(o.rule.result(), o.result, "{what}: rule {}", o.rule.id());
    // The documented reading explains the documented answer.
    if let Some(d) = &o.documented {
        assert_eq!(
            d.rule.result(),
            d.result,
            "{what}: documented {}",
            d.rule.id()
        );
    }
    // "Tested" is only claimed where a tested rule or a test row speaks.
    if o.evidence == Evidence::TestedOnWindows {
        assert!(
            o.sources
                .iter()
                .any(|s| s.kind == Evidence::TestedOnWindows),
            "{what}: tested without a test source"
        );
    }
    if o.evidence == Evidence::Reports {
        assert!(independent_reports(&o.sources) || o.rule == Rule::ClosedConnectionDoesNotBlock);
    }
    // The marker names the rule that gives the answer.
    if let Some(r) = o.extended {
        assert_eq!(r, o.rule, "{what}");
        assert_eq!(r.evidence(), Evidence::TestedOnWindows, "{what}");
    }
    // An exclusive dual-stack :: holding IPv4 says every IPv4 bind is an access violation.
    if o.rule == Rule::DualStackExclusiveHoldsIpv4 {
        assert_eq!(o.result, BindResult::Access, "{what}");
    }
    // The IPv4 side left unclaimed means success.
    if o.rule == Rule::DualStackIpv4SideUnclaimed {
        assert!(o.result.is_success(), "{what}");
    }
    for a in &o.alternatives {
        if let Some(r) = a.rule {
            assert_eq!(r.result(), a.result, "{what}: alternative {}", a.id);
        }
    }
}

#[test]
fn dual_stack_pairs_agree_with_their_explanation_in_both_orders() {
    let mut n = 0;
    for p in [Platform::WindowsVista, Platform::Windows7] {
        for &c1 in &CLASSES {
            for &c2 in &CLASSES {
                for o1 in OPTIONS {
                    for o2 in OPTIONS {
                        for acct in ["user-a", "user-b"] {
                            let a = binding(0, c1, o1, "user-a");
                            let b = binding(1, c2, o2, acct);
                            for (x, y) in [(&a, &b), (&b, &a)] {
                                let o = decide_pair(p, x, y);
                                let what = format!(
                                    "{p}: {:?}/{:?} then {:?}/{:?} ({acct})",
                                    class(x),
                                    x.option,
                                    class(y),
                                    y.option
                                );
                                consistent(&o, &what);
                                n += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(n > 4000, "{n}");
}

#[test]
fn an_exclusive_dual_stack_wildcard_refuses_every_ipv4_wildcard_the_same_way() {
    // The explanation says every IPv4 bind is refused as an access violation: so it is,
    // whatever the IPv4 socket's option.
    for o2 in OPTIONS {
        let a = binding(0, Class::DualWild, OptionState::ExclusiveAddrUse, "user-a");
        let b = binding(1, Class::V4Wild, o2, "user-a");
        let o = decide_pair(Platform::Windows7, &a, &b);
        assert_eq!(
            (o.result, o.rule),
            (BindResult::Access, Rule::DualStackExclusiveHoldsIpv4),
            "{o2:?}"
        );
    }
}

fn arb_socket() -> impl Strategy<Value = String> {
    let addr = prop_oneof![
        Just(("0.0.0.0", false)),
        Just(("10.0.0.1", false)),
        Just(("127.0.0.1", false)),
        Just(("::", false)),
        Just(("::1", false)),
        Just(("::", true)),
        Just(("::1", true)),
        Just(("::ffff:0.0.0.0", true)),
        Just(("::ffff:127.0.0.1", true)),
        Just(("::ffff:10.0.0.1", true)),
    ];
    let opts = prop_oneof![
        Just("[]"),
        Just(r#"["SO_REUSEADDR"]"#),
        Just(r#"["SO_EXCLUSIVEADDRUSE"]"#),
        Just(r#"["SO_REUSEADDR","SO_EXCLUSIVEADDRUSE"]"#),
        Just(r#"["SO_EXCLUSIVEADDRUSE","SO_REUSEADDR"]"#),
    ];
    (
        addr,
        opts,
        prop_oneof![Just("user-a"), Just("user-b")],
        prop_oneof![Just("tcp"), Just("udp")],
    )
        .prop_map(|((a, dual), o, u, proto)| {
            format!(
                r#"{{"options":{o},"address":"{a}","port":5150,"account":"{u}","dual_stack":{dual},"protocol":"{proto}"}}"#
            )
        })
}

proptest! {
    #[test]
    fn no_explanation_contradicts_its_own_answer_for_any_two_socket_pair(
        p in 0usize..Platform::ALL.len(),
        a in arb_socket(),
        b in arb_socket(),
    ) {
        let platform = Platform::ALL[p];
        let json = format!(r#"{{"platform":"{platform}","sockets":[{a},{b}]}}"#);
        let Ok(v) = decide_json(&json) else {
            // Dual-stack before Vista is refused as input, not answered.
            prop_assert!(platform < Platform::WindowsVista);
            return Ok(());
        };
        for e in &v.timeline {
            if let Some(b) = e.verdict() {
                prop_assert_eq!(b.rule.result(), b.result, "{}: {}", json, b.rule.id());
                prop_assert_eq!(&b.explanation, &text::english(b.rule.explanation_key()));
                if let Some(r) = b.documented_rule {
                    prop_assert_eq!(Some(r.result()), b.documented, "{}", json);
                }
                if let Some(f) = &b.failed_setsockopt {
                    prop_assert!(!f.result.is_success());
                    prop_assert_eq!(f.rule.result(), f.result);
                }
            }
        }
    }
}
