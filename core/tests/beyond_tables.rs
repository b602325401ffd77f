//! Issue 3 rules, each test named after the rule it pins: evidence, dual-stack, disputed
//! cells, lingering connections, delivery and the timeline.

use sockbind_core::known::{Class, TESTED};
use sockbind_core::*;

fn verdict(json: &str) -> Verdict {
    decide_json(json).unwrap_or_else(|e| panic!("{e}"))
}

fn scenario(platform: &str, sockets: &[&str], steps: Option<&str>) -> Verdict {
    let steps = steps
        .map(|s| format!(r#","steps":{s}"#))
        .unwrap_or_default();
    verdict(&format!(
        r#"{{"platform":"{platform}","sockets":[{}]{steps}}}"#,
        sockets.join(",")
    ))
}

mod common;

fn binding(socket: usize, class: Class, option: OptionState) -> Binding {
    common::binding(socket, class, option, "user-a")
}

#[test]
fn every_row_tested_on_windows_is_reproduced_with_its_evidence() {
    assert!(TESTED.len() >= 30);
    for row in TESTED {
        let a = binding(0, row.first.0, row.first.1);
        let b = binding(1, row.second.0, row.second.1);
        assert_eq!(known::class(&a), row.first.0);
        let o = decide_pair(Platform::Windows7, &a, &b);
        assert_eq!(o.result, row.result, "{row:?}: rule {}", o.rule.id());
        assert_eq!(o.evidence, Evidence::TestedOnWindows, "{row:?}");
        assert!(o.sources.contains(&row.source), "{row:?}");
    }
}

#[test]
fn tested_rows_agree_with_the_tables_where_both_sockets_are_plain() {
    // Where the tests exercise plain same-family sockets, the article's tables agree.
    for row in TESTED.iter().filter(|r| {
        use Class::*;
        matches!(r.first.0, V4Wild | V4Spec | V6Wild | V6Spec)
            && matches!(r.second.0, V4Wild | V4Spec | V6Wild | V6Spec)
    }) {
        let o = decide_pair(
            Platform::Windows7,
            &binding(0, row.first.0, row.first.1),
            &binding(1, row.second.0, row.second.1),
        );
        assert_eq!(o.documented.map(|d| d.result), Some(row.result), "{row:?}");
    }
}

const DUAL_X: &str =
    r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"::","port":5000,"dual_stack":true}"#;
const DUAL_PLAIN: &str = r#"{"address":"::","port":5000,"dual_stack":true}"#;
const V4_WILD: &str = r#"{"address":"0.0.0.0","port":5000}"#;
const V4_LOOP: &str = r#"{"address":"127.0.0.1","port":5000}"#;

#[test]
fn dual_stack_exclusive_holds_ipv4() {
    let v = scenario("windows-7", &[DUAL_X, V4_WILD], None);
    let b = &v.binds[1];
    assert_eq!((b.result, b.code), (BindResult::Access, 10013));
    assert_eq!(b.rule, Rule::DualStackExclusiveHoldsIpv4);
    assert_eq!(
        b.documented,
        Some(BindResult::AddrInUse),
        "the article's both-stacks reading uses the E/W→D/W cell"
    );
    assert_eq!(b.evidence, Evidence::TestedOnWindows);
    let t = b.table.as_ref().unwrap();
    assert_eq!(
        (t.row.key().as_str(), t.column.key().as_str()),
        ("exclusiveaddruse/wildcard", "default/wildcard")
    );
}

#[test]
fn dual_stack_ipv4_side_unclaimed() {
    let v = scenario("windows-7", &[DUAL_PLAIN, V4_WILD], None);
    let b = &v.binds[1];
    assert_eq!(b.result, BindResult::Success);
    assert_eq!(b.rule, Rule::DualStackIpv4SideUnclaimed);
    assert_eq!(b.documented, Some(BindResult::AddrInUse));
    assert_eq!(b.evidence, Evidence::TestedOnWindows);
    assert_eq!(v.port_table.len(), 2, "two servers on one port");
}

#[test]
fn dual_stack_article_example_is_addrinuse_on_tested_windows() {
    let v = scenario("windows-7", &[V4_LOOP, DUAL_X], None);
    let b = &v.binds[1];
    assert_eq!((b.result, b.code), (BindResult::AddrInUse, 10048));
    assert_eq!(b.documented, Some(BindResult::Access));
    assert_eq!(b.documented_rule, Some(Rule::DualStackArticleExample));
    assert_eq!(b.evidence, Evidence::TestedOnWindows);
}

#[test]
fn dual_stack_article_example_stays_documented_but_disputed_on_vista() {
    let v = scenario("windows-vista", &[V4_LOOP, DUAL_X], None);
    let b = &v.binds[1];
    assert_eq!(b.result, BindResult::Access);
    assert_eq!(b.evidence, Evidence::Disputed);
    assert!(b
        .alternatives
        .iter()
        .any(|a| a.result == BindResult::AddrInUse && a.evidence == Evidence::TestedOnWindows));
}

#[test]
fn v4_mapped_address_counts_as_that_ipv4_address() {
    let mapped = r#"{"address":"::ffff:127.0.0.1","port":5000,"dual_stack":true}"#;
    let v = scenario("windows-7", &[mapped, V4_LOOP], None);
    assert_eq!(v.binds[1].result, BindResult::AddrInUse);
    assert_eq!(v.binds[1].evidence, Evidence::TestedOnWindows);
    let v = scenario(
        "windows-7",
        &[mapped, r#"{"address":"127.0.0.2","port":5000}"#],
        None,
    );
    assert_eq!(v.binds[1].result, BindResult::Success);
    assert_eq!(v.binds[1].rule, Rule::DifferentSpecificAddresses);
}

#[test]
fn ipv6_loopback_never_clashes_with_ipv4() {
    let v = scenario(
        "windows-7",
        &[
            r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"::1","port":5000,"dual_stack":true}"#,
            r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"127.0.0.1","port":5000}"#,
        ],
        None,
    );
    assert_eq!(v.binds[1].result, BindResult::Success);
    assert_eq!(v.binds[1].rule, Rule::DifferentFamily);
    assert_eq!(v.binds[1].evidence, Evidence::TestedOnWindows);
}

