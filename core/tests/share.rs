//! URL state: round trips, the example links of each version, and hostile links.

use proptest::prelude::*;
use sockbind_core::share::{from_query, to_query, ViewState};
use sockbind_core::*;

fn pairs(query: &str) -> Vec<(String, String)> {
    // Minimal query splitting for tests (the page uses the browser's URLSearchParams).
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.replace('+', " "))
        })
        .collect()
}

fn base() -> Scenario {
    parse_scenario(r#"{"platform":"windows-7","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},{"address":"10.0.0.1","port":5150,"account":"user-b"}]}"#).unwrap()
}

#[test]
fn example_links_of_version_1_still_load_the_same_scenario() {
    let links = include_str!("fixtures/urls-v1.txt");
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/urls-v1.expected.json")).unwrap();
    let lines: Vec<&str> = links.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), expected.as_array().unwrap().len());
    for (line, want) in lines.iter().zip(expected.as_array().unwrap()) {
        let d = from_query(&pairs(line), &base());
        assert!(d.ignored.is_empty(), "{line}: ignored {:?}", d.ignored);
        assert_eq!(
            serde_json::to_value(&d.scenario).unwrap(),
            want["scenario"],
            "{line}"
        );
        assert_eq!(
            d.view.step,
            want["step"].as_u64().map(|s| s as usize),
            "{line}"
        );
        // And it is the link this version writes for that scenario.
        let again = to_query(&d.scenario, &d.view);
        assert_eq!(from_query(&again, &base()).scenario, d.scenario, "{line}");
    }
}

#[test]
fn hostile_links_load_what_they_can_and_say_what_was_ignored() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("?platform=windows-12", &[("platform", "bad-platform")]),
        ("?v=9&platform=windows-xp", &[("v", "unknown-version")]),
        (
            "?s0.addr=999.1.1.1&s0.opt=SO_LINGER",
            &[("s0.addr", "bad-address"), ("s0.opt", "bad-option")],
        ),
        ("?s99.addr=0.0.0.0", &[("s99.addr", "too-many-sockets")]),
        ("?s0.addr=0.0.0.0&steps=bind~7", &[("steps", "bad-step")]),
        (
            "?s0.addr=0.0.0.0&s0.dual=1",
            &[("s0.dual", "impossible-combination")],
        ),
        (
            "?platform=windows-xp&s0.addr=::&s0.dual=1",
            &[("s0.dual", "impossible-combination")],
        ),
        (
            "?s0.addr=0.0.0.0&s0.groups=239.1.1.1",
            &[("s0.groups", "impossible-combination")],
        ),
        ("?port=70000", &[("port", "bad-port")]),
        ("?step=0", &[("step", "bad-step-number")]),
        (
            "?foo=bar&%3Cscript%3E=1",
            &[
                ("foo", "unknown-parameter"),
                ("%3Cscript%3E", "unknown-parameter"),
            ],
        ),
        (
            "?s0.addr=0.0.0.0&steps=send~tcp~239.1.1.1~80",
            &[("steps", "impossible-combination")],
        ),
    ];
    for (q, want) in cases {
        let d = from_query(&pairs(q), &base());
        for (param, reason) in *want {
            assert!(
                d.ignored.iter().any(|(p, r)| p == param && r == reason),
                "{q}: expected {param}/{reason}, got {:?}",
                d.ignored
            );
        }
        d.scenario
            .validate()
            .unwrap_or_else(|e| panic!("{q}: decoded scenario invalid: {e}"));
    }
    // A platform that cannot be read keeps the base's.
    assert_eq!(
        from_query(&pairs("?platform=windows-12"), &base())
            .scenario
            .platform,
        Platform::Windows7
    );
    // No query: the base, nothing ignored.
    let d = from_query(&[], &base());
    assert_eq!(d.scenario, base());
    assert!(d.ignored.is_empty());
}

fn arb_scenario() -> impl Strategy<Value = (Scenario, ViewState)> {
    let addr = prop_oneof![
        Just("0.0.0.0"),
        Just("10.0.0.1"),
        Just("::"),
        Just("::1"),
        Just("::ffff:127.0.0.1"),
        Just("127.0.0.1")
    ];
    let opts = prop_oneof![
        Just(vec![]),
        Just(vec![SockOpt::ReuseAddr]),
        Just(vec![SockOpt::ExclusiveAddrUse]),
        Just(vec![SockOpt::ReuseAddr, SockOpt::ExclusiveAddrUse])
    ];
    let sock = (
        opts,
        addr,
        prop_oneof![Just("user-a"), Just("user-b")],
        any::<bool>(),
    )
        .prop_map(|(o, a, u, admin)| SocketSpec {
            admin,
            ..SocketSpec::new(o, a, 5150, u)
        });
    (
        0usize..Platform::ALL.len(),
        proptest::collection::vec(sock, 1..8),
        proptest::option::of(proptest::collection::vec(
            (0usize..6, 0usize..8, any::<bool>()),
            0..10,
        )),
    )
        .prop_map(|(p, sockets, steps)| {
            let n = sockets.len();
            let steps = steps.map(|list| {
                list.into_iter()
                    .map(|(op, k, flag)| {
                        let socket = k % n;
                        match op {
                            0 => StepSpec::Bind { socket },
                            1 => StepSpec::Listen { socket },
                            2 => StepSpec::Close {
                                socket,
                                lingering: flag,
                            },
                            3 => StepSpec::Expire { socket },
                            4 => StepSpec::Setsockopt { socket },
                            _ => StepSpec::Send {
                                to: "10.0.0.1".into(),
                                port: flag.then_some(80),
                                protocol: Some(Protocol::Tcp),
                            },
                        }
                    })
                    .collect()
            });
            let s = Scenario {
                platform: Platform::ALL[p],
                protocol: Protocol::Tcp,
                sockets,
                steps,
            };
            let step = (!s.effective_steps().is_empty()).then_some(0);
            let view = ViewState {
                step,
                lang: Some("zh-TW".into()),
                view: None,
                embed: false,
            };
            (s, view)
        })
}

proptest! {
    #[test]
    fn any_page_scenario_survives_a_round_trip_through_the_url((s, view) in arb_scenario()) {
        let q = to_query(&s, &view);
        let d = from_query(&q, &base());
        prop_assert!(d.ignored.is_empty(), "{:?} from {:?}", d.ignored, q);
        prop_assert_eq!(d.scenario, s);
        prop_assert_eq!(d.view, view);
    }

    #[test]
    fn arbitrary_queries_never_panic_and_always_give_a_valid_scenario(
        raw in proptest::collection::vec(("[a-z0-9.]{0,12}", ".{0,40}"), 0..12)
    ) {
        let d = from_query(&raw, &base());
        prop_assert!(d.scenario.validate().is_ok());
    }
}

/// Generator, not a check: writes the expected file from the current decoder (run once per
/// new version, then review the diff by hand):
/// `cargo test -p sockbind-core --test share -- --ignored write_fixtures`.
#[test]
#[ignore = "generator: run by hand for a new link version"]
fn write_fixtures() {
    let links = include_str!("fixtures/urls-v1.txt");
    let out: Vec<serde_json::Value> = links
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let d = from_query(&pairs(l), &base());
            serde_json::json!({"query": l, "scenario": d.scenario, "step": d.view.step})
        })
        .collect();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/urls-v1.expected.json"
    );
    std::fs::write(path, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
}
