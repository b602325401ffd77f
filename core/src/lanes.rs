//! The port drawn as lanes of local addresses: which lanes a scenario needs, which lanes each
//! binding holds (or only reaches through a dual-stack bridge), and what each timeline step
//! does to the blocks on them. The page draws this as SVG (`app/src/drawing.rs`); the
//! end-to-end tests compare its DOM with this model (`cargo run -p sockbind-core --example
//! drawing`).
//!
//! Lanes: per address family that occurs in the scenario, one *wildcard band* (`0.0.0.0` or
//! `::`, standing for every address of that family) and one lane per specific address that a
//! socket binds to or that traffic is sent to, in order of first appearance. IPv4 lanes come
//! first.
//!
//! What a binding holds comes from [`crate::stacks::observed`] (tested Windows); where the
//! article ([`crate::stacks::documented`]) has a dual-stack `::` socket reserve the IPv4 side
//! and tested Windows does not, those IPv4 lanes are `reach` (it receives IPv4 traffic there but
//! does not hold the port).

use serde::Serialize;
use std::net::IpAddr;

use crate::decision::{apply_options, Binding};
use crate::delivery::Delivery;
use crate::error::InputError;
use crate::port_table::SocketConfig;
use crate::scenario::{Outcome, Scenario, StepSpec, TimelineEntry};
use crate::socket::{Family, LocalAddress, OptionState};
use crate::stacks;

/// One lane: the wildcard band of a family, or one specific address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lane {
    /// The address as text (`0.0.0.0`, `10.0.0.1`, `::`, `::1`); unique, used as the lane id.
    pub id: String,
    /// The family (stack) the lane belongs to.
    pub family: Family,
    /// Whether this is the family's wildcard band (every address of the family).
    pub wildcard: bool,
}

/// Where a binding sits: lane ids it holds, lane ids it only reaches, and whether it bridges
/// from the IPv6 stack to the IPv4 one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// Lanes the binding holds (in lane order). A wildcard holds every lane of its family.
    pub lanes: Vec<String>,
    /// IPv4 lanes a dual-stack `::` socket receives traffic on without holding them on tested
    /// Windows (the article says it holds them).
    pub reach: Vec<String>,
    /// A dual-stack socket that reaches the IPv4 stack (bound to `::` or `::ffff:a.b.c.d`).
    pub bridge: bool,
}

/// What the step shown did to a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Held before and after, unchanged by this step.
    Kept,
    /// Bound by this step.
    Added,
    /// Closed by this step while a connection it accepted stays (a ghost).
    Lingers,
    /// Removed by this step (closed, or its lingering connection ended).
    Closed,
    /// This step's `bind` (or its `setsockopt`) failed: the block never settles.
    Refused,
}

/// One block: a binding (or a refused attempt) on the lanes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Scenario socket index.
    pub socket: usize,
    /// Where it sits.
    pub placement: Placement,
    /// Its option state (a refused `setsockopt` shows the options asked for).
    pub option: OptionState,
    /// Owning account name.
    pub account: String,
    /// Index of the account in [`Drawing::accounts`] (first appearance order), for colour.
    pub account_index: usize,
    /// Listening (TCP).
    pub listening: bool,
    /// A lingering connection of a closed socket.
    pub lingering: bool,
    /// Multicast groups joined, as text.
    pub groups: Vec<String>,
    /// What this step did to it.
    pub change: Change,
    /// This binding refused the step's bind.
    pub blocking: bool,
    /// Receives the step's traffic.
    pub receives: bool,
    /// One of several that might receive it, nobody can say which.
    pub maybe: bool,
    /// For [`Change::Refused`]: the error name (`WSAEACCES`…) and code.
    pub error: Option<(String, u32)>,
}

/// Traffic sent in the step shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Packet {
    /// The lane the traffic arrives on (`None` for a multicast group).
    pub lane: Option<String>,
    /// Destination address as text.
    pub to: String,
    /// Sent to a multicast group: a copy reaches each receiver.
    pub multicast: bool,
    /// Sockets that receive it (tested reading).
    pub receivers: Vec<usize>,
    /// Sockets that might receive it when nobody can say which (`?` fork); else empty.
    pub fork: Vec<usize>,
}

/// The drawing of one timeline step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scene {
    /// Blocks: the bindings after the step (oldest first), those it removed, then the refused
    /// attempt. Each sits in its socket's column.
    pub blocks: Vec<Block>,
    /// Traffic of a `send` step.
    pub packet: Option<Packet>,
}

