//! The drawing of the port for the step shown: lanes of local addresses (each family's
//! wildcard as a band over all its addresses), each binding a block on the lanes it holds,
//! and the step's change animated with CSS (a bind slides in, a refused one bounces off its
//! blocker, a close fades, a lingering connection stays as a ghost, traffic travels to its
//! receivers or stops at a "?" fork). The geometry comes from `sockbind_core::lanes`; this
//! module only turns it into SVG.
//!
//! The SVG is built as text and set as the figure's inner HTML: one string per step keeps the
//! wasm small, and every step replaces the elements, which replays their CSS animations.
//! Under `prefers-reduced-motion` the animations are off and the end states show
//! (`public/style.css`). The SVG is `role="img"` with a short label; the port table below is
//! the text equivalent. Blocks and lanes carry `data-*` attributes for the tests.

use leptos::prelude::*;
use sockbind_core::lanes::{self, Block, Change, Lane, Packet, Scene};
use sockbind_core::{Family, OptionState};
use std::fmt::Write;

use crate::state::AppState;

/// Width of the lane label column, in SVG units.
const LABEL_W: i32 = 150;
/// Width of one socket's column.
const COL_W: i32 = 156;
/// Width of a block inside its column.
const BLOCK_W: i32 = 140;
/// Height of one lane.
const LANE_H: i32 = 96;
/// Space above the first lane (multicast source, refused labels).
const TOP: i32 = 30;
/// Gap between the IPv4 and IPv6 lanes (where the dual-stack bridge is drawn).
const FAMILY_GAP: i32 = 30;

/// Escapes text for SVG markup.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Lane geometry: the top `y` of each lane, and the total height.
struct Geometry {
    tops: Vec<i32>,
    height: i32,
    width: i32,
}

impl Geometry {
    fn new(lanes: &[Lane], sockets: usize) -> Geometry {
        let mut y = TOP;
        let mut tops = vec![];
        for (i, l) in lanes.iter().enumerate() {
            if i > 0 && l.wildcard {
                y += FAMILY_GAP;
            }
            tops.push(y);
            y += LANE_H;
        }
        Geometry {
            tops,
            height: y + 12,
            width: LABEL_W + COL_W * sockets.max(2) as i32 + 30,
        }
    }

    fn lane(&self, lanes: &[Lane], id: &str) -> Option<usize> {
        lanes.iter().position(|l| l.id == id)
    }

    fn col_x(&self, socket: usize) -> i32 {
        LABEL_W + COL_W * socket as i32 + (COL_W - BLOCK_W) / 2
    }

    /// Contiguous runs of lane indexes (one per family) for a list of lane ids.
    fn runs(&self, lanes: &[Lane], ids: &[String]) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = vec![];
        for i in (0..lanes.len()).filter(|i| ids.contains(&lanes[*i].id)) {
            match out.last_mut() {
                Some((_, last)) if *last + 1 == i && lanes[i].family == lanes[*last].family => {
                    *last = i
                }
                _ => out.push((i, i)),
            }
        }
        out
    }

    fn span(&self, (a, b): (usize, usize)) -> (i32, i32) {
        (self.tops[a] + 5, self.tops[b] + LANE_H - 5)
    }

    fn center_y(&self, i: usize) -> i32 {
        self.tops[i] + LANE_H / 2
    }
}

fn option_class(o: OptionState) -> &'static str {
    match o {
        OptionState::Default => "option-default",
        OptionState::ReuseAddr => "option-reuseaddr",
        OptionState::ExclusiveAddrUse => "option-exclusiveaddruse",
    }
}

fn change_class(c: Change) -> &'static str {
    match c {
        Change::Kept => "kept",
        Change::Added => "added",
        Change::Lingers => "lingers",
        Change::Closed => "closed",
        Change::Refused => "refused",
    }
}

/// A small padlock at (`x`, `y`) (top-left), for `SO_EXCLUSIVEADDRUSE`.
fn lock(out: &mut String, x: i32, y: i32) {
    let _ = write!(
        out,
        r#"<g class="lock" transform="translate({x} {y})"><path d="M3 7V4.5a4 4 0 0 1 8 0V7" class="shackle"/><rect x="1" y="7" width="12" height="9" rx="1.5" class="body"/></g>"#
    );
}