#[test]
fn disputed_exclusive_wildcard_then_same_wildcard() {
    for second in [
        r#"{"address":"0.0.0.0","port":1}"#,
        r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":1}"#,
    ] {
        let v = scenario(
            "windows-7",
            &[
                r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":1}"#,
                second,
            ],
            None,
        );
        let b = &v.binds[1];
        assert_eq!(
            b.result,
            BindResult::AddrInUse,
            "the article's answer stands"
        );
        assert_eq!(b.documented, Some(BindResult::AddrInUse));
        assert_eq!(b.evidence, Evidence::Disputed);
        let alt = &b.alternatives[0];
        assert_eq!(
            (alt.result, alt.evidence),
            (BindResult::Access, Evidence::Implementation)
        );
        assert!(alt.sources[0].cite.contains("server/sock.c"));
    }
}

#[test]
fn disputed_reuseaddr_specific_then_default_same_specific() {
    let v = scenario(
        "windows-server-2008",
        &[
            r#"{"options":["SO_REUSEADDR"],"address":"10.0.0.1","port":1}"#,
            r#"{"address":"10.0.0.1","port":1,"account":"user-b"}"#,
        ],
        None,
    );
    let b = &v.binds[1];
    assert_eq!(b.result, BindResult::AddrInUse);
    assert_eq!(b.evidence, Evidence::Disputed);
    assert!(b
        .alternatives
        .iter()
        .any(|a| a.result == BindResult::Access
            && a.sources[0].id == "wsk-sharing-transport-addresses"));
}

#[test]
fn undisputed_cells_say_documented_and_cite_the_article() {
    let v = scenario(
        "windows-server-2003",
        &[
            r#"{"address":"0.0.0.0","port":1}"#,
            r#"{"options":["SO_REUSEADDR"],"address":"10.0.0.1","port":1,"account":"user-b"}"#,
        ],
        None,
    );
    let b = &v.binds[1];
    assert_eq!(b.evidence, Evidence::Documented);
    assert!(b.alternatives.is_empty());
    assert!(b.sources[0].cite.contains("Enhanced Socket Security"));
}

