//! How we know an answer: the kind of evidence and the named public sources.
//!
//! The article is one source. Wine's Winsock conformance tests run on real Windows (its test
//! bot runs them on Windows 7 through 11), and Wine's server is an independent
//! re-implementation; both are public. Where they disagree with the article, verdicts carry
//! both answers.

use serde::{Deserialize, Serialize};

use crate::result::BindResult;

crate::id_enum! {
    /// The kind of evidence behind a result. Serialized as its id; the page's label is the
    /// catalog key `evidence-<id>`.
    pub enum Evidence {
        /// The article says so (table or prose), and nothing we know contradicts it.
        Documented = "documented",
        /// A public test suite that runs on real Windows asserts it.
        TestedOnWindows = "tested-on-windows",
        /// An independent re-implementation (Wine) behaves so; no Windows test settles it.
        Implementation = "implementation",
        /// Public bug reports and experiments describe it; no test suite asserts it.
        Reports = "reports",
        /// Sources disagree and nothing settles it: see the alternatives.
        Disputed = "disputed",
    }
}

/// A named public source. Serialized as its full citation ([`Source::full_cite`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    /// Stable short id, e.g. `"wine-tests-reuseaddr"`.
    pub id: &'static str,
    /// The kind of evidence it gives.
    pub kind: Evidence,
    /// Citation title: article section, or repository and issue number or path (not prose;
    /// what a report saw, in our words, is the catalog message `source-<id>` where present).
    pub cite: &'static str,
}

impl Source {
    /// The catalog key of what this source saw, `source-<id>`, if the catalogs have one.
    pub fn seen_key(&self) -> Option<String> {
        let key = format!("source-{}", self.id);
        crate::text::parts(crate::text::Lang::En, &key).map(|_| key)
    }

    /// The citation with what was seen in `lang`: `title (what was seen)`.
    pub fn cite_in(&self, lang: crate::text::Lang) -> String {
        match self.seen_key() {
            Some(k) => format!("{} ({})", self.cite, crate::text::message(lang, &k, &[])),
            None => self.cite.to_string(),
        }
    }

    /// The English citation the verdict JSON prints.
    pub fn full_cite(&self) -> String {
        self.cite_in(crate::text::Lang::En)
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.full_cite())
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let cite = String::deserialize(d)?;
        ALL_SOURCES
            .iter()
            .find(|s| s.full_cite() == cite || s.cite == cite)
            .copied()
            .or_else(|| crate::windows_results::source_named(&cite))
            .ok_or_else(|| serde::de::Error::custom(format!("unknown source {cite:?}")))
    }
}

/// Article section citation helper.
macro_rules! article {
    ($id:literal, $section:literal) => {
        Source {
            id: $id,
            kind: Evidence::Documented,
            cite: concat!(
                "article \"Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE\", section \"",
                $section,
                "\""
            ),
        }
    };
}

/// Availability table at the top of the article.
pub const ARTICLE_AVAILABILITY: Source =
    article!("article-availability", "introduction (availability table)");
/// "Using SO_REUSEADDR".
pub const ARTICLE_REUSEADDR: Source = article!("article-reuseaddr", "Using SO_REUSEADDR");
/// "Using SO_EXCLUSIVEADDRUSE" (XP-and-earlier table, two-interface example, lingering).
pub const ARTICLE_EXCLUSIVE: Source = article!("article-exclusive", "Using SO_EXCLUSIVEADDRUSE");
/// "Enhanced Socket Security" (2003-and-later tables, dual-stack paragraph).
pub const ARTICLE_ENHANCED: Source = article!("article-enhanced", "Enhanced Socket Security");
/// "Application Strategies".
pub const ARTICLE_STRATEGIES: Source = article!("article-strategies", "Application Strategies");

/// Wine's conformance test of bind conflicts, run on Windows 7–11 by Wine's test bot.
pub const WINE_TEST_REUSEADDR: Source = Source {
    id: "wine-tests-reuseaddr",
    kind: Evidence::TestedOnWindows,
    cite: "wine-mirror/wine dlls/ws2_32/tests/sock.c, test_reuseaddr (tests_exclusive table)",
};
/// Wine's conformance test of `IPV6_V6ONLY` / dual-stack binds.
pub const WINE_TEST_IPV6ONLY: Source = Source {
    id: "wine-tests-ipv6only",
    kind: Evidence::TestedOnWindows,
    cite: "wine-mirror/wine dlls/ws2_32/tests/sock.c, test_ipv6only",
};
/// Wine's conformance test of which listener accepts a connection (inside test_reuseaddr).
pub const WINE_TEST_ACCEPT_ORDER: Source = Source {
    id: "wine-tests-accept-order",
    kind: Evidence::TestedOnWindows,
    cite: "wine-mirror/wine dlls/ws2_32/tests/sock.c, test_reuseaddr (accept order checks)",
};
/// Wine's server-side bind conflict check (independent re-implementation).
pub const WINE_SERVER_CHECK: Source = Source {
    id: "wine-server-check-addr-usage",
    kind: Evidence::Implementation,
    cite: "wine-mirror/wine server/sock.c, check_addr_usage (match_any_addr for exclusive wildcard binds)",
};