/// Each family's lanes as one `<g class="family">` group, pushed to `parts`.
fn lanes_svg(parts: &mut Vec<String>, state: AppState, lanes: &[Lane], g: &Geometry) {
    for fam in [Family::Ipv4, Family::Ipv6] {
        let mut out = String::new();
        let out = &mut out;
        let idx: Vec<usize> = (0..lanes.len())
            .filter(|i| lanes[*i].family == fam)
            .collect();
        let (Some(&first), Some(&last)) = (idx.first(), idx.last()) else {
            continue;
        };
        let (fam_id, every) = match fam {
            Family::Ipv4 => ("ipv4", "drawing-every-ipv4"),
            Family::Ipv6 => ("ipv6", "drawing-every-ipv6"),
        };
        let top = g.tops[first];
        let h = g.tops[last] + LANE_H - top;
        let _ = write!(
            out,
            r#"<g class="family {fam_id}" data-family="{fam_id}"><rect class="band" x="0" y="{top}" width="{w}" height="{h}" rx="6"/>"#,
            w = g.width,
        );
        for &i in &idx {
            let l = &lanes[i];
            let y = g.tops[i];
            let _ = write!(
                out,
                r#"<g class="lane{wc}" data-lane="{id}"><line class="lane-line" x1="0" x2="{w}" y1="{y}" y2="{y}"/><text class="lane-label" x="8" y="{ty}">{id}</text>"#,
                wc = if l.wildcard { " wildcard" } else { "" },
                id = esc(&l.id),
                w = g.width,
                ty = y + 22,
            );
            if l.wildcard {
                let _ = write!(
                    out,
                    r#"<text class="lane-note" x="8" y="{}">{}</text>"#,
                    y + 38,
                    esc(&state.t(every))
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</g>");
        parts.push(std::mem::take(out));
    }
}

fn block_svg(out: &mut String, state: AppState, lanes: &[Lane], g: &Geometry, b: &Block) {
    let x = g.col_x(b.socket);
    let runs = g.runs(lanes, &b.placement.lanes);
    let reach = g.runs(lanes, &b.placement.reach);
    let _ = write!(
        out,
        r#"<g class="block {opt} {chg} acct-{acct}{blk}{rcv}{may}{ling}" data-socket="{s}" data-lanes="{lanes}" data-reach="{reach}" data-change="{chg}" data-option="{optk}" data-account="{acctname}" data-blocking="{blocking}" data-receives="{receives}" data-maybe="{maybe}" data-bridge="{bridge}" data-listening="{listening}">"#,
        opt = option_class(b.option),
        chg = change_class(b.change),
        acct = b.account_index % 6,
        blk = if b.blocking { " blocking" } else { "" },
        rcv = if b.receives { " receives" } else { "" },
        may = if b.maybe { " maybe" } else { "" },
        ling = if b.lingering { " lingering" } else { "" },
        s = b.socket,
        lanes = esc(&b.placement.lanes.join(" ")),
        reach = esc(&b.placement.reach.join(" ")),
        optk = b.option.key(),
        acctname = esc(&b.account),
        blocking = b.blocking,
        receives = b.receives,
        maybe = b.maybe,
        bridge = b.placement.bridge,
        listening = b.listening,
    );
    for r in &reach {
        let (y0, y1) = g.span(*r);
        let _ = write!(
            out,
            r#"<rect class="reach" x="{x}" y="{y0}" width="{BLOCK_W}" height="{h}" rx="5"/><text class="note" x="{tx}" y="{ty}">{t}</text>"#,
            h = y1 - y0,
            tx = x + 6,
            ty = y0 + 16,
            t = esc(&state.t("drawing-reaches")),
        );
    }
    // The bridge: from the block's IPv6 part across the family gap to its IPv4 part.
    if b.placement.bridge {
        let v6 = runs.iter().find(|r| lanes[r.0].family == Family::Ipv6);
        let v4 = runs
            .iter()
            .chain(reach.iter())
            .find(|r| lanes[r.0].family == Family::Ipv4);
        if let (Some(v6), Some(v4)) = (v6, v4) {
            let y0 = g.span(*v4).1;
            let y1 = g.span(*v6).0;
            let _ = write!(
                out,
                r#"<rect class="bridge" x="{bx}" y="{y0}" width="28" height="{h}"/><text class="note bridge-label" x="{tx}" y="{ty}">{t}</text>"#,
                bx = x + BLOCK_W / 2 - 14,
                h = y1 - y0,
                tx = x + BLOCK_W / 2 + 18,
                ty = (y0 + y1) / 2 + 4,
                t = esc(&state.t("drawing-bridge")),
            );
        }
    }
    for (k, r) in runs.iter().enumerate() {
        let (y0, y1) = g.span(*r);
        let h = y1 - y0;
        let _ = write!(
            out,
            r#"<rect class="seg" x="{x}" y="{y0}" width="{BLOCK_W}" height="{h}" rx="5"/>"#
        );
        match b.option {
            OptionState::ReuseAddr => {
                let _ = write!(
                    out,
                    r#"<rect class="shared" x="{x}" y="{y0}" width="{BLOCK_W}" height="{h}" rx="5" fill="url(#sb-shared)"/>"#
                );
            }
            OptionState::ExclusiveAddrUse => {
                let _ = write!(
                    out,
                    r#"<rect class="inner" x="{ix}" y="{iy}" width="{iw}" height="{ih}" rx="3"/>"#,
                    ix = x + 4,
                    iy = y0 + 4,
                    iw = BLOCK_W - 8,
                    ih = h - 8,
                );
                lock(out, x + BLOCK_W - 22, y0 + 6);
            }
            OptionState::Default => {}
        }
        if k > 0 {
            continue;
        }
        // The labels, in the block's first part.
        let mut lines = vec![
            (
                "name",
                state.ta("socket-name", &[("n", b.socket.to_string())]),
            ),
            ("opt", state.option_label(b.option)),
            ("acct", b.account.clone()),
        ];
        let mut marks = vec![];
        if b.listening {
            marks.push(state.t("state-listening"));
        }
        if b.change == Change::Closed {
            marks.push(state.t("drawing-closed"));
        } else if b.lingering {
            marks.push(state.t("drawing-lingering"));
        }
        marks.extend(
            b.groups
                .iter()
                .map(|gr| state.ta("drawing-member", &[("group", gr.clone())])),
        );
        if !marks.is_empty() {
            lines.push(("mark", marks.join(&state.t("list-sep"))));
        }
        if b.blocking {
            lines.push(("why", state.t("drawing-blocks")));
        }
        if b.receives {
            lines.push(("why", state.t("drawing-receives")));
        } else if b.maybe {
            lines.push(("why", state.t("drawing-maybe")));
        }
        if let Some((name, code)) = &b.error {
            lines.push(("err", format!("✗ {name}")));
            lines.push(("err", format!("({code})")));
        }
        for (j, (class, text)) in lines.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text class="{class}" x="{tx}" y="{ty}">{t}</text>"#,
                tx = x + 7,
                ty = y0 + 15 + 25 * j as i32 / 2,
                t = esc(text),
            );
        }
    }
    out.push_str("</g>");
}

fn route(out: &mut String, class: &str, d: &str) {
    let _ = write!(
        out,
        r#"<path class="route {class}" d="{d}" pathLength="100"/><path class="pkt {class}" d="{d}" pathLength="100"/>"#
    );
}

fn packet_svg(
    out: &mut String,
    state: AppState,
    lanes: &[Lane],
    g: &Geometry,
    scene: &Scene,
    p: &Packet,
) {
    let block_y = |k: usize, lane: Option<usize>| {
        let b = scene.blocks.iter().find(|b| b.socket == k);
        let on = |i: usize| {
            b.is_some_and(|b| {
                b.placement.lanes.contains(&lanes[i].id) || b.placement.reach.contains(&lanes[i].id)
            })
        };
        match lane {
            Some(i) if on(i) => g.center_y(i),
            _ => b
                .and_then(|b| g.runs(lanes, &b.placement.lanes).first().copied())
                .map(|r| {
                    let (a, c) = g.span(r);
                    (a + c) / 2
                })
                .unwrap_or(TOP),
        }
    };
    let lane = p.lane.as_deref().and_then(|id| g.lane(lanes, id));
    let (sx, sy) = match lane {
        Some(i) => (LABEL_W - 40, g.center_y(i) + 8),
        None => (LABEL_W - 40, TOP / 2),
    };
    let _ = write!(
        out,
        r#"<g class="traffic{mc}{fork}" data-to="{to}" data-lane="{lane}" data-receivers="{rcv}" data-fork="{fk}"><text class="src" x="4" y="{ty}">→ {to}</text>"#,
        mc = if p.multicast { " multicast" } else { "" },
        fork = if p.fork.is_empty() { "" } else { " forked" },
        to = esc(&p.to),
        lane = esc(p.lane.as_deref().unwrap_or("")),
        rcv = p
            .receivers
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        fk = p
            .fork
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" "),
        ty = if lane.is_some() { sy + 16 } else { sy + 4 },
    );
    let cx = |k: usize| g.col_x(k) + BLOCK_W / 2;
    if !p.fork.is_empty() {
        let fx = p.fork.iter().map(|k| g.col_x(*k)).fold(i32::MAX, i32::min) - 12;
        route(out, "trunk", &format!("M{sx} {sy} L{fx} {sy}"));
        for k in &p.fork {
            let (tx, ty) = (cx(*k), block_y(*k, lane));
            let _ = write!(
                out,
                r#"<path class="branch" d="M{fx} {sy} L{tx} {ty}"/><text class="q" x="{qx}" y="{qy}">?</text>"#,
                qx = tx - 5,
                qy = ty - 4,
            );
        }
        let _ = write!(
            out,
            r#"<circle class="fork-dot" cx="{fx}" cy="{sy}" r="11"/><text class="q big" x="{qx}" y="{qy}">?</text><text class="note fork-label" x="{fx}" y="{ly}">{t}</text>"#,
            qx = fx - 5,
            qy = sy + 6,
            ly = sy + 26,
            t = esc(&state.t("drawing-fork")),
        );
    } else if p.receivers.is_empty() {
        route(out, "nobody", &format!("M{sx} {sy} L{} {sy}", g.width - 10));
        let _ = write!(
            out,
            r#"<text class="note nobody-label" x="{}" y="{}">{}</text>"#,
            g.width - 120,
            sy - 6,
            esc(&state.t("drawing-nobody"))
        );
    } else {
        for k in &p.receivers {
            let (tx, ty) = (cx(*k), block_y(*k, lane));
            route(out, "copy", &format!("M{sx} {sy} L{tx} {ty}", tx = tx - 20));
            let _ = write!(
                out,
                r#"<circle class="arrive" cx="{cx}" cy="{ty}" r="6"/>"#,
                cx = tx - 20
            );
        }
    }
    out.push_str("</g>");
}