#[test]
fn exclusiveaddruse_admin_only_mentions_kb_870562_on_2000_and_xp() {
    for (p, has_note) in [
        ("windows-2000", true),
        ("windows-xp", true),
        ("windows-nt-4.0-sp4", false),
    ] {
        let v = scenario(
            p,
            &[r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":1,"admin":false}"#],
            None,
        );
        // The failed call is reported; the socket still binds, without the option.
        let b = v.binds[0].failed_setsockopt.as_ref().expect(p);
        assert_eq!(b.rule, Rule::ExclusiveAdminOnly);
        assert_eq!(v.binds[0].result, BindResult::Success);
        assert_eq!(v.port_table[0].option, OptionState::Default);
        assert_eq!(
            b.alternatives
                .iter()
                .any(|a| a.sources[0].id == "kb-870562"),
            has_note,
            "{p}"
        );
    }
}

const EXCL_WILD: &str = r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":80}"#;

#[test]
fn lingering_exclusive_rebind_follows_two_reports_on_current_windows() {
    let v = scenario(
        "windows-7",
        &[EXCL_WILD, EXCL_WILD, r#"{"address":"0.0.0.0","port":80}"#],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"close","socket":0,"lingering":true},{"op":"bind","socket":1},{"op":"bind","socket":2}]"#,
        ),
    );
    let lingering = &v.timeline[2];
    assert!(matches!(
        lingering.outcome,
        Outcome::Close {
            lingering: true,
            removed: true,
            ..
        }
    ));
    assert!(lingering.port_table[0].lingering);
    let b = &v.binds[1];
    // trio#928 (Windows 7, 10) and bitcoin#36169 (Windows 10): the rebind succeeds; the
    // article's answer stays visible as `documented`.
    assert_eq!(b.rule, Rule::ExclusiveRebindAfterClose);
    assert_eq!(b.result, BindResult::Success);
    assert_eq!(b.evidence, Evidence::Reports);
    assert_eq!(b.documented, Some(BindResult::AddrInUse));
    assert_eq!(
        b.documented_rule,
        Some(Rule::LingeringBlocksExclusiveRebind)
    );
    assert!(b
        .sources
        .iter()
        .any(|s| s.cite.starts_with("python-trio/trio#928")));
    assert!(b
        .sources
        .iter()
        .any(|s| s.cite.starts_with("bitcoin/bitcoin#36169")));
    // On an older platform the article decides and the reports are the alternative.
    let old = scenario(
        "windows-vista",
        &[EXCL_WILD, EXCL_WILD, r#"{"address":"0.0.0.0","port":80}"#],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"close","socket":0,"lingering":true},{"op":"bind","socket":1},{"op":"bind","socket":2}]"#,
        ),
    );
    let o = &old.binds[1];
    assert_eq!(o.rule, Rule::LingeringBlocksExclusiveRebind);
    assert_eq!(o.result, BindResult::AddrInUse);
    assert_eq!(o.evidence, Evidence::Disputed);
    assert!(o
        .alternatives
        .iter()
        .any(|a| a.result == BindResult::Success && a.evidence == Evidence::Reports));
    assert!(
        b.explanation.contains("shutdown"),
        "the graceful-shutdown advice is part of the explanation"
    );
    // A plain bind is not blocked by what is left of the closed socket (only by socket 1).
    assert_eq!(v.binds[2].blocked_by, Some(1));
    let c = &old.binds[2];
    assert_eq!(
        (c.result, c.rule),
        (BindResult::Success, Rule::ClosedConnectionDoesNotBlock)
    );
}

#[test]
fn closed_connection_does_not_block_after_expiry_or_without_lingering() {
    let v = scenario(
        "windows-7",
        &[EXCL_WILD, EXCL_WILD],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"close","socket":0,"lingering":true},{"op":"expire","socket":0},{"op":"bind","socket":1}]"#,
        ),
    );
    assert_eq!(v.binds[1].result, BindResult::Success);
    assert_eq!(v.binds[1].rule, Rule::PortFree);
}

