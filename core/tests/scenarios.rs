//! Prose rules, multi-socket scenarios, JSON round trips and every rejection of bad input.

use proptest::prelude::*;
use sockbind_core::*;

fn verdict(json: &str) -> Verdict {
    decide_json(json).unwrap_or_else(|e| panic!("{e}"))
}

fn two(platform: &str, a: &str, b: &str) -> Verdict {
    verdict(&format!(
        r#"{{"platform":"{platform}","sockets":[{a},{b}]}}"#
    ))
}

#[test]
fn the_issue_example_is_accepted_and_decided() {
    let v = verdict(
        r#"{"platform":"windows-7","protocol":"tcp","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150,"account":"user-a"},{"options":[],"address":"10.0.0.1","port":5150,"account":"user-b","admin":true}]}"#,
    );
    assert_eq!(v.binds.len(), 2);
    assert_eq!(v.binds[0].result, BindResult::Success);
    assert_eq!(v.binds[0].rule, Rule::PortFree);
    let b = &v.binds[1];
    assert_eq!(
        (b.result, b.code, b.call),
        (BindResult::Access, 10013, Call::Bind)
    );
    assert_eq!(b.blocked_by, Some(0));
    let t = b.table.as_ref().unwrap();
    assert_eq!(
        (t.id, t.row.key().as_str(), t.column.key().as_str()),
        (
            TableId::Later2003DifferentUser,
            "exclusiveaddruse/wildcard",
            "default/specific"
        )
    );
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["binds"][1]["result"], "WSAEACCES");
    assert_eq!(json["binds"][1]["code"], 10013);
    assert_eq!(json["version"], VERDICT_VERSION);
    assert_eq!(json["binds"][1]["call"], "bind");
    assert_eq!(json["binds"][1]["blocked_by"], 0);
    assert_eq!(
        json["binds"][1]["table"]["id"],
        "2003_and_later_different_user"
    );
    assert_eq!(json["binds"][0]["table"], serde_json::Value::Null);
    assert_eq!(json["binds"][0]["blocked_by"], serde_json::Value::Null);
}

#[test]
fn rule_different_specific_addresses_never_clash() {
    // The article's two-interface example: exclusive on 10.0.0.1, then plain on 10.99.99.99.
    for p in ["windows-xp", "windows-7"] {
        let v = two(
            p,
            r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"10.0.0.1","port":5150}"#,
            r#"{"address":"10.99.99.99","port":5150,"account":"user-b"}"#,
        );
        assert_eq!(v.binds[1].result, BindResult::Success);
        assert_eq!(v.binds[1].rule, Rule::DifferentSpecificAddresses);
        assert_eq!(v.binds[1].table, None);
    }
}

#[test]
fn rule_different_protocol_never_clashes() {
    let v = two(
        "windows-7",
        r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150,"protocol":"tcp"}"#,
        r#"{"address":"0.0.0.0","port":5150,"protocol":"udp"}"#,
    );
    assert_eq!(v.binds[1].result, BindResult::Success);
    assert_eq!(v.binds[1].rule, Rule::DifferentProtocol);
}

#[test]
fn rule_different_port_never_clashes() {
    let v = two(
        "windows-7",
        r#"{"address":"0.0.0.0","port":5150}"#,
        r#"{"address":"0.0.0.0","port":5151}"#,
    );
    assert_eq!(v.binds[1].rule, Rule::DifferentPort);
    assert_eq!(v.binds[1].result, BindResult::Success);
}

#[test]
fn rule_ephemeral_port_never_clashes() {
    let v = two(
        "windows-xp",
        r#"{"address":"0.0.0.0","port":0}"#,
        r#"{"address":"0.0.0.0","port":0}"#,
    );
    assert_eq!(v.binds[1].rule, Rule::EphemeralPort);
    assert_eq!(v.port_table.len(), 2);
}

