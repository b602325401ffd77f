//! URL state: round trips, the example links of each version, and hostile links.

use proptest::prelude::*;
use sockbind_core::scenario::{self, MAX_GROUPS};
use sockbind_core::share::{
    from_query, to_query, Instead, Reason, ViewState, MAX_NOTE_CHARS, MAX_URL_PARAMS,
    MAX_URL_SOCKETS, MAX_URL_STEPS, MAX_VALUE_LEN,
};
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
        assert!(d.notes.is_empty(), "{line}: notes {:?}", d.notes);
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

/// `(param, reason id, instead id)` of every note.
fn notes(q: &str) -> Vec<(String, &'static str, &'static str)> {
    from_query(&pairs(q), &base())
        .notes
        .iter()
        .map(|n| (n.param.clone(), n.reason.id(), n.instead.id()))
        .collect()
}

/// `(param, reason id, instead id)`.
type Note<'a> = (&'a str, &'a str, &'a str);

#[test]
fn hostile_links_load_what_they_can_and_name_every_parameter_with_the_right_reason() {
    let long = format!("?s0.addr={}", "1".repeat(MAX_VALUE_LEN + 1));
    let cases: &[(&str, &[Note])] = &[
        ("?platform=windows-12", &[("platform", "bad-platform", "value")]),
        ("?v=9&platform=windows-xp", &[("v", "unknown-version", "version-1")]),
        (
            "?s0.addr=999.1.1.1&s0.opt=SO_LINGER",
            &[("s0.opt", "bad-option", "value"), ("s0.addr", "bad-address", "value")],
        ),
        ("?s99.addr=0.0.0.0", &[("s99.addr", "too-many-sockets", "nothing")]),
        ("?s8.addr=0.0.0.0", &[("s8.addr", "too-many-sockets", "nothing")]),
        // A socket number with a leading zero is named, not silently read as another socket.
        (
            "?s0.addr=0.0.0.0&s01.addr=10.0.0.1",
            &[("s01.addr", "bad-socket-number", "nothing")],
        ),
        // Unknown names are unknown, not "too many sockets".
        ("?sx.addr=1&s.addr=1&s0.foo=1", &[
            ("sx.addr", "unknown-parameter", "nothing"),
            ("s.addr", "unknown-parameter", "nothing"),
            ("s0.foo", "unknown-parameter", "nothing"),
        ]),
        ("?s0.addr=0.0.0.0&steps=bind~7", &[("steps", "no-such-socket", "bind-in-order")]),
        ("?s0.addr=0.0.0.0&steps=bind~00", &[("steps", "bad-step", "bind-in-order")]),
        ("?s0.addr=0.0.0.0&steps=jump~0", &[("steps", "bad-step", "bind-in-order")]),
        (
            "?s0.addr=0.0.0.0&s0.dual=1",
            &[("s0.dual", "dual-stack-needs-ipv6", "off")],
        ),
        (
            "?platform=windows-xp&s0.addr=::&s0.dual=1",
            &[("s0.dual", "dual-stack-needs-vista", "off")],
        ),
        (
            "?s0.addr=0.0.0.0&s0.groups=239.1.1.1",
            &[("s0.groups", "groups-need-udp", "off")],
        ),
        (
            "?protocol=udp&s0.addr=::&s0.groups=239.1.1.1",
            &[("s0.groups", "group-other-family", "off")],
        ),
        (
            "?s0.addr=0.0.0.0&s0.groups=10.0.0.1",
            &[("s0.groups", "bad-group", "off")],
        ),
        ("?port=70000", &[("port", "bad-port", "value")]),
        ("?step=0", &[("step", "bad-step-number", "last-step")]),
        ("?view=big&embed=2", &[("view", "bad-view", "value"), ("embed", "bad-flag", "value")]),
        (
            "?foo=bar&%3Cscript%3E=1",
            &[
                ("foo", "unknown-parameter", "nothing"),
                ("%3Cscript%3E", "unknown-parameter", "nothing"),
            ],
        ),
        (
            "?s0.addr=0.0.0.0&steps=send~tcp~239.1.1.1~80",
            &[("steps", "tcp-to-multicast", "bind-in-order")],
        ),
        (
            "?platform=windows-xp&platform=windows-7",
            &[("platform", "duplicate", "later")],
        ),
        (
            "?s0.opt=SO_REUSEADDR,SO_REUSEADDR,SO_REUSEADDR,SO_REUSEADDR,SO_REUSEADDR",
            &[("s0.opt", "too-many-options", "value")],
        ),
        (
            "?protocol=udp&s0.groups=239.0.0.1,239.0.0.2,239.0.0.3,239.0.0.4,239.0.0.5,239.0.0.6,239.0.0.7,239.0.0.8,239.0.0.9",
            &[("s0.groups", "too-many-groups", "off")],
        ),
        (&long, &[("s0.addr", "too-long", "nothing")]),
        // A single parameter for a high socket index says what was done to the others.
        (
            "?s7.addr=::::",
            &[
                ("s0–s6", "missing-sockets", "default-sockets"),
                ("s7.addr", "bad-address", "value"),
            ],
        ),
        ("?s2.addr=::1", &[("s0–s1", "missing-sockets", "default-sockets")]),
        ("?s0.addr=::1&s2.addr=::1", &[("s1", "missing-sockets", "default-sockets")]),
        ("?s0.user=", &[("s0.user", "bad-account", "value")]),
    ];
    for (q, want) in cases {
        let got = notes(q);
        let want: Vec<(String, &str, &str)> = want
            .iter()
            .map(|(p, r, i)| (p.to_string(), *r, *i))
            .collect();
        assert_eq!(got, want, "{q}");
        from_query(&pairs(q), &base())
            .scenario
            .validate()
            .unwrap_or_else(|e| panic!("{q}: decoded scenario invalid: {e}"));
    }
    // A platform that cannot be read keeps the base's; the later duplicate wins.
    assert_eq!(
        from_query(&pairs("?platform=windows-12"), &base())
            .scenario
            .platform,
        Platform::Windows7
    );
    assert_eq!(
        from_query(&pairs("?platform=windows-7&platform=windows-xp"), &base())
            .scenario
            .platform,
        Platform::WindowsXp
    );
    // What was used instead is said.
    let d = from_query(&pairs("?s7.addr=::::"), &base());
    assert_eq!(d.scenario.sockets.len(), 8);
    assert_eq!(d.notes[1].value, "::::");
    assert_eq!(d.notes[1].instead, Instead::Value("0.0.0.0".into()));
    // No query: the base, nothing noted.
    let d = from_query(&[], &base());
    assert_eq!(d.scenario, base());
    assert!(d.notes.is_empty());
}