#[test]
fn socket_life_cycle_errors() {
    let v = scenario(
        "windows-7",
        &[r#"{"address":"0.0.0.0","port":53,"protocol":"udp"}"#],
        Some(
            r#"[{"op":"listen","socket":0},{"op":"bind","socket":0},{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"close","socket":0},{"op":"bind","socket":0}]"#,
        ),
    );
    let codes: Vec<u32> = v
        .timeline
        .iter()
        .filter_map(|e| e.verdict().map(|v| v.code))
        .collect();
    assert_eq!(codes, vec![10022, 0, 10022, 10045, 10038]);
}

#[test]
fn setsockopt_step_runs_options_early() {
    let v = scenario(
        "windows-98",
        &[r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":1}"#],
        Some(r#"[{"op":"setsockopt","socket":0}]"#),
    );
    let e = v.timeline[0].verdict().unwrap();
    assert_eq!(
        (e.result, e.call),
        (BindResult::NoProtoOpt, Call::Setsockopt)
    );
}

fn delivery(v: &Verdict, step: usize) -> &Delivery {
    match &v.timeline[step].outcome {
        Outcome::Send(d) => d,
        other => panic!("step {step} is not a send: {other:?}"),
    }
}

#[test]
fn specific_beats_wildcard_whatever_the_order() {
    for (first, second, winner) in [(0usize, 1usize, 1usize), (1, 0, 1)] {
        let socks = [
            r#"{"address":"0.0.0.0","port":80}"#,
            r#"{"address":"127.0.0.1","port":80}"#,
        ];
        let v = scenario(
            "windows-7",
            &socks,
            Some(&format!(
                r#"[{{"op":"bind","socket":{first}}},{{"op":"listen","socket":{first}}},{{"op":"bind","socket":{second}}},{{"op":"listen","socket":{second}}},{{"op":"send","to":"127.0.0.1","port":80}},{{"op":"send","to":"10.0.0.1","port":80}}]"#
            )),
        );
        let d = delivery(&v, 4);
        assert_eq!(d.result.sockets, vec![winner]);
        assert_eq!(d.rule, DeliveryRule::SpecificBeatsWildcard);
        assert_eq!(d.evidence, Evidence::TestedOnWindows);
        assert!(
            !d.documented.determinate,
            "the article calls shared ports indeterminate"
        );
        let other = delivery(&v, 5);
        assert_eq!(
            other.result.sockets,
            vec![0],
            "the wildcard serves every other address"
        );
    }
}

#[test]
fn exclusive_specific_then_wildcard_serves_every_other_address() {
    let v = scenario(
        "windows-server-2003",
        &[
            r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"10.0.0.1","port":80}"#,
            r#"{"address":"0.0.0.0","port":80}"#,
        ],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":1},{"op":"listen","socket":1},{"op":"send","to":"10.0.0.1","port":80},{"op":"send","to":"10.99.99.99","port":80}]"#,
        ),
    );
    assert_eq!(delivery(&v, 4).documented.sockets, vec![0]);
    assert_eq!(delivery(&v, 5).documented.sockets, vec![1]);
    assert_eq!(delivery(&v, 5).evidence, Evidence::Documented);
}

#[test]
fn oldest_listener_accepts_among_reuseaddr_sharers() {
    let r = r#"{"options":["SO_REUSEADDR"],"address":"127.0.0.1","port":80}"#;
    let v = scenario(
        "windows-7",
        &[r, r],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":1},{"op":"listen","socket":1},{"op":"send","to":"127.0.0.1","port":80},{"op":"close","socket":0},{"op":"send","to":"127.0.0.1","port":80}]"#,
        ),
    );
    let d = delivery(&v, 4);
    assert_eq!(
        (d.result.sockets.clone(), d.rule),
        (vec![0], DeliveryRule::OldestListenerAccepts)
    );
    assert!(!d.documented.determinate);
    assert_eq!(d.documented.candidates, vec![0, 1]);
    assert_eq!(delivery(&v, 6).result.sockets, vec![1]);
}

#[test]
fn shared_address_indeterminate_for_udp() {
    let r = r#"{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":53,"protocol":"udp"}"#;
    let v = scenario(
        "windows-7",
        &[r, r],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"bind","socket":1},{"op":"send","to":"10.0.0.1","port":53,"protocol":"udp"}]"#,
        ),
    );
    let d = delivery(&v, 2);
    assert!(!d.result.determinate);
    assert_eq!(d.result.candidates, vec![0, 1]);
    assert_eq!(d.rule, DeliveryRule::SharedAddressIndeterminate);
}