const DEFS: &str = r#"<defs><pattern id="sb-shared" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line class="stripe" x1="0" y1="0" x2="0" y2="10"/></pattern><pattern id="sb-refused" width="8" height="8" patternUnits="userSpaceOnUse"><path class="hatch" d="M0 0L8 8M8 0L0 8"/></pattern></defs>"#;

/// The SVG of one scene in parts: the opening tag with the pattern definitions, then one
/// string per top-level group (each family's lanes, each block, the traffic). The parts let
/// [`Drawing`] replace only the groups a change touches.
pub fn svg_parts(
    state: AppState,
    lanes: &[Lane],
    sockets: usize,
    scene: &Scene,
) -> (String, Vec<String>) {
    let g = Geometry::new(lanes, sockets);
    let head = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{label}" data-sockets="{sockets}">{DEFS}"#,
        w = g.width,
        h = g.height,
        label = esc(&state.t("drawing-label")),
    );
    let mut parts = vec![];
    lanes_svg(&mut parts, state, lanes, &g);
    // Settled blocks first, the refused attempt on top.
    for b in &scene.blocks {
        let mut out = String::new();
        block_svg(&mut out, state, lanes, &g, b);
        parts.push(out);
    }
    if let Some(p) = &scene.packet {
        let mut out = String::new();
        packet_svg(&mut out, state, lanes, &g, scene, p);
        parts.push(out);
    }
    (head, parts)
}