#[test]
fn notes_quote_values_escaped_and_shortened() {
    let raw = vec![
        (
            "s0.addr".to_string(),
            format!("\n\u{1b}[31m{}", "x".repeat(3000)),
        ),
        ("we\nird\u{0}".to_string(), "a\nb".to_string()),
    ];
    let mut d = from_query(&raw, &base());
    assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
    d.notes.swap(0, 1);
    assert!(
        d.notes[0].value.starts_with(r"\n\u{1b}[31mxxx"),
        "{:?}",
        d.notes[0]
    );
    assert!(
        d.notes[0].value.ends_with("… (3006 bytes)"),
        "{:?}",
        d.notes[0]
    );
    assert_eq!(d.notes[1].param, r"we\nird\u{0}");
    for n in &d.notes {
        assert!(n.value.chars().count() <= MAX_NOTE_CHARS + 20, "{n:?}");
        assert!(!n.value.chars().any(char::is_control), "{n:?}");
        assert!(!n.param.chars().any(char::is_control), "{n:?}");
    }
}

#[test]
fn hostile_link_sizes_cost_little_and_are_named_once() {
    // 100,000 unknown parameters: the first MAX_URL_PARAMS are named, then one note for the rest.
    let raw: Vec<(String, String)> = (0..100_000)
        .map(|i| (format!("x{i}"), "1".into()))
        .collect();
    let t = std::time::Instant::now();
    let d = from_query(&raw, &base());
    assert!(t.elapsed().as_secs() < 5);
    assert_eq!(d.notes.len(), MAX_URL_PARAMS + 1);
    let last = d.notes.last().unwrap();
    assert_eq!(last.reason.id(), "too-many-params");
    assert_eq!(last.value, (100_000 - MAX_URL_PARAMS).to_string());
}