#[test]
fn multicast_to_all_members() {
    let m = r#"{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5353,"protocol":"udp","groups":["239.1.2.3"]}"#;
    let nm = r#"{"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5353,"protocol":"udp"}"#;
    let v = scenario(
        "windows-7",
        &[m, m, nm],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"bind","socket":1},{"op":"bind","socket":2},{"op":"send","to":"239.1.2.3","port":5353,"protocol":"udp"}]"#,
        ),
    );
    let d = delivery(&v, 3);
    assert_eq!(d.result.sockets, vec![0, 1]);
    assert!(d.result.determinate);
    assert_eq!(d.rule, DeliveryRule::MulticastToAllMembers);
}

#[test]
fn tcp_needs_a_listener_and_lingering_rows_receive_nothing() {
    let v = scenario(
        "windows-7",
        &[r#"{"address":"0.0.0.0","port":80}"#],
        Some(
            r#"[{"op":"bind","socket":0},{"op":"send","to":"127.0.0.1","port":80},{"op":"listen","socket":0},{"op":"send","to":"127.0.0.1","port":80},{"op":"close","socket":0,"lingering":true},{"op":"send","to":"127.0.0.1","port":80}]"#,
        ),
    );
    assert_eq!(delivery(&v, 1).rule, DeliveryRule::NoReceiver);
    assert_eq!(delivery(&v, 3).result.sockets, vec![0]);
    assert_eq!(delivery(&v, 5).rule, DeliveryRule::NoReceiver);
}

#[test]
fn five_step_timeline_round_trips_through_json() {
    let text = r#"{"platform":"windows-7","sockets":[{"address":"::","port":80,"dual_stack":true},{"address":"0.0.0.0","port":80}],
      "steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":1},{"op":"listen","socket":1},{"op":"send","to":"10.0.0.1"}]}"#;
    let s = parse_scenario(text).unwrap();
    assert_eq!(
        parse_scenario(&serde_json::to_string(&s).unwrap()).unwrap(),
        s
    );
    let v = s.evaluate().unwrap();
    assert_eq!(v.timeline.len(), 5);
    assert_eq!(v.binds.len(), 2);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["binds"][1]["evidence"], "tested-on-windows");
    assert_eq!(json["binds"][1]["documented"], "WSAEADDRINUSE");
    assert_eq!(json["binds"][1]["result"], "success");
    assert!(json["binds"][1]["sources"][0]
        .as_str()
        .unwrap()
        .contains("Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE"));
    assert_eq!(json["timeline"][4]["outcome"]["kind"], "send");
    assert_eq!(
        json["timeline"][4]["outcome"]["rule"],
        "dual-stack-ambiguous"
    );
    assert_eq!(
        json["timeline"][4]["outcome"]["result"]["determinate"],
        false
    );
    assert_eq!(
        json["timeline"][4]["outcome"]["result"]["candidates"],
        serde_json::json!([0, 1])
    );
}

#[test]
fn timeline_and_dual_stack_bad_input_is_refused() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"bind","socket":3}]}"#,
            "steps[0].socket",
            "no such socket",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"bind","socket":0,"x":1}]}"#,
            "steps[0]",
            "unknown field",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"jump","socket":0}]}"#,
            "steps[0].op",
            "unknown variant",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"send","to":"239.1.1.1"}]}"#,
            "steps[0].to",
            "multicast",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"send","to":"nowhere"}]}"#,
            "steps[0].to",
            "not an IPv4",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"dual_stack":true}]}"#,
            "sockets[0].dual_stack",
            "IPv6 socket",
        ),
        (
            r#"{"platform":"windows-xp","sockets":[{"address":"::","port":1,"dual_stack":true}]}"#,
            "sockets[0].dual_stack",
            "Vista",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"groups":["239.1.1.1"]}]}"#,
            "sockets[0].groups[0]",
            "only UDP",
        ),
        (
            r#"{"platform":"windows-7","protocol":"udp","sockets":[{"address":"0.0.0.0","port":1,"groups":["10.0.0.1"]}]}"#,
            "sockets[0].groups[0]",
            "not a multicast",
        ),
        (
            r#"{"platform":"windows-7","protocol":"udp","sockets":[{"address":"0.0.0.0","port":1,"groups":["ff02::1"]}]}"#,
            "sockets[0].groups[0]",
            "different families",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":70000}]}"#,
            "sockets[0].port",
            "not a port number (0–65535)",
        ),
    ];
    for (json, field, needle) in cases {
        let e = decide_json(json).expect_err(json);
        assert_eq!(&e.field, field, "{json}: {e}");
        assert!(e.to_string().contains(needle), "{json}: {e}");
    }
}

