//! Runtime presets: what a runtime's usual listen call does on Windows, so a socket can be
//! described as "Go `net.Listen("tcp", ":port")`" instead of by options the engineer never
//! chose. One table, one row per preset ([`PRESETS`]), in the spirit of [`crate::rules`].
//!
//! Each row gives the preset's id, the runtime and call it stands for, what the call does on
//! Windows (protocol, `setsockopt` options, the address it binds, whether the socket is
//! dual-stack with `IPV6_V6ONLY` off) and where that was read: the runtime's own file that
//! sets (or pointedly does not set) the option, by repository and path ([`PresetSource`]),
//! the versions the row holds for ([`Versions`]) and the version actually read. The
//! explanation lives only in the message catalogs (`runtime-<id>`), in our own words.
//!
//! Precedence ([`crate::scenario::SocketSpec`]): a preset sets the options, the address, the
//! dual-stack setting and the protocol; fields given explicitly win, and
//! [`SocketSpec::overridden`](crate::scenario::SocketSpec::overridden) names the preset
//! fields a socket overrides (the verdict JSON reports them).

use crate::socket::{Protocol, SockOpt};

crate::id_enum! {
    /// The runtime a preset belongs to (the page groups presets by it). Runtime names are
    /// proper names, not translated ([`Runtime::name`]).
    pub enum Runtime {
        /// Node.js (libuv underneath).
        Node = "node",
        /// Go's `net` package.
        Go = "go",
        /// .NET's `System.Net.Sockets`.
        Dotnet = "dotnet",
        /// CPython's standard library.
        Python = "python",
        /// OpenJDK's `java.net` / `sun.nio.ch`.
        Java = "java",
        /// Rust's standard library.
        Rust = "rust",
        /// nginx for Windows.
        Nginx = "nginx",
    }
}

impl Runtime {
    /// The runtime's name as its project writes it (not translated), e.g. `Node.js`.
    pub fn name(self) -> &'static str {
        match self {
            Runtime::Node => "Node.js",
            Runtime::Go => "Go",
            Runtime::Dotnet => ".NET",
            Runtime::Python => "Python",
            Runtime::Java => "Java",
            Runtime::Rust => "Rust",
            Runtime::Nginx => "nginx",
        }
    }
}

/// The runtime's own file a preset was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresetSource {
    /// GitHub repository, `owner/name`.
    pub repo: &'static str,
    /// Path inside the repository.
    pub path: &'static str,
    /// The function (or class, property) in that file that sets or skips the option.
    pub item: &'static str,
}

impl PresetSource {
    /// The citation: `repo path (item)`.
    pub fn cite(&self) -> String {
        format!("{} {} ({})", self.repo, self.path, self.item)
    }
}

/// The versions a preset holds for, and the version that was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Versions {
    /// First version the row holds for (`None`: as far back as the call exists).
    pub since: Option<&'static str>,
    /// Last version it holds for (`None`: still current).
    pub until: Option<&'static str>,
    /// The version (or commit) of the source that was read.
    pub read_at: &'static str,
    /// Whether versions before `read_at` were checked too (in the source's history or in
    /// public reports that name them); `false`: only that snapshot was read.
    pub older_checked: bool,
}

impl Versions {
    /// The range in English, e.g. `7u25 and later`, for the verdict JSON (the page renders
    /// the same catalog messages in its language with [`Versions::range_in`]).
    pub fn range_en(&self) -> String {
        self.range_in(crate::text::Lang::En)
    }

    /// The range in `lang` (catalog messages `runtime-versions-since`, `-until`, `-range`,
    /// `-all`).
    pub fn range_in(&self, lang: crate::text::Lang) -> String {
        use crate::text::message;
        match (self.since, self.until) {
            (Some(s), None) => message(lang, "runtime-versions-since", &[("since", s.into())]),
            (None, Some(u)) => message(lang, "runtime-versions-until", &[("until", u.into())]),
            (Some(s), Some(u)) => message(
                lang,
                "runtime-versions-range",
                &[("since", s.into()), ("until", u.into())],
            ),
            (None, None) => message(lang, "runtime-versions-all", &[]),
        }
    }