/// The drawing of a whole scenario: its lanes, its accounts and one scene per step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drawing {
    /// Every lane, IPv4 first, each family's wildcard band before its specific addresses.
    pub lanes: Vec<Lane>,
    /// Account names in order of first appearance (colour index = position).
    pub accounts: Vec<String>,
    /// Number of sockets (columns).
    pub sockets: usize,
    /// One scene per timeline step.
    pub steps: Vec<Scene>,
}

fn family_of(a: &IpAddr) -> Family {
    if a.is_ipv4() {
        Family::Ipv4
    } else {
        Family::Ipv6
    }
}

fn as_binding(k: usize, c: &SocketConfig, option: OptionState) -> Binding {
    Binding {
        dual_stack: c.dual_stack,
        groups: c.groups.clone(),
        ..Binding::new(k, option, c.address, c.port, c.protocol, &c.account)
    }
}

/// The lanes for sockets `configs` and traffic destinations `sends` (multicast groups are
/// skipped: they are not local addresses).
///
/// Out: IPv4 lanes then IPv6 lanes; per family that occurs, the wildcard band then each
/// specific address in order of first appearance (sockets first, then destinations). A dual-stack `::` socket brings in the IPv4 band too.
pub fn lanes(configs: &[SocketConfig], sends: &[IpAddr]) -> Vec<Lane> {
    let mut addrs: Vec<IpAddr> = vec![];
    for (k, c) in configs.iter().enumerate() {
        let b = as_binding(k, c, OptionState::ExclusiveAddrUse);
        let mut eps = stacks::observed(&b);
        eps.extend(stacks::documented(&b).unwrap_or_default());
        addrs.extend(eps.into_iter().map(|e| e.addr));
    }
    addrs.extend(sends.iter().filter(|a| !a.is_multicast()).copied());
    let mut out = vec![];
    for (fam, wild) in [
        (Family::Ipv4, IpAddr::from([0u8; 4])),
        (Family::Ipv6, IpAddr::from([0u16; 8])),
    ] {
        if !addrs.iter().any(|a| family_of(a) == fam) {
            continue;
        }
        // In order of first appearance, without repeats.
        let mut specific: Vec<IpAddr> = vec![];
        for a in addrs
            .iter()
            .filter(|a| family_of(a) == fam && !a.is_unspecified())
        {
            if !specific.contains(a) {
                specific.push(*a);
            }
        }
        out.push(Lane {
            id: wild.to_string(),
            family: fam,
            wildcard: true,
        });
        out.extend(specific.into_iter().map(|a| Lane {
            id: a.to_string(),
            family: fam,
            wildcard: false,
        }));
    }
    out
}

/// The lane ids an address covers: every lane of its family for a wildcard, else its own lane.
fn covered(lanes: &[Lane], family: Family, addr: IpAddr) -> Vec<String> {
    lanes
        .iter()
        .filter(|l| covers(l, family, addr))
        .map(|l| l.id.clone())
        .collect()
}

/// Whether an endpoint (`family`, `addr`) covers lane `l`.
fn covers(l: &Lane, family: Family, addr: IpAddr) -> bool {
    l.family == family && (addr.is_unspecified() || l.id == addr.to_string())
}

/// Where binding `b` sits on `lanes` (see [`Placement`]). Lanes missing from `lanes` are
/// left out.
pub fn place(b: &Binding, lanes: &[Lane]) -> Placement {
    let observed = stacks::observed(b);
    // In lane order: each lane that one of the binding's endpoints covers.
    let held: Vec<String> = lanes
        .iter()
        .filter(|l| observed.iter().any(|e| covers(l, e.family, e.addr)))
        .map(|l| l.id.clone())
        .collect();
    let mut reach: Vec<String> = vec![];
    if stacks::is_dual_wildcard(b) && !observed.iter().any(|e| e.family == Family::Ipv4) {
        reach = covered(lanes, Family::Ipv4, IpAddr::from([0u8; 4]));
    }
    let on_v4 = |ids: &[String]| {
        ids.iter().any(|id| {
            lanes
                .iter()
                .any(|l| &l.id == id && l.family == Family::Ipv4)
        })
    };
    Placement {
        bridge: b.dual_stack && (on_v4(&held) || on_v4(&reach)),
        lanes: held,
        reach,
    }
}

/// The lane traffic to `to` arrives on: its own lane, else its family's band; `None` for a
/// multicast group.
pub fn lane_for(lanes: &[Lane], to: IpAddr) -> Option<String> {
    if to.is_multicast() {
        return None;
    }
    let id = to.to_string();
    lanes
        .iter()
        .find(|l| l.id == id)
        .or_else(|| {
            lanes
                .iter()
                .find(|l| l.wildcard && l.family == family_of(&to))
        })
        .map(|l| l.id.clone())
}