#[test]
fn the_longest_link_the_page_writes_loads_fully() {
    // 8 sockets with every field, 40 IPv6 sends: nothing is "too long".
    let sockets: Vec<SocketSpec> = (0..MAX_URL_SOCKETS)
        .map(|i| SocketSpec {
            protocol: Some(Protocol::Udp),
            dual_stack: true,
            admin: false,
            groups: (0..MAX_GROUPS)
                .map(|g| format!("ff02::{g}:ffff:ffff:ffff"))
                .collect(),
            port: 65535,
            ..SocketSpec::new(
                vec![
                    SockOpt::ReuseAddr,
                    SockOpt::ExclusiveAddrUse,
                    SockOpt::ReuseAddr,
                    SockOpt::ReuseAddr,
                ],
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                1,
                &format!("{i}{}", "a".repeat(63)),
            )
        })
        .collect();
    let s = Scenario {
        platform: Platform::Windows7,
        protocol: Protocol::Udp,
        sockets,
        steps: Some(vec![
            StepSpec::Send {
                to: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".into(),
                port: Some(65535),
                protocol: Some(Protocol::Udp),
            };
            MAX_URL_STEPS
        ]),
    };
    s.validate().unwrap();
    let q = to_query(&s, &ViewState::default());
    assert!(q.len() <= MAX_URL_PARAMS);
    let d = from_query(&q, &base());
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert_eq!(d.scenario, s);
}

#[test]
fn links_and_json_name_the_same_limits() {
    // Five options: refused by both forms, each naming the limit and the form.
    let json = r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"options":["SO_REUSEADDR","SO_REUSEADDR","SO_REUSEADDR","SO_REUSEADDR","SO_REUSEADDR"]}]}"#;
    let e = decide_json(json).unwrap_err().to_string();
    assert!(
        e.contains("at most 4") && e.contains("scenario JSON and links"),
        "{e}"
    );
    assert_eq!(
        notes("?s0.opt=SO_REUSEADDR,SO_REUSEADDR,SO_REUSEADDR,SO_REUSEADDR,SO_REUSEADDR")[0].1,
        "too-many-options"
    );
    assert_eq!(Reason::TooManyOptions.limit(), Some(scenario::MAX_OPTIONS));
    // Nine groups.
    let groups: Vec<String> = (1..=9).map(|g| format!("\"239.0.0.{g}\"")).collect();
    let json = format!(
        r#"{{"platform":"windows-7","protocol":"udp","sockets":[{{"address":"0.0.0.0","port":1,"groups":[{}]}}]}}"#,
        groups.join(",")
    );
    let e = decide_json(&json).unwrap_err().to_string();
    assert!(
        e.contains("too many groups; at most 8") && e.contains("scenario JSON and links"),
        "{e}"
    );
    // Sockets and steps: JSON allows more than links, and says both.
    let many = format!(
        r#"{{"platform":"windows-7","sockets":[{}]}}"#,
        vec![r#"{"address":"0.0.0.0","port":1}"#; 65].join(",")
    );
    let e = decide_json(&many).unwrap_err().to_string();
    assert!(
        e.contains("scenario JSON allows at most 64 (links and the page: 8)"),
        "{e}"
    );
    assert_eq!(Reason::TooManySockets.limit(), Some(MAX_URL_SOCKETS));
    assert_eq!(Reason::TooManySteps.limit(), Some(MAX_URL_STEPS));
    let steps = vec!["bind~0"; MAX_URL_STEPS + 1].join(",");
    assert_eq!(
        notes(&format!("?s0.addr=0.0.0.0&steps={steps}")),
        vec![("steps".to_string(), "too-many-steps", "bind-in-order")]
    );
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
                sections: None,
                predict: step.is_some(),
                lesson: None,
                question: None,
            };
            (s, view)
        })
}