    /// What was read, in `lang` (catalog `runtime-read-at` or `runtime-read-at-only`).
    pub fn checked_in(&self, lang: crate::text::Lang) -> String {
        let key = if self.older_checked {
            "runtime-read-at"
        } else {
            "runtime-read-at-only"
        };
        crate::text::message(lang, key, &[("read", self.read_at.into())])
    }
}

/// A field a preset sets (and a socket may override). Serialized as its id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PresetField {
    /// The `setsockopt` options (`options`).
    Options,
    /// The local address (`address`).
    Address,
    /// Dual-stack, `IPV6_V6ONLY` off (`dual_stack`).
    DualStack,
    /// TCP or UDP (`protocol`).
    Protocol,
}

impl PresetField {
    /// The scenario JSON field name, e.g. `dual_stack`.
    pub fn id(self) -> &'static str {
        match self {
            PresetField::Options => "options",
            PresetField::Address => "address",
            PresetField::DualStack => "dual_stack",
            PresetField::Protocol => "protocol",
        }
    }
}

impl serde::Serialize for PresetField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One row of the preset table.
#[derive(Clone, Copy, Debug)]
pub struct PresetRow {
    /// The preset.
    pub preset: Preset,
    /// Its stable kebab-case id (links, JSON; the catalog key of its explanation is
    /// `runtime-<id>`).
    pub id: &'static str,
    /// The runtime.
    pub runtime: Runtime,
    /// The call, as code (not translated), e.g. `net.Listen("tcp", ":port")`.
    pub call: &'static str,
    /// TCP or UDP.
    pub protocol: Protocol,
    /// The `setsockopt` calls the runtime makes, in order (empty: none).
    pub options: &'static [SockOpt],
    /// The address the usual call binds (`0.0.0.0`, `::`).
    pub address: &'static str,
    /// Whether the socket is IPv6 with `IPV6_V6ONLY` off.
    pub dual_stack: bool,
    /// The runtime's own files that show it, most telling first.
    pub sources: &'static [PresetSource],
    /// The versions it holds for.
    pub versions: Versions,
    /// Public reports about this runtime's sockets on Windows (`owner/repo#N`), if any.
    pub reports: &'static [&'static str],
}

impl PresetRow {
    /// The catalog key of the explanation, `runtime-<id>`.
    pub fn explanation_key(&self) -> String {
        format!("runtime-{}", self.id)
    }
}

const fn src(repo: &'static str, path: &'static str, item: &'static str) -> PresetSource {
    PresetSource { repo, path, item }
}

const NONE: &[SockOpt] = &[];
const REUSE: &[SockOpt] = &[SockOpt::ReuseAddr];
const EXCLUSIVE: &[SockOpt] = &[SockOpt::ExclusiveAddrUse];