fn packet(lanes: &[Lane], d: &Delivery) -> Packet {
    Packet {
        lane: lane_for(lanes, d.to),
        to: d.to.to_string(),
        multicast: d.to.is_multicast(),
        receivers: d.result.sockets.clone(),
        fork: if d.result.determinate {
            vec![]
        } else {
            d.result.candidates.clone()
        },
    }
}

/// The scene for one timeline entry.
///
/// In: the scenario's lanes, its validated sockets, the account list and the platform (for
/// a refused socket's option state). Out: one block per binding before or after the step
/// (closed ones marked [`Change::Closed`]), plus the refused attempt, in socket order.
pub fn scene(
    drawing_lanes: &[Lane],
    configs: &[SocketConfig],
    accounts: &[String],
    platform: crate::platform::Platform,
    e: &TimelineEntry,
) -> Scene {
    let account_index = |name: &str| accounts.iter().position(|a| a == name).unwrap_or(0);
    let delivery = match &e.outcome {
        Outcome::Send(d) => Some(d),
        _ => None,
    };
    let blocked_by = match &e.outcome {
        Outcome::Call(v) if !v.result.is_success() => v.blocked_by,
        _ => None,
    };
    let block = |b: &Binding, change: Change| Block {
        socket: b.socket,
        placement: place(b, drawing_lanes),
        option: b.option,
        account: b.account.clone(),
        account_index: account_index(&b.account),
        listening: b.listening,
        lingering: b.lingering,
        groups: b.groups.iter().map(|g| g.to_string()).collect(),
        change,
        blocking: change != Change::Closed && blocked_by == Some(b.socket),
        receives: delivery.is_some_and(|d| d.result.sockets.contains(&b.socket)),
        maybe: delivery
            .is_some_and(|d| !d.result.determinate && d.result.candidates.contains(&b.socket)),
        error: None,
    };
    let was_held = |k: usize| e.before.iter().any(|o| o.socket == k && !o.lingering);
    let mut blocks: Vec<Block> = e
        .port_table
        .iter()
        .map(|b| {
            let change = if b.lingering && was_held(b.socket) {
                Change::Lingers
            } else if !b.lingering && !was_held(b.socket) {
                Change::Added
            } else {
                Change::Kept
            };
            block(b, change)
        })
        .collect();
    for b in e.before.iter() {
        let same = |a: &Binding| a.socket == b.socket && a.lingering == b.lingering;
        let lingered = !b.lingering && e.port_table.iter().any(|a| a.socket == b.socket);
        if !e.port_table.iter().any(same) && !lingered {
            blocks.push(block(b, Change::Closed));
        }
    }
    let refused = match (&e.op, &e.outcome) {
        (StepSpec::Bind { .. } | StepSpec::Setsockopt { .. }, Outcome::Call(v))
            if !v.result.is_success() =>
        {
            Some(v)
        }
        _ => None,
    };
    if let Some(v) = refused {
        if let Some(c) = configs.get(v.socket) {
            let option = apply_options(platform, &c.options, c.admin).unwrap_or(
                if c.options
                    .contains(&crate::socket::SockOpt::ExclusiveAddrUse)
                {
                    OptionState::ExclusiveAddrUse
                } else {
                    OptionState::Default
                },
            );
            let mut blk = block(&as_binding(v.socket, c, option), Change::Refused);
            blk.error = Some((v.result.name().to_string(), v.code));
            blocks.push(blk);
        }
    }
    Scene {
        blocks,
        packet: delivery.map(|d| packet(drawing_lanes, d)),
    }
}

/// The destinations of the scenario's `send` steps that parse.
fn sends(s: &Scenario) -> Vec<IpAddr> {
    s.effective_steps()
        .iter()
        .filter_map(|st| match st {
            StepSpec::Send { to, .. } => LocalAddress::parse(to, "to").ok().map(|a| a.0),
            _ => None,
        })
        .collect()
}

/// What stays fixed while stepping through a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The lanes ([`lanes`]).
    pub lanes: Vec<Lane>,
    /// Account names in order of first appearance.
    pub accounts: Vec<String>,
    /// The validated sockets.
    pub configs: Vec<SocketConfig>,
}

