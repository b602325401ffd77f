//! "Still getting 10013 or 10048?": what else to check when no binding on the port explains
//! the error. Our words; sources named.

use leptos::prelude::*;
use sockbind_core::evidence::{
    DISABLE_ADDRESS_SHARING_DOC, DUAL_STACK_REPORTS, EXCLUDED_RANGES_REPORTS,
};

/// The troubleshooting panel.
#[component]
pub fn Troubleshoot() -> impl IntoView {
    view! {
        <section class="troubleshoot" aria-labelledby="trouble-title">
            <h2 id="trouble-title">"Still getting 10013 or 10048 with nothing in the way?"</h2>
            <p>"This page models conflicts between sockets. Windows can refuse a bind for other reasons too:"</p>
            <ul>
                <li>
                    <strong>"Excluded port ranges (10013). "</strong>
                    "Hyper-V, WinNAT and Docker reserve blocks of ports; a bind inside one is refused even though nothing listens there. List them with "
                    <code>"netsh int ipv4 show excludedportrange protocol=tcp"</code>
                    " (and " <code>"ipv6"</code> ", " <code>"udp"</code> "). Pick a port outside them, or reserve yours before the service starts."
                    <span class="cite">{format!(" Source: {}.", EXCLUDED_RANGES_REPORTS.cite)}</span>
                </li>
                <li>
                    <strong>"Another account's wildcard listener (10013). "</strong>
                    "A service running as another user on 0.0.0.0 or :: keeps you from binding a specific address on its port — the different-user table above. Find it with "
                    <code>"netstat -ano -p tcp"</code> " and " <code>"tasklist /fi \"pid eq N\""</code> "."
                </li>
                <li>
                    <strong>"A dual-stack listener (10013 or 10048, or no error at all). "</strong>
                    "Node, Go and .NET listen on :: with IPv4 mapped in by default. Depending on who set SO_EXCLUSIVEADDRUSE you get an error, or two programs quietly share the port; try the “dual-stack” example in the timeline."
                    <span class="cite">{format!(" Source: {}.", DUAL_STACK_REPORTS.cite)}</span>
                </li>
                <li>
                    <strong>"Address sharing switched off (10013). "</strong>
                    "The registry value " <code>"DisableAddressSharing"</code>
                    " under the AFD parameters makes Windows refuse SO_REUSEADDR sharing between processes, as if every socket were exclusive."
                    <span class="cite">{format!(" Source: {}.", DISABLE_ADDRESS_SHARING_DOC.cite)}</span>
                </li>
                <li>
                    <strong>"A closing connection (10048). "</strong>
                    "Right after a restart, an old connection may still be shutting down. Plain binds are normally not blocked by it; an exclusive one may be (see the “lingering” example). Close connections gracefully: shutdown with SD_SEND, then read until recv returns 0."
                </li>
            </ul>
        </section>
    }
}