// Sources, each read where named (repository, path, function).
const LIBUV_TCP: PresetSource = src("libuv/libuv", "src/win/tcp.c", "uv__tcp_try_bind");
const NODE_NET: PresetSource = src("nodejs/node", "lib/net.js", "createServerHandle");
const LIBUV_UDP: PresetSource = src("libuv/libuv", "src/win/udp.c", "uv__udp_maybe_bind");
const NODE_DGRAM: PresetSource = src("nodejs/node", "lib/dgram.js", "Socket.prototype.bind");
const GO_SOCKOPT: PresetSource = src(
    "golang/go",
    "src/net/sockopt_windows.go",
    "setDefaultListenerSockopts, setDefaultSockopts",
);
const GO_FAMILY: PresetSource = src("golang/go", "src/net/ipsock_posix.go", "favoriteAddrFamily");
const GO_MULTICAST: PresetSource = src(
    "golang/go",
    "src/net/sockopt_windows.go",
    "setDefaultMulticastSockopts",
);
const DOTNET_LISTENER: PresetSource = src(
    "dotnet/runtime",
    "src/libraries/System.Net.Sockets/src/System/Net/Sockets/TCPListener.cs",
    "TcpListener(IPAddress, int), TcpListener.Create, ExclusiveAddressUse",
);
const DOTNET_SOCKET: PresetSource = src(
    "dotnet/runtime",
    "src/libraries/System.Net.Sockets/src/System/Net/Sockets/Socket.cs",
    "Socket(AddressFamily, SocketType, ProtocolType), Socket(SocketType, ProtocolType)",
);
const PY_HTTP: PresetSource = src(
    "python/cpython",
    "Lib/http/server.py",
    "HTTPServer.allow_reuse_address, DualStackServer.server_bind",
);
const PY_SOCKETSERVER: PresetSource = src(
    "python/cpython",
    "Lib/socketserver.py",
    "TCPServer.server_bind",
);
const PY_ASYNCIO: PresetSource = src(
    "python/cpython",
    "Lib/asyncio/base_events.py",
    "BaseEventLoop.create_server (reuse_address default)",
);
const PY_ASYNCIO_DGRAM: PresetSource = src(
    "python/cpython",
    "Lib/asyncio/base_events.py",
    "BaseEventLoop.create_datagram_endpoint (reuse_address)",
);
const JDK_NET: PresetSource = src(
    "openjdk/jdk",
    "src/java.base/share/classes/sun/nio/ch/Net.java",
    "EXCLUSIVE_BIND, sun.net.useExclusiveBind",
);
const JDK_NET_WINDOWS: PresetSource = src(
    "openjdk/jdk",
    "src/java.base/windows/native/libnio/ch/Net.c",
    "Java_sun_nio_ch_Net_isExclusiveBindAvailable",
);
const JDK_REUSE_EMULATED: PresetSource = src(
    "openjdk/jdk",
    "src/java.base/share/classes/sun/nio/ch/NioSocketImpl.java",
    "setOption (SO_REUSEADDR emulated under exclusive bind)",
);
const RUST_STD: PresetSource = src(
    "rust-lang/rust",
    "library/std/src/sys/net/connection/socket.rs",
    "TcpListener::bind",
);
const NGINX_LISTEN: PresetSource = src(
    "nginx/nginx",
    "src/core/ngx_connection.c",
    "ngx_open_listening_sockets",
);