#[test]
fn rule_different_family_never_clashes_without_dual_stack() {
    let v = two(
        "windows-7",
        r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150}"#,
        r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"::","port":5150}"#,
    );
    assert_eq!(v.binds[1].rule, Rule::DifferentFamily);
    assert_eq!(v.binds[1].result, BindResult::Success);
}

#[test]
fn ipv6_pairs_use_the_same_tables() {
    let v = two(
        "windows-7",
        r#"{"address":"::","port":80}"#,
        r#"{"options":["SO_REUSEADDR"],"address":"::","port":80,"account":"user-b"}"#,
    );
    assert_eq!(v.binds[1].result, BindResult::Access);
    assert_eq!(v.binds[1].rule, Rule::ReuseNeedsFirstConsent);
}

#[test]
fn rule_exclusiveaddruse_unavailable_fails_at_setsockopt() {
    let v = two(
        "windows-98",
        r#"{"address":"0.0.0.0","port":5150}"#,
        r#"{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150}"#,
    );
    let b = &v.binds[1];
    let f = b
        .failed_setsockopt
        .as_ref()
        .expect("the failed call is reported");
    assert_eq!(
        (f.result, f.code, f.rule),
        (BindResult::NoProtoOpt, 10042, Rule::ExclusiveUnavailable)
    );
    // The socket stays open without the option; its plain bind finds the port in use.
    assert_eq!(
        (b.result, b.call, b.blocked_by),
        (BindResult::AddrInUse, Call::Bind, Some(0))
    );
    assert_eq!(v.port_table.len(), 1);
}

#[test]
fn rule_exclusiveaddruse_admin_only_on_xp() {
    let v = verdict(
        r#"{"platform":"windows-xp","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150,"admin":false}]}"#,
    );
    let f = v.binds[0].failed_setsockopt.as_ref().unwrap();
    assert_eq!(
        (f.result, f.rule),
        (BindResult::Access, Rule::ExclusiveAdminOnly)
    );
    assert_eq!(
        v.binds[0].result,
        BindResult::Success,
        "binds without the option"
    );
    assert_eq!(v.binds[0].call, Call::Bind);
    let v = verdict(
        r#"{"platform":"windows-server-2003","sockets":[{"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150,"admin":false}]}"#,
    );
    assert_eq!(v.binds[0].result, BindResult::Success);
}

#[test]
fn rule_conflicting_options_fail_with_wsaeinval() {
    for opts in [
        r#"["SO_REUSEADDR","SO_EXCLUSIVEADDRUSE"]"#,
        r#"["SO_EXCLUSIVEADDRUSE","SO_REUSEADDR"]"#,
    ] {
        let v = verdict(&format!(
            r#"{{"platform":"windows-7","sockets":[{{"options":{opts},"address":"0.0.0.0","port":1}}]}}"#
        ));
        let f = v.binds[0].failed_setsockopt.as_ref().unwrap();
        assert_eq!((f.result, f.code), (BindResult::Inval, 10022));
        assert_eq!(v.binds[0].call, Call::Bind);
        assert!(v.binds[0].result.is_success());
    }
}

#[test]
fn later_sockets_are_judged_only_against_successful_binds() {
    // Socket 1 is refused; socket 2 would clash with socket 1's address but not socket 0's.
    let v = verdict(
        r#"{"platform":"windows-7","sockets":[
          {"options":["SO_EXCLUSIVEADDRUSE"],"address":"10.0.0.1","port":5150},
          {"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":5150},
          {"options":["SO_EXCLUSIVEADDRUSE"],"address":"10.99.99.99","port":5150}]}"#,
    );
    assert_eq!(v.binds[1].result, BindResult::AddrInUse);
    assert_eq!(v.binds[1].rule, Rule::ExclusiveWildcardNeedsFreePort);
    assert_eq!(v.binds[2].result, BindResult::Success);
    assert_eq!(v.binds[2].rule, Rule::DifferentSpecificAddresses);
    assert_eq!(
        v.port_table.iter().map(|b| b.socket).collect::<Vec<_>>(),
        vec![0, 2]
    );
}