/// The SVG markup of one scene (`lanes` and `accounts` fixed for the scenario).
pub fn svg(state: AppState, lanes: &[Lane], sockets: usize, scene: &Scene) -> String {
    let (head, parts) = svg_parts(state, lanes, sockets, scene);
    format!("{head}{}</svg>", parts.concat())
}

/// The legend in words: what each shape and colour means.
fn legend(out: &mut String, state: AppState, accounts: &[String]) {
    out.push_str(r#"<ul class="legend">"#);
    let keys = [
        ("option-default", "drawing-key-default"),
        ("option-reuseaddr", "drawing-key-shared"),
        ("option-exclusiveaddruse", "drawing-key-exclusive"),
        ("ghost", "drawing-key-ghost"),
    ];
    let mut item = |class: &str, text: String| {
        let _ = write!(
            out,
            r#"<li><span class="key {class}"></span>{}</li>"#,
            esc(&text)
        );
    };
    for (class, key) in keys {
        item(class, state.t(key));
    }
    for (i, a) in accounts.iter().enumerate() {
        item(
            &format!("acct acct-{}", i % 6),
            state.ta("drawing-key-account", &[("account", a.clone())]),
        );
    }
    out.push_str("</ul>");
}

/// What the canvas shows: the SVG's opening tag, its top-level groups, and the legend.
#[derive(Default)]
struct Markup {
    head: String,
    parts: Vec<String>,
    legend: String,
}

/// The element after `e` among its parent's element children, `n` steps on.
fn nth_next(mut e: Option<web_sys::Element>, n: usize) -> Option<web_sys::Element> {
    for _ in 0..n {
        e = e?.next_element_sibling();
    }
    e
}

/// Brings the canvas from `old` to `new`, rewriting only what differs: the whole canvas when
/// the SVG's size or its number of groups changed, else each changed group (and the legend)
/// in place. Replaced groups replay their CSS animations; untouched ones cost no parse, style
/// or layout.
fn apply(canvas: &web_sys::Element, old: &Markup, new: &Markup) {
    let whole = old.head != new.head
        || old.parts.len() != new.parts.len()
        || canvas.child_element_count() != 2;
    if whole {
        canvas.set_inner_html(&format!(
            "{}{}</svg>{}",
            new.head,
            new.parts.concat(),
            new.legend
        ));
        return;
    }
    let svg = canvas.first_element_child();
    // The SVG's first child is `<defs>`; the groups follow in order.
    let first_group = svg.as_ref().and_then(|s| s.first_element_child());
    let mut group = nth_next(first_group, 1);
    for (o, n) in old.parts.iter().zip(&new.parts) {
        let next = group.as_ref().and_then(|g| g.next_element_sibling());
        if o != n {
            match &group {
                Some(g) => g.set_outer_html(n),
                None => return apply(canvas, &Markup::default(), new),
            }
        }
        group = next;
    }
    if old.legend != new.legend {
        if let Some(legend) = svg.and_then(|s| s.next_element_sibling()) {
            legend.set_outer_html(&new.legend);
        }
    }
}

/// The drawing panel: the SVG for the step shown, then a legend in words.
#[component]
pub fn Drawing() -> impl IntoView {
    let state = expect_context::<AppState>();
    let frame = Memo::new(move |_| state.scenario.with(|s| lanes::frame(s).ok()));
    // Recomputed when the entry shown, the scenario's lanes or the language change.
    let markup = move || {
        let platform = state.platform.get();
        state.entry.with(|entry| {
            let entry = entry.as_ref()?;
            frame.with(|f| {
                let f = f.as_ref()?;
                let scene = lanes::scene(&f.lanes, &f.configs, &f.accounts, platform, entry);
                let (head, parts) = svg_parts(state, &f.lanes, f.configs.len(), &scene);
                let mut legend_html = String::new();
                legend(&mut legend_html, state, &f.accounts);
                Some(Markup {
                    head,
                    parts,
                    legend: legend_html,
                })
            })
        })
    };
    let canvas = NodeRef::<leptos::html::Div>::new();
    let shown = StoredValue::new_local(Markup::default());
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        let new = markup().unwrap_or_default();
        if new.head.is_empty() {
            el.set_inner_html("");
        } else {
            shown.with_value(|old| apply(&el, old, &new));
        }
        shown.set_value(new);
    });
    view! {
        <section class="drawing" aria-labelledby="drawing-title">
            <h2 id="drawing-title">{move || state.t("drawing-title")}</h2>
            <div class="drawing-canvas" id="drawing" node_ref=canvas></div>
        </section>
    }
}