macro_rules! preset_table {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal {
            $runtime:ident, $call:literal, $proto:ident, $opts:expr, $addr:literal, dual: $dual:literal,
            [$($src:expr),*], since: $since:expr, until: $until:expr, read: $read:literal,
            older: $older:literal, reports: [$($rep:literal),*]
        }
    )*) => {
        crate::id_enum! {
            /// A runtime preset. Serialized as its id (see [`PRESETS`]).
            pub enum Preset {
                $( $(#[$doc])* $variant = $id, )*
            }
        }

        /// The preset table: one row per preset, in [`Preset::ALL`] order.
        pub const PRESETS: &[PresetRow] = &[
            $( PresetRow {
                preset: Preset::$variant,
                id: $id,
                runtime: Runtime::$runtime,
                call: $call,
                protocol: Protocol::$proto,
                options: $opts,
                address: $addr,
                dual_stack: $dual,
                sources: &[$($src),*],
                versions: Versions { since: $since, until: $until, read_at: $read, older_checked: $older },
                reports: &[$($rep),*],
            }, )*
        ];
    };
}

preset_table! {
    /// Node.js `server.listen(port)`: a dual-stack `::` socket, no sharing option.
    NodeListen = "node-listen" {
        Node, "server.listen(port)", Tcp, NONE, "::", dual: true,
        [NODE_NET, LIBUV_TCP], since: None, until: None,
        read: "libuv v1.52.1 (6179e7a); nodejs/node v0.12.1", older: true,
        reports: ["eidheim/Simple-Web-Server#26", "nodejs/node#9390"]
    }
    /// Node.js `dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(port)`.
    NodeDgramReuse = "node-dgram-reuseaddr" {
        Node, "dgram.createSocket({ type: 'udp4', reuseAddr: true }).bind(port)", Udp, REUSE, "0.0.0.0", dual: false,
        [NODE_DGRAM, LIBUV_UDP], since: None, until: None,
        read: "libuv v1.52.1 (6179e7a)", older: true,
        reports: []
    }
    /// Go `net.Listen("tcp", ":port")`: `::` dual-stack, nothing set on purpose.
    GoListen = "go-listen" {
        Go, "net.Listen(\"tcp\", \":port\")", Tcp, NONE, "::", dual: true,
        [GO_SOCKOPT, GO_FAMILY], since: None, until: None,
        read: "golang/go 001eaf2, 1341a50", older: false,
        reports: ["golang/go#45150", "golang/go#30291"]
    }
    /// Go `net.Listen("tcp4", ":port")`: an IPv4 `0.0.0.0` socket.
    GoListenTcp4 = "go-listen-tcp4" {
        Go, "net.Listen(\"tcp4\", \":port\")", Tcp, NONE, "0.0.0.0", dual: false,
        [GO_SOCKOPT, GO_FAMILY], since: None, until: None,
        read: "golang/go 001eaf2, 1341a50", older: false,
        reports: ["golang/go#45150"]
    }
    /// Go `net.ListenMulticastUDP("udp4", nil, group)`: `0.0.0.0` with `SO_REUSEADDR`.
    GoMulticast = "go-listen-multicast-udp" {
        Go, "net.ListenMulticastUDP(\"udp4\", nil, &net.UDPAddr{IP: group, Port: port})", Udp, REUSE, "0.0.0.0", dual: false,
        [GO_MULTICAST], since: None, until: None,
        read: "golang/go 001eaf2", older: false,
        reports: []
    }
    /// .NET `new TcpListener(IPAddress.IPv6Any, port)`: `::`, IPv6 only.
    DotnetIpv6Any = "dotnet-tcplistener-ipv6any" {
        Dotnet, "new TcpListener(IPAddress.IPv6Any, port)", Tcp, NONE, "::", dual: false,
        [DOTNET_LISTENER, DOTNET_SOCKET], since: None, until: None,
        read: "dotnet/runtime 04da5a1, 00ae72a", older: false,
        reports: []
    }
    /// .NET `TcpListener.Create(port)`: `::` with `DualMode = true`.
    DotnetCreate = "dotnet-tcplistener-create" {
        Dotnet, "TcpListener.Create(port)", Tcp, NONE, "::", dual: true,
        [DOTNET_LISTENER], since: None, until: None,
        read: "dotnet/runtime 04da5a1", older: false,
        reports: []
    }
    /// .NET `new TcpListener(IPAddress.Any, port) { ExclusiveAddressUse = true }`.
    DotnetExclusive = "dotnet-exclusive" {
        Dotnet, "new TcpListener(IPAddress.Any, port) { ExclusiveAddressUse = true }", Tcp, EXCLUSIVE, "0.0.0.0", dual: false,
        [DOTNET_LISTENER], since: None, until: None,
        read: "dotnet/runtime 04da5a1", older: false,
        reports: []
    }
    /// Python `python -m http.server` (3.8 and later): dual-stack `::` with `SO_REUSEADDR`.
    PythonHttpServer = "python-http-server" {
        Python, "python -m http.server port", Tcp, REUSE, "::", dual: true,
        [PY_HTTP, PY_SOCKETSERVER], since: Some("3.8"), until: None,
        read: "python/cpython 0071632, 035b629", older: false,
        reports: ["python/cpython#85307"]
    }
    /// Python `asyncio` `loop.create_server(factory, port=port)`: no option on Windows.
    PythonAsyncioServer = "python-asyncio-create-server" {
        Python, "await loop.create_server(factory, port=port)", Tcp, NONE, "0.0.0.0", dual: false,
        [PY_ASYNCIO], since: None, until: None,
        read: "python/cpython fc87e65", older: false,
        reports: []
    }
    /// Python `asyncio` `create_datagram_endpoint(..., reuse_address=True)`, before the
    /// parameter was refused (3.8.1, 3.7.6, 3.6.10): UDP with `SO_REUSEADDR`.
    PythonAsyncioDatagramReuse = "python-asyncio-datagram-reuse-address" {
        Python, "await loop.create_datagram_endpoint(factory, local_addr=('0.0.0.0', port), reuse_address=True)", Udp, REUSE, "0.0.0.0", dual: false,
        [PY_ASYNCIO_DGRAM], since: Some("3.4"), until: Some("3.8.0"),
        read: "python/cpython#17311, #17570, #17571", older: true,
        reports: ["python/cpython#81409"]
    }
    /// Java `new ServerSocket(port)` from JDK 7u25 on: exclusive bind, dual-stack `::`.
    JavaServerSocket = "java-serversocket" {
        Java, "new ServerSocket(port)", Tcp, EXCLUSIVE, "::", dual: true,
        [JDK_NET, JDK_NET_WINDOWS, JDK_REUSE_EMULATED], since: Some("7u25"), until: None,
        read: "openjdk/jdk 04a3926", older: false,
        reports: ["undertow-io/undertow#271", "Terracotta-OSS/terracotta-core#529"]
    }
    /// Java `ServerSocket` with `setReuseAddress(true)` before JDK 7u25: `SO_REUSEADDR`.
    JavaReuseLegacy = "java-serversocket-reuse-legacy" {
        Java, "ServerSocket s = new ServerSocket(); s.setReuseAddress(true); s.bind(port)", Tcp, REUSE, "0.0.0.0", dual: false,
        [JDK_REUSE_EMULATED], since: None, until: Some("7u21"),
        read: "openjdk/jdk 04a3926", older: false,
        reports: ["Terracotta-OSS/terracotta-core#529"]
    }
    /// Java `new ServerSocket(port)` before JDK 7u25: no sharing option.
    JavaLegacy = "java-serversocket-legacy" {
        Java, "new ServerSocket(port)", Tcp, NONE, "0.0.0.0", dual: false,
        [JDK_NET], since: None, until: Some("7u21"),
        read: "openjdk/jdk 04a3926", older: false,
        reports: ["undertow-io/undertow#271"]
    }
    /// Rust `std::net::TcpListener::bind("0.0.0.0:port")`: nothing set on Windows.
    RustTcpListener = "rust-std-tcplistener" {
        Rust, "std::net::TcpListener::bind(\"0.0.0.0:port\")", Tcp, NONE, "0.0.0.0", dual: false,
        [RUST_STD], since: None, until: None,
        read: "rust-lang/rust d9683df, 786e875", older: true,
        reports: []
    }
    /// nginx for Windows `listen port;`: `0.0.0.0` with `SO_REUSEADDR`.
    NginxWindows = "nginx-windows" {
        Nginx, "listen port;", Tcp, REUSE, "0.0.0.0", dual: false,
        [NGINX_LISTEN], since: None, until: None,
        read: "nginx 1.31.5 (3f6f782)", older: true,
        reports: []
    }
}

impl Preset {
    /// This preset's row of [`PRESETS`].
    pub fn row(self) -> &'static PresetRow {
        &PRESETS[self as usize]
    }

    /// The known ids joined by `, ` (for messages about an unknown preset).
    pub fn known_ids() -> String {
        Preset::IDS.join(", ")
    }
}

/// The presets of `runtime`, in table order (the page's groups).
pub fn of_runtime(runtime: Runtime) -> impl Iterator<Item = &'static PresetRow> {
    PRESETS.iter().filter(move |r| r.runtime == runtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_variant_order_with_unique_ids() {
        for (i, row) in PRESETS.iter().enumerate() {
            assert_eq!(row.preset as usize, i, "{}", row.id);
            assert_eq!(row.preset.id(), row.id);
            assert_eq!(Preset::parse_id(row.id), Some(row.preset));
            assert!(!row.sources.is_empty(), "{}", row.id);
        }
        assert_eq!(Preset::ALL.len(), PRESETS.len());
    }

    #[test]
    fn every_row_is_a_socket_the_scenario_accepts() {
        for row in PRESETS {
            let a = crate::socket::LocalAddress::parse(row.address, "address").unwrap();
            if row.dual_stack {
                assert_eq!(a.family(), crate::socket::Family::Ipv6, "{}", row.id);
            }
            assert!(row.options.len() <= 1, "{}", row.id);
        }
    }
}