#[test]
fn blocked_by_names_the_first_refusing_binding() {
    let v = verdict(
        r#"{"platform":"windows-7","sockets":[
          {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5150},
          {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":5150},
          {"address":"0.0.0.0","port":5150}]}"#,
    );
    assert_eq!(v.binds[1].result, BindResult::Success);
    assert_eq!(v.binds[1].rule, Rule::BothReuseShare);
    assert_eq!(v.binds[2].blocked_by, Some(0));
}

#[test]
fn port_table_close_removes_the_row() {
    let cfg = |addr: &str| {
        SocketConfig::plain(
            vec![SockOpt::ExclusiveAddrUse],
            LocalAddress::parse(addr, "a").unwrap(),
            5150,
            "user-a",
        )
    };
    let mut t = PortTable::new();
    assert!(t
        .bind(Platform::Windows7, 0, &cfg("0.0.0.0"))
        .result
        .is_success());
    assert!(!t
        .bind(Platform::Windows7, 1, &cfg("0.0.0.0"))
        .result
        .is_success());
    assert_eq!(t.close(0, false).map(|b| b.socket), Some(0));
    assert_eq!(t.close(0, false), None);
    assert!(t
        .bind(Platform::Windows7, 1, &cfg("0.0.0.0"))
        .result
        .is_success());
}

#[test]
fn scenario_json_round_trips() {
    let text = r#"{"platform":"windows-nt-4.0-sp4","protocol":"udp","sockets":[{"options":["SO_REUSEADDR"],"address":"::1","port":53,"account":"svc","admin":false,"protocol":"tcp"}]}"#;
    let s = parse_scenario(text).unwrap();
    let again = parse_scenario(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(s, again);
    let v = s.evaluate().unwrap();
    let back: Verdict = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
    assert_eq!(back.binds, v.binds);
}

#[test]
fn defaults_apply_for_omitted_fields() {
    let s =
        parse_scenario(r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}]}"#)
            .unwrap();
    assert_eq!(s.protocol, Protocol::Tcp);
    assert_eq!(s.sockets[0].account, "user-a");
    assert!(s.sockets[0].admin);
    assert!(s.sockets[0].options.is_empty());
}

#[test]
fn bad_input_is_refused_with_field_and_reason() {
    let cases: &[(&str, &str, &str)] = &[
        ("{", "", "EOF"),
        ("[]", "", "found an array"),
        ("42", "", "invalid type"),
        (
            r#"{"platform":"windows-11","sockets":[]}"#,
            "platform",
            "unknown variant",
        ),
        (
            r#"{"platform":"windows-7","sockets":[]}"#,
            "sockets",
            "at least one",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":70000}]}"#,
            "sockets[0].port",
            "70000",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":-1}]}"#,
            "sockets[0].port",
            "-1",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0"}]}"#,
            "sockets[0]",
            "missing field `port`",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"1.2.3","port":1}]}"#,
            "sockets[0].address",
            "not an IPv4",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"options":["SO_LINGER"]}]}"#,
            "sockets[0].options[0]",
            "unknown variant",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"adress":"0.0.0.0","port":1}]}"#,
            "sockets[0].adress",
            "unknown field `adress`",
        ),
        (
            r#"{"platform":"windows-7","protocol":"sctp","sockets":[{"address":"0.0.0.0","port":1}]}"#,
            "protocol",
            "unknown variant",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"account":"  "}]}"#,
            "sockets[0].account",
            "1 to 64",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"admin":"yes"}]}"#,
            "sockets[0].admin",
            "invalid type",
        ),
    ];
    for (json, field, needle) in cases {
        let e = decide_json(json).expect_err(json);
        assert_eq!(&e.field, field, "{json}: {e}");
        assert!(e.to_string().contains(needle), "{json}: {e}");
    }
    let many = format!(
        r#"{{"platform":"windows-7","sockets":[{}]}}"#,
        vec![r#"{"address":"0.0.0.0","port":1}"#; 65].join(",")
    );
    assert_eq!(decide_json(&many).unwrap_err().field, "sockets");
}