#[test]
fn every_rule_cites_the_source_of_its_section() {
    for &r in Rule::ALL {
        let sources = r.sources();
        let cite = sources[0].cite;
        if r.section() == Section::WinsockReference {
            assert!(cite.contains("reference"), "{cite}");
        } else {
            assert!(cite.starts_with("article"), "{}: {cite}", r.id());
        }
    }
    assert!(Rule::ClosedConnectionDoesNotBlock.sources()[1]
        .cite
        .contains("libuv"));
    assert!(Rule::DualStackIpv4SideUnclaimed.sources()[1]
        .cite
        .contains("sock.c"));
    assert!(Rule::EphemeralPort.sources()[0]
        .cite
        .contains("Application Strategies"));
    assert!(Rule::ExclusiveUnavailable.sources()[0]
        .cite
        .contains("availability"));
    assert!(Rule::LegacyPortInUse.sources()[0]
        .cite
        .contains("Using SO_EXCLUSIVEADDRUSE"));
}

#[test]
fn the_verdict_section_is_the_one_its_sources_cite() {
    // ephemeral-port and different-family once printed one section and cited another.
    for (json, rule, section) in [
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":0},{"address":"0.0.0.0","port":0}]}"#,
            "ephemeral-port",
            "Application Strategies",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":80},{"address":"::","port":80}]}"#,
            "different-family",
            "Using SO_EXCLUSIVEADDRUSE",
        ),
    ] {
        let b = decide_json(json).unwrap().binds[1].clone();
        assert_eq!(b.rule.id(), rule);
        assert_eq!(b.section, section);
        assert!(b.sources[0].cite.contains(section), "{:?}", b.sources);
    }
}

#[test]
fn a_failed_setsockopt_does_not_end_the_socket() {
    // cpp-httplib#2011: two servers each set SO_REUSEADDR then SO_EXCLUSIVEADDRUSE, ignore the
    // WSAEINVAL, and bind with SO_REUSEADDR: they silently share the port.
    let both =
        r#"{"options":["SO_REUSEADDR","SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":8080}"#;
    let v = scenario("windows-7", &[both, both], None);
    for b in &v.binds {
        let f = b.failed_setsockopt.as_ref().unwrap();
        assert_eq!(
            (f.result, f.code, f.rule),
            (BindResult::Inval, 10022, Rule::ConflictingOptions)
        );
        assert!(f
            .sources
            .iter()
            .any(|s| s.cite.contains("cpp-httplib#2011")));
        assert_eq!(b.call, Call::Bind);
    }
    assert_eq!(v.binds[1].result, BindResult::Success);
    assert_eq!(v.binds[1].rule, Rule::BothReuseShare);
    assert!(v
        .port_table
        .iter()
        .all(|b| b.option == OptionState::ReuseAddr));
    // The other order keeps SO_EXCLUSIVEADDRUSE, so the second server is refused.
    let other =
        r#"{"options":["SO_EXCLUSIVEADDRUSE","SO_REUSEADDR"],"address":"0.0.0.0","port":8080}"#;
    let v = scenario("windows-7", &[other, other], None);
    assert_eq!(v.binds[1].result, BindResult::AddrInUse);
    // An explicit setsockopt step reports the failure itself; the later bind uses what took
    // effect.
    let v = scenario(
        "windows-7",
        &[both],
        Some(r#"[{"op":"setsockopt","socket":0},{"op":"bind","socket":0}]"#),
    );
    let e = v.timeline[0].verdict().unwrap();
    assert_eq!((e.call, e.result), (Call::Setsockopt, BindResult::Inval));
    assert_eq!(v.binds[0].result, BindResult::Success);
    assert_eq!(v.port_table[0].option, OptionState::ReuseAddr);
}