/// Microsoft's Winsock Kernel documentation of address sharing (kernel sockets).
pub const WSK_SHARING: Source = Source {
    id: "wsk-sharing-transport-addresses",
    kind: Evidence::Documented,
    cite: "Microsoft WSK documentation \"Sharing Transport Addresses\" (MicrosoftDocs/windows-driver-docs, windows-driver-docs-pr/network/sharing-transport-addresses.md)",
};
/// Secondary report of KB 870562 (administrator requirement lifted).
pub const KB_870562: Source = Source {
    id: "kb-870562",
    kind: Evidence::Reports,
    cite: "KB 870562, as reported by HSC's note \"SO_EXCLUSIVEADDRUSE socket option\"",
};
/// Microsoft's page on dual-stack sockets.
pub const DUAL_STACK_DOC: Source = Source {
    id: "dual-stack-sockets",
    kind: Evidence::Documented,
    cite: "Microsoft Win32 documentation \"Dual-Stack Sockets for IPv6 Winsock Applications\"",
};
/// Bug reports of two servers on one port through a dual-stack listener.
pub const DUAL_STACK_REPORTS: Source = Source {
    id: "dual-stack-reports",
    kind: Evidence::Reports,
    cite: "golang/go#45150, golang/go#30291, nodejs/node#9390",
};
/// Experiments: an exclusive rebind succeeds while an accepted connection is still open.
pub const TRIO_LINGER_EXPERIMENT: Source = Source {
    id: "trio-time-wait-exclusiveaddruse",
    kind: Evidence::Reports,
    cite: "python-trio/trio#928 and notes-to-self/time-wait-windows-exclusiveaddruse.py",
};
/// grpc/grpc#16005 (Windows Server 2012): a service already listened on the IPv4 wildcard,
/// and a gRPC server's plain listener on the same port started without error; clients kept
/// reaching the first service.
pub const GRPC_16005: Source = Source {
    id: "grpc-16005",
    kind: Evidence::Reports,
    cite: "grpc/grpc#16005",
};
/// golang/go#45150: Go's `tcp4` listener on `0.0.0.0` and its default `tcp` listener (a
/// dual-stack `::` socket) both bind one port without error.
pub const GO_45150: Source = Source {
    id: "go-45150",
    kind: Evidence::Reports,
    cite: "golang/go#45150",
};
/// eidheim/Simple-Web-Server#26 (Windows 8.1): a server with `SO_REUSEADDR` on the IPv4
/// wildcard and a Node server (plain dual-stack `::`) both listened on one port.
pub const SIMPLE_WEB_SERVER_26: Source = Source {
    id: "simple-web-server-26",
    kind: Evidence::Reports,
    cite: "eidheim/Simple-Web-Server#26",
};
/// Reports that setting both sharing options on one socket fails on the second call.
pub const BOTH_OPTIONS_REPORTS: Source = Source {
    id: "both-options-reports",
    kind: Evidence::Reports,
    cite: "yhirose/cpp-httplib#2011, arvidn/libtorrent#1981, cesanta/mongoose#2204 (Windows Server 2022)",
};
/// bitcoin/bitcoin pull request #36169 (Windows 10): restarting an exclusive server while a
/// connection was still open did not make its bind fail.
pub const BITCOIN_36169: Source = Source {
    id: "bitcoin-36169",
    kind: Evidence::Reports,
    cite: "bitcoin/bitcoin#36169",
};