fn arb_socket() -> impl Strategy<Value = SocketSpec> {
    let addr = prop_oneof![
        Just("0.0.0.0".to_string()),
        Just("10.0.0.1".to_string()),
        Just("10.99.99.99".to_string()),
        Just("::".to_string()),
        Just("::1".to_string()),
        any::<[u8; 4]>().prop_map(|b| std::net::Ipv4Addr::from(b).to_string()),
    ];
    let opt = prop_oneof![Just(SockOpt::ReuseAddr), Just(SockOpt::ExclusiveAddrUse)];
    (
        proptest::collection::vec(opt, 0..3),
        addr,
        prop_oneof![Just(0u16), Just(5150u16), Just(80u16)],
        prop_oneof![Just("user-a".to_string()), Just("user-b".to_string())],
        any::<bool>(),
    )
        .prop_map(|(options, address, port, account, admin)| SocketSpec {
            admin,
            options,
            ..SocketSpec::new(vec![], &address, port, &account)
        })
}

proptest! {
    #[test]
    fn any_scenario_gives_one_verdict_per_socket_and_a_consistent_table(
        p in 0usize..Platform::ALL.len(),
        sockets in proptest::collection::vec(arb_socket(), 1..8),
    ) {
        let s = Scenario { platform: Platform::ALL[p], protocol: Protocol::Tcp, sockets, steps: None };
        let v = s.evaluate().unwrap();
        prop_assert_eq!(v.binds.len(), s.sockets.len());
        let bound: Vec<usize> = v.binds.iter().filter(|b| b.result.is_success()).map(|b| b.socket).collect();
        prop_assert_eq!(v.port_table.iter().map(|b| b.socket).collect::<Vec<_>>(), bound);
        for b in &v.binds {
            prop_assert_eq!(b.code, b.result.code());
            prop_assert_eq!(b.rule.result(), b.result);
            if let Some(t) = &b.table {
                prop_assert_eq!(DocumentedTables::bundled().lookup(t), b.result);
            }
            if b.call == Call::Bind && !b.result.is_success() {
                prop_assert!(b.blocked_by.is_some_and(|i| i < b.socket));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = decide_json(&text);
    }

    #[test]
    fn arbitrary_bytes_give_a_verdict_or_one_short_line(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Err(e) = decide_bytes(&bytes) {
            let line = e.to_string();
            prop_assert!(!line.chars().any(char::is_control), "{}", line);
            prop_assert!(line.chars().count() < 700, "{}", line);
        }
    }

    #[test]
    fn decisions_are_deterministic(
        p in 0usize..Platform::ALL.len(),
        sockets in proptest::collection::vec(arb_socket(), 1..8),
    ) {
        let s = Scenario { platform: Platform::ALL[p], protocol: Protocol::Tcp, sockets, steps: None };
        let json = serde_json::to_string(&s).unwrap();
        let a = serde_json::to_string(&decide_json(&json).unwrap()).unwrap();
        let b = serde_json::to_string(&decide_json(&json).unwrap()).unwrap();
        let c = serde_json::to_string(&s.clone().evaluate().unwrap()).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(&a, &c);
    }
}

const ONE: &str = r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}]}"#;

#[test]
fn exactly_one_json_object_is_read() {
    let cases = [
        (format!("{ONE} trailing"), "", "text after the scenario object"),
        (format!("{ONE}{ONE}"), "", "text after the scenario object"),
        (format!("[{ONE}]"), "", "found an array"),
        (
            r#"["windows-7","tcp",[{"address":"0.0.0.0","port":1}]]"#.to_string(),
            "",
            "expected one JSON object {…} (the scenario), found an array",
        ),
        (
            r#"{"platform":"windows-7","sockets":[[[],"0.0.0.0",1]]}"#.to_string(),
            "sockets[0]",
            "expected a JSON object {…}, found an array",
        ),
        (
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[["bind",0]]}"#
                .to_string(),
            "steps[0]",
            "",
        ),
        (
            r#"{"platform":"windows-7","platform":"windows-xp","sockets":[{"address":"0.0.0.0","port":1}]}"#
                .to_string(),
            "",
            "duplicate field `platform`",
        ),
    ];
    for (json, field, needle) in cases {
        let e = decide_json(&json).expect_err(&json);
        assert_eq!(e.field, field, "{json}: {e}");
        assert!(e.to_string().contains(needle), "{json}: {e}");
    }
    // White space around the object is fine.
    decide_json(&format!("\n  {ONE}\r\n\n")).unwrap();
}