/// The lanes, accounts and sockets of a scenario (what stays fixed while stepping).
///
/// Errors: as [`Scenario::validate`].
pub fn frame(s: &Scenario) -> Result<Frame, InputError> {
    let configs = s.validate()?;
    let mut accounts: Vec<String> = vec![];
    for c in &configs {
        if !accounts.contains(&c.account) {
            accounts.push(c.account.clone());
        }
    }
    Ok(Frame {
        lanes: lanes(&configs, &sends(s)),
        accounts,
        configs,
    })
}

/// The whole drawing of a scenario: lanes, accounts and one scene per step.
///
/// Errors: as [`Scenario::validate`].
pub fn drawing(s: &Scenario) -> Result<Drawing, InputError> {
    let Frame {
        lanes,
        accounts,
        configs,
    } = frame(s)?;
    let steps = s
        .run()?
        .iter()
        .map(|e| scene(&lanes, &configs, &accounts, s.platform, e))
        .collect();
    Ok(Drawing {
        sockets: configs.len(),
        lanes,
        accounts,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::Platform;
    use crate::scenario::{parse_scenario, SocketSpec};
    use crate::socket::{Protocol, SockOpt};

    fn sc(sockets: Vec<SocketSpec>, steps: Option<Vec<StepSpec>>) -> Scenario {
        Scenario {
            platform: Platform::Windows7,
            protocol: Protocol::Tcp,
            sockets,
            steps,
        }
    }

    fn ids(d: &Drawing) -> Vec<&str> {
        d.lanes.iter().map(|l| l.id.as_str()).collect()
    }

    fn block(scene: &Scene, k: usize) -> &Block {
        scene
            .blocks
            .iter()
            .find(|b| b.socket == k && b.change != Change::Refused)
            .unwrap()
    }

    #[test]
    fn wildcard_covers_every_lane_of_its_family_and_specific_only_its_own() {
        let s = sc(
            vec![
                SocketSpec::new(vec![SockOpt::ExclusiveAddrUse], "0.0.0.0", 80, "a"),
                SocketSpec::new(vec![], "10.0.0.1", 80, "b"),
                SocketSpec::new(vec![], "::1", 80, "a"),
            ],
            None,
        );
        let d = drawing(&s).unwrap();
        assert_eq!(ids(&d), ["0.0.0.0", "10.0.0.1", "::", "::1"]);
        assert!(d.lanes[0].wildcard && !d.lanes[1].wildcard && d.lanes[2].wildcard);
        assert_eq!(d.accounts, ["a", "b"]);
        let last = d.steps.last().unwrap();
        assert_eq!(block(last, 0).placement.lanes, ["0.0.0.0", "10.0.0.1"]);
        assert_eq!(block(last, 2).placement.lanes, ["::1"]);
        // Step 2: socket 1 refused by socket 0 (exclusive wildcard, other account).
        let s1 = &d.steps[1];
        let refused: Vec<_> = s1
            .blocks
            .iter()
            .filter(|b| b.change == Change::Refused)
            .collect();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].socket, 1);
        assert_eq!(refused[0].placement.lanes, ["10.0.0.1"]);
        assert_eq!(refused[0].error, Some(("WSAEACCES".into(), 10013)));
        assert_eq!(refused[0].account_index, 1);
        assert!(block(s1, 0).blocking);
        assert_eq!(block(s1, 0).change, Change::Kept);
    }

    #[test]
    fn dual_stack_wildcard_bridges_to_the_ipv4_band() {
        let mut a = SocketSpec::new(vec![], "::", 80, "a");
        a.dual_stack = true;
        let mut x = a.clone();
        x.options = vec![SockOpt::ExclusiveAddrUse];
        let d = drawing(&sc(vec![a, x], None)).unwrap();
        assert_eq!(ids(&d), ["0.0.0.0", "::"]);
        let first = &d.steps[0].blocks[0];
        assert_eq!(first.placement.lanes, ["::"]);
        assert_eq!(first.placement.reach, ["0.0.0.0"]);
        assert!(first.placement.bridge);
        let scene = drawing(&sc(vec![d_exclusive()], None)).unwrap();
        let ex = &scene.steps[0].blocks[0];
        assert_eq!(ex.placement.lanes, ["0.0.0.0", "::"]);
        assert!(ex.placement.reach.is_empty() && ex.placement.bridge);
    }

    fn d_exclusive() -> SocketSpec {
        let mut x = SocketSpec::new(vec![SockOpt::ExclusiveAddrUse], "::", 80, "a");
        x.dual_stack = true;
        x
    }

    #[test]
    fn v4_mapped_dual_stack_sits_on_its_ipv4_lane_and_plain_v6_does_not() {
        let mut m = SocketSpec::new(vec![], "::ffff:127.0.0.1", 80, "a");
        m.dual_stack = true;
        let plain = SocketSpec::new(vec![], "::ffff:10.0.0.1", 80, "a");
        let d = drawing(&sc(vec![m, plain], None)).unwrap();
        assert_eq!(ids(&d), ["0.0.0.0", "127.0.0.1", "::", "::ffff:10.0.0.1"]);
        let last = d.steps.last().unwrap();
        assert_eq!(block(last, 0).placement.lanes, ["127.0.0.1"]);
        assert!(block(last, 0).placement.bridge);
        assert_eq!(block(last, 1).placement.lanes, ["::ffff:10.0.0.1"]);
        assert!(!block(last, 1).placement.bridge);
    }

    #[test]
    fn close_lingering_expire_and_traffic() {
        let s = parse_scenario(
            r#"{"platform":"windows-7","sockets":[
                {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80},
                {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80}],
              "steps":[{"op":"bind","socket":0},{"op":"listen","socket":0},
                {"op":"bind","socket":1},{"op":"listen","socket":1},
                {"op":"send","to":"10.9.9.9"},
                {"op":"close","socket":0,"lingering":true},
                {"op":"expire","socket":0},{"op":"close","socket":1}]}"#,
        )
        .unwrap();
        let d = drawing(&s).unwrap();
        assert_eq!(ids(&d), ["0.0.0.0", "10.9.9.9"]);
        assert_eq!(block(&d.steps[0], 0).change, Change::Added);
        assert!(block(&d.steps[1], 0).listening);
        let p = d.steps[4].packet.as_ref().unwrap();
        assert_eq!(p.lane.as_deref(), Some("10.9.9.9"));
        assert_eq!(p.receivers, [0]);
        assert!(block(&d.steps[4], 0).receives && !block(&d.steps[4], 1).receives);
        let ghost = block(&d.steps[5], 0);
        assert_eq!((ghost.change, ghost.lingering), (Change::Lingers, true));
        assert_eq!(block(&d.steps[6], 0).change, Change::Closed);
        assert_eq!(block(&d.steps[7], 1).change, Change::Closed);
        assert_eq!(d.steps[7].blocks.len(), 1);
    }

    #[test]
    fn multicast_reaches_members_and_shared_unicast_forks() {
        let s = parse_scenario(
            r#"{"platform":"windows-7","protocol":"udp","sockets":[
                {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80,"groups":["239.1.2.3"]},
                {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80,"groups":["239.1.2.3"]},
                {"options":["SO_REUSEADDR"],"address":"0.0.0.0","port":80}],
              "steps":[{"op":"bind","socket":0},{"op":"bind","socket":1},{"op":"bind","socket":2},
                {"op":"send","to":"239.1.2.3"},{"op":"send","to":"10.0.0.1"}]}"#,
        )
        .unwrap();
        let d = drawing(&s).unwrap();
        assert_eq!(ids(&d), ["0.0.0.0", "10.0.0.1"]);
        let m = d.steps[3].packet.as_ref().unwrap();
        assert!(m.multicast && m.lane.is_none());
        assert_eq!(m.receivers, [0, 1]);
        assert_eq!(block(&d.steps[3], 0).groups, ["239.1.2.3"]);
        let u = d.steps[4].packet.as_ref().unwrap();
        assert!(u.receivers.is_empty());
        assert_eq!(u.fork, [0, 1, 2]);
        assert!(d.steps[4].blocks.iter().all(|b| b.maybe && !b.receives));
    }

    #[test]
    fn failed_setsockopt_still_binds_with_the_option_that_took_effect() {
        let mut s = sc(
            vec![SocketSpec::new(
                vec![SockOpt::ReuseAddr, SockOpt::ExclusiveAddrUse],
                "0.0.0.0",
                80,
                "a",
            )],
            None,
        );
        s.platform = Platform::Windows7;
        let d = drawing(&s).unwrap();
        // The second setsockopt fails (WSAEINVAL) but the socket stays open with SO_REUSEADDR
        // and binds (issue 10: a failed setsockopt does not end the socket).
        let b = &d.steps[0].blocks[0];
        assert_eq!(b.change, Change::Added);
        assert!(b.error.is_none());
        assert!(d.steps[0].blocks.iter().all(|b| !b.blocking));
    }

    #[test]
    fn bad_scenarios_are_errors_not_panics() {
        let s = sc(vec![SocketSpec::new(vec![], "nope", 80, "a")], None);
        assert!(drawing(&s).is_err());
    }
}