proptest! {
    #[test]
    fn any_page_scenario_survives_a_round_trip_through_the_url((s, view) in arb_scenario()) {
        let q = to_query(&s, &view);
        let d = from_query(&q, &base());
        prop_assert!(d.notes.is_empty(), "{:?} from {:?}", d.notes, q);
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

/// Writes the expected file from the current decoder (run once per new version, then review
/// the diff by hand): `cargo test -p sockbind-core --test share -- --ignored write_fixtures`.
#[test]
#[ignore = "writes tests/fixtures/urls-v1.expected.json; run by hand for a new link version"]
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

/// Scenarios within the limits links and JSON share (8 sockets, 40 steps, 4 options, 8
/// groups, 64-character accounts), with every field a link carries.
fn arb_shared() -> impl Strategy<Value = Scenario> {
    let addr = prop_oneof![
        Just("0.0.0.0".to_string()),
        Just("::".to_string()),
        Just("::ffff:10.0.0.1".to_string()),
        any::<[u8; 4]>().prop_map(|b| std::net::Ipv4Addr::from(b).to_string()),
        any::<[u16; 8]>().prop_map(|b| std::net::Ipv6Addr::from(b).to_string()),
    ];
    let opt = prop_oneof![Just(SockOpt::ReuseAddr), Just(SockOpt::ExclusiveAddrUse)];
    let group = prop_oneof![
        (0u8..16, any::<[u8; 3]>()).prop_map(|(a, b)| format!(
            "{}.{}.{}.{}",
            224 + a,
            b[0],
            b[1],
            b[2]
        )),
        any::<u16>().prop_map(|x| format!("ff02::{x:x}")),
    ];
    let proto = proptest::option::of(prop_oneof![Just(Protocol::Tcp), Just(Protocol::Udp)]);
    let sock = (
        proptest::collection::vec(opt, 0..=scenario::MAX_OPTIONS),
        addr,
        any::<u16>(),
        "[a-zA-Z0-9 _.\\-é中]{1,64}",
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(group, 0..=MAX_GROUPS),
        proto,
    )
        .prop_map(
            |(o, a, port, user, admin, dual, groups, protocol)| SocketSpec {
                admin,
                dual_stack: dual,
                groups,
                protocol,
                ..SocketSpec::new(o, &a, port, &user)
            },
        );
    let step = (
        0usize..7,
        0usize..MAX_URL_SOCKETS,
        any::<bool>(),
        any::<u16>(),
    );
    (
        0usize..Platform::ALL.len(),
        any::<bool>(),
        proptest::collection::vec(sock, 1..=MAX_URL_SOCKETS),
        proptest::option::of(proptest::collection::vec(step, 0..=MAX_URL_STEPS)),
    )
        .prop_map(|(p, udp, mut sockets, steps)| {
            let platform = Platform::ALL[p];
            let protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
            let n = sockets.len();
            for k in sockets.iter_mut() {
                // Keep the combination possible: the repair is tested elsewhere.
                let v6 = k.address.contains(':');
                if k.dual_stack && (!v6 || platform < Platform::WindowsVista) {
                    k.dual_stack = false;
                }
                let udp = k.protocol.unwrap_or(protocol) == Protocol::Udp;
                let fits = |g: &String| g.contains(':') == v6 || (!g.contains(':') && k.dual_stack);
                if !udp || !k.groups.iter().all(fits) {
                    k.groups.clear();
                }
                if k.account.trim().is_empty() {
                    k.account = "user-a".into();
                }
            }
            let port0 = sockets[0].port;
            let steps = steps.map(|list| {
                list.into_iter()
                    .map(|(op, k, flag, port)| {
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
                            5 => StepSpec::Send {
                                to: "10.0.0.1".into(),
                                port: flag.then_some(port),
                                protocol: None,
                            },
                            _ => StepSpec::Send {
                                to: "239.1.1.1".into(),
                                port: Some(port0),
                                protocol: Some(Protocol::Udp),
                            },
                        }
                    })
                    .collect()
            });
            Scenario {
                platform,
                protocol,
                sockets,
                steps,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn links_and_json_give_the_same_scenario_and_verdict_within_the_shared_limits(s in arb_shared()) {
        prop_assert!(s.validate().is_ok(), "{:?}", s.validate());
        let from_json = parse_scenario(&serde_json::to_string(&s).unwrap()).unwrap();
        let q = to_query(&s, &ViewState::default());
        let d = from_query(&q, &base());
        prop_assert!(d.notes.is_empty(), "{:?} from {:?}", d.notes, q);
        prop_assert_eq!(&d.scenario, &s);
        prop_assert_eq!(&from_json, &s);
        let a = serde_json::to_string(&from_json.evaluate().unwrap()).unwrap();
        let b = serde_json::to_string(&d.scenario.evaluate().unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn a_decoded_link_writes_a_link_that_reads_back_without_notes(
        raw in proptest::collection::vec(
            (prop_oneof![
                Just("platform".to_string()), Just("protocol".to_string()), Just("port".to_string()),
                Just("steps".to_string()), Just("step".to_string()),
                (0usize..10, prop_oneof![Just("opt"), Just("addr"), Just("user"), Just("dual"),
                    Just("groups"), Just("proto"), Just("port"), Just("admin")])
                    .prop_map(|(i, f)| format!("s{i}.{f}")),
                "[a-z0-9.]{0,8}",
            ],
            prop_oneof![
                Just("udp".to_string()), Just("::".to_string()), Just("1".to_string()),
                Just("239.1.1.1,ff02::1".to_string()), Just("windows-xp".to_string()),
                Just("bind~0,listen~0,send~udp~239.1.1.1".to_string()), Just("SO_REUSEADDR".to_string()),
                ".{0,12}",
            ]),
            0..16)
    ) {
        let d = from_query(&raw, &base());
        prop_assert!(d.scenario.validate().is_ok());
        let again = from_query(&to_query(&d.scenario, &d.view), &base());
        prop_assert!(again.notes.is_empty(), "{:?}", again.notes);
        prop_assert_eq!(again.scenario, d.scenario);
    }
}

#[test]
fn sections_are_read_in_page_order_and_unknown_names_are_reported() {
    use sockbind_core::share::Section;
    let base = sockbind_core::Scenario {
        platform: Platform::Windows7,
        protocol: Protocol::Tcp,
        sockets: vec![SocketSpec::new(vec![], "0.0.0.0", 5150, "user-a")],
        steps: None,
    };
    let pairs = |v: &str| {
        vec![
            ("embed".to_string(), "1".to_string()),
            ("sections".to_string(), v.to_string()),
        ]
    };
    let d = from_query(&pairs("tables, answer,,answer"), &base);
    assert_eq!(
        d.view.sections,
        Some(vec![Section::Answer, Section::Tables])
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);

    let d = from_query(&pairs("answer,nope"), &base);
    assert_eq!(d.view.sections, Some(vec![Section::Answer]));
    let reasons: Vec<_> = d
        .notes
        .iter()
        .map(|n| (n.param.as_str(), n.reason.id()))
        .collect();
    assert_eq!(reasons, vec![("sections", "unknown-section")]);

    // Nothing known: every part is shown, and the notice says why.
    let d = from_query(&pairs("nope"), &base);
    assert_eq!(d.view.sections, None);
    let reasons: Vec<_> = d
        .notes
        .iter()
        .map(|n| (n.param.as_str(), n.reason.id()))
        .collect();
    assert_eq!(reasons, vec![("sections", "unknown-section")]);

    // Written back in page order, and read again the same.
    let q = to_query(
        &d.scenario,
        &ViewState {
            sections: Some(Section::parse_list("timeline,answer").0),
            ..ViewState::default()
        },
    );
    assert!(
        q.contains(&("sections".to_string(), "answer,timeline".to_string())),
        "{q:?}"
    );
    assert_eq!(
        from_query(&q, &base).view.sections,
        Some(vec![Section::Answer, Section::Timeline])
    );

    // Bounded: a huge value is refused as a whole.
    let d = from_query(&pairs(&"answer,".repeat(1000)), &base);
    assert_eq!(d.view.sections, None);
}

#[test]
fn training_parameters_are_read_one_by_one() {
    let base = base();
    let d = from_query(&pairs("predict=1&lesson=course&q=3"), &base);
    assert!(d.view.predict);
    assert_eq!(d.view.lesson.as_deref(), Some("course"));
    assert_eq!(d.view.question, Some(2));
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    // Written back the same way.
    let q = to_query(&d.scenario, &d.view);
    let again = from_query(&q, &base);
    assert_eq!(again.view, d.view);

    // Bad values are named, and the rest still loads.
    let d = from_query(&pairs("predict=yes&lesson=x.json&q=0"), &base);
    assert!(!d.view.predict);
    assert_eq!(d.view.question, None);
    let reasons: Vec<_> = d
        .notes
        .iter()
        .map(|n| (n.param.as_str(), n.reason.id()))
        .collect();
    assert_eq!(
        reasons,
        vec![("predict", "bad-flag"), ("q", "bad-question")]
    );

    // `q` without a lesson means nothing.
    let d = from_query(&pairs("q=2"), &base);
    assert_eq!(d.view.question, None);
    assert_eq!(d.notes[0].reason, Reason::BadQuestion);
}