#[test]
fn byte_order_marks_and_utf16_are_decoded() {
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(ONE.as_bytes());
    let plain = decide_bytes(ONE.as_bytes()).unwrap();
    assert_eq!(decide_bytes(&bom).unwrap(), plain);
    assert_eq!(decide_json(&format!("\u{feff}{ONE}")).unwrap(), plain);
    // As Windows PowerShell 5 writes with `>`: UTF-16LE with a byte-order mark.
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(ONE.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert_eq!(decide_bytes(&le).unwrap(), plain);
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(ONE.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(decide_bytes(&be).unwrap(), plain);
    // Without a mark, too.
    let le_bare: Vec<u8> = ONE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(decide_bytes(&le_bare).unwrap(), plain);
    // Broken encodings name the cause.
    let e = decide_bytes(&le[..le.len() - 1]).unwrap_err().to_string();
    assert!(
        e.contains("UTF-16LE") && e.contains("odd number of bytes"),
        "{e}"
    );
    let mut latin1 = ONE.as_bytes().to_vec();
    latin1.insert(10, 0xE9);
    let e = decide_bytes(&latin1).unwrap_err().to_string();
    assert!(e.contains("not UTF-8 text (byte 0xe9 at offset 10)"), "{e}");
}

#[test]
fn input_size_and_lists_are_bounded() {
    let big = vec![b' '; scenario::MAX_INPUT_BYTES + 1];
    let e = decide_bytes(&big).unwrap_err().to_string();
    assert!(e.contains("larger than 1048576 bytes"), "{e}");
    // The issue's case: one UDP socket with 40,000 groups is refused at once.
    let groups: Vec<String> = (0..40_000)
        .map(|i| format!("\"239.0.{}.{}\"", i / 256 % 256, i % 256))
        .collect();
    let json = format!(
        r#"{{"platform":"windows-7","protocol":"udp","sockets":[{{"address":"0.0.0.0","port":1,"groups":[{}]}}]}}"#,
        groups.join(",")
    );
    let t = std::time::Instant::now();
    let e = decide_json(&json).unwrap_err();
    assert!(t.elapsed().as_secs() < 5);
    assert_eq!(e.field, "sockets[0].groups");
    assert!(e.to_string().contains("at most 8 per socket"), "{e}");
    let steps = vec![r#"{"op":"bind","socket":0}"#; 257].join(",");
    let json = format!(
        r#"{{"platform":"windows-7","sockets":[{{"address":"0.0.0.0","port":1}}],"steps":[{steps}]}}"#
    );
    let e = decide_json(&json).unwrap_err().to_string();
    assert!(
        e.contains("scenario JSON allows at most 256 (links and the page: 40)"),
        "{e}"
    );
}

#[test]
fn the_largest_scenario_prints_what_changed_not_the_table_per_step() {
    // 64 UDP sockets with 8 groups each, 256 steps (bind all, then sends).
    let sockets: Vec<SocketSpec> = (0..scenario::MAX_SOCKETS)
        .map(|i| SocketSpec {
            groups: (0..scenario::MAX_GROUPS)
                .map(|g| format!("239.1.{i}.{g}"))
                .collect(),
            ..SocketSpec::new(vec![SockOpt::ReuseAddr], "0.0.0.0", 5353, "user-a")
        })
        .collect();
    let mut steps: Vec<StepSpec> = (0..64).map(|socket| StepSpec::Bind { socket }).collect();
    steps.extend((0..192).map(|i| StepSpec::Send {
        to: format!("239.1.{}.0", i % 64),
        port: None,
        protocol: None,
    }));
    let s = Scenario {
        platform: Platform::Windows7,
        protocol: Protocol::Udp,
        sockets,
        steps: Some(steps),
    };
    let t = std::time::Instant::now();
    let v = s.evaluate().unwrap();
    let json = serde_json::to_string(&v).unwrap();
    assert!(t.elapsed().as_secs() < 5);
    assert_eq!(v.version, scenario::VERDICT_VERSION);
    assert_eq!(v.port_table.len(), 64);
    // The full table would be printed 256 times (≈ 64 rows × 256); changes print each row once.
    let rows = json.matches("\"option\":").count();
    assert_eq!(
        rows,
        64 + 64,
        "each row once in changes, once in the final table"
    );
    assert!(json.len() < 1_000_000, "{}", json.len());
}

#[test]
fn replaying_changes_rebuilds_the_table_after_every_step() {
    let json = r#"{"platform":"windows-7","sockets":[
        {"options":["SO_EXCLUSIVEADDRUSE"],"address":"0.0.0.0","port":80},
        {"address":"10.0.0.1","port":80},{"address":"10.0.0.2","port":80}],
      "steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},{"op":"bind","socket":2},
        {"op":"close","socket":0,"lingering":true},{"op":"bind","socket":1},
        {"op":"expire","socket":0},{"op":"close","socket":2}]}"#;
    let v = verdict(json);
    let out: serde_json::Value = serde_json::to_value(&v).unwrap();
    assert_eq!(out["version"], 2);
    let mut table: Vec<serde_json::Value> = vec![];
    for (e, printed) in v.timeline.iter().zip(out["timeline"].as_array().unwrap()) {
        assert!(printed.get("port_table").is_none());
        let c = &printed["changes"];
        let removed: Vec<u64> = c["removed"]
            .as_array()
            .map(|a| a.iter().map(|x| x.as_u64().unwrap()).collect())
            .unwrap_or_default();
        table.retain(|b| !removed.contains(&b["socket"].as_u64().unwrap()));
        for u in c["updated"].as_array().into_iter().flatten() {
            let row = table
                .iter_mut()
                .find(|b| b["socket"] == u["socket"])
                .unwrap();
            *row = u.clone();
        }
        table.extend(c["added"].as_array().into_iter().flatten().cloned());
        assert_eq!(
            table,
            serde_json::to_value(&*e.port_table)
                .unwrap()
                .as_array()
                .unwrap()
                .clone(),
            "step {}",
            e.step
        );
    }
}

#[test]
fn validate_says_which_part_is_wrong_as_a_type() {
    let bad = |json: &str| parse_scenario(json).unwrap().validate().unwrap_err();
    assert_eq!(
        bad(r#"{"platform":"windows-xp","sockets":[{"address":"::","port":1,"dual_stack":true}]}"#),
        Invalid::DualStackBeforeVista(0)
    );
    assert_eq!(
        bad(
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1},{"address":"0.0.0.0","port":1,"dual_stack":true}]}"#
        ),
        Invalid::DualStackNeedsIpv6(1)
    );
    assert!(matches!(
        bad(
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1,"groups":["239.1.1.1"]}]}"#
        ),
        Invalid::Groups {
            socket: 0,
            group: 0,
            why: scenario::GroupProblem::OnTcp,
            ..
        }
    ));
    assert_eq!(
        bad(
            r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"bind","socket":3}]}"#
        ),
        Invalid::StepSocket { step: 0, socket: 3 }
    );
    let e = bad(
        r#"{"platform":"windows-7","sockets":[{"address":"0.0.0.0","port":1}],"steps":[{"op":"send","to":"239.1.1.1"}]}"#,
    );
    assert!(e.in_steps());
    assert_eq!(InputError::from(e).field, "steps[0].to");
}