/// Reports that plain binds are not blocked by TIME_WAIT on Windows.
pub const TIME_WAIT_REPORTS: Source = Source {
    id: "time-wait-reports",
    kind: Evidence::Reports,
    cite: "joyent/libuv pull request #1360",
};
/// Reports that a specific UDP binding beats the wildcard.
pub const UDP_SPECIFIC_REPORTS: Source = Source {
    id: "udp-specific-reports",
    kind: Evidence::Reports,
    cite: "holepunchto/udx-native pull request #2",
};
/// Excluded port ranges reserved by Hyper-V / WinNAT / Docker.
pub const EXCLUDED_RANGES_REPORTS: Source = Source {
    id: "excluded-port-ranges",
    kind: Evidence::Reports,
    cite: "docker/for-win#3171 and docker/for-win#9272; Microsoft KB 3039044",
};
/// The AFD registry value that turns address sharing off.
pub const DISABLE_ADDRESS_SHARING_DOC: Source = Source {
    id: "disable-address-sharing",
    kind: Evidence::Documented,
    cite: "Windows Server 2003 \"Appendix C: Windows Sockets and DNS Registry Parameters\" (DisableAddressSharing under HKLM\\SYSTEM\\CurrentControlSet\\Services\\Afd\\Parameters)",
};

/// Microsoft's reference pages for the calls themselves.
pub const WINSOCK_REFERENCE: Source = Source {
    id: "winsock-reference",
    kind: Evidence::Documented,
    cite: "Microsoft Win32 reference pages for bind, listen and closesocket",
};

/// Every source, for look-ups.
pub const ALL_SOURCES: &[Source] = &[
    ARTICLE_AVAILABILITY,
    ARTICLE_REUSEADDR,
    ARTICLE_EXCLUSIVE,
    ARTICLE_ENHANCED,
    ARTICLE_STRATEGIES,
    WINE_TEST_REUSEADDR,
    WINE_TEST_IPV6ONLY,
    WINE_TEST_ACCEPT_ORDER,
    WINE_SERVER_CHECK,
    WSK_SHARING,
    KB_870562,
    DUAL_STACK_DOC,
    DUAL_STACK_REPORTS,
    TRIO_LINGER_EXPERIMENT,
    TIME_WAIT_REPORTS,
    UDP_SPECIFIC_REPORTS,
    EXCLUDED_RANGES_REPORTS,
    DISABLE_ADDRESS_SHARING_DOC,
    WINSOCK_REFERENCE,
    GRPC_16005,
    GO_45150,
    SIMPLE_WEB_SERVER_26,
    BOTH_OPTIONS_REPORTS,
    BITCOIN_36169,
];

impl Source {
    /// The project a report comes from (`owner/repo`, the citation up to `#` or a space), for
    /// telling independent reports apart.
    pub fn project(&self) -> &'static str {
        let end = self.cite.find(['#', ' ']).unwrap_or(self.cite.len());
        &self.cite[..end]
    }
}

/// The evidence ladder, strongest first: a test on Windows, then at least two independent
/// agreeing public reports, then the article, then an independent re-implementation (Wine).
/// `disputed` is not a rung: it marks an article answer some other source contradicts.
pub const LADDER: [Evidence; 4] = [
    Evidence::TestedOnWindows,
    Evidence::Reports,
    Evidence::Documented,
    Evidence::Implementation,
];

/// Whether `sources` hold at least two reports from different projects (the "reports" rung).
pub fn independent_reports(sources: &[Source]) -> bool {
    let mut projects: Vec<&str> = sources
        .iter()
        .filter(|s| s.kind == Evidence::Reports)
        .map(|s| s.project())
        .collect();
    projects.sort_unstable();
    projects.dedup();
    projects.len() >= 2
}

/// Another answer some source gives, shown beside the chosen one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    /// Stable id of this disagreement (for translations), e.g. `wine-exclusive-wildcard`.
    pub id: String,
    /// The other result.
    pub result: BindResult,
    /// What kind of evidence gives it.
    pub evidence: Evidence,
    /// Where it comes from.
    pub sources: Vec<Source>,
    /// In our words: who says so and when it applies.
    pub note: String,
    /// The rule behind the other result, where our model has one.
    pub rule: Option<crate::rules::Rule>,
}

/// The ids of every alternative the model gives; each has the catalog key `alt-<id>`.
pub const ALTERNATIVE_IDS: &[&str] = &[
    "wine-exclusive-wildcard",
    "wsk-reuseaddr-specific",
    "kb-870562",
    "lingering-experiments",
    "tested-on-later-windows",
    "wine-behaviour",
    "windows-results",
];

impl Alternative {
    /// The English note for alternative `id`, from the catalog key `alt-<id>`.
    pub fn note_for(id: &str) -> String {
        debug_assert!(ALTERNATIVE_IDS.contains(&id), "{id}");
        crate::text::english(&format!("alt-{id}"))
    }
}
