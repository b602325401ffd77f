//! The Winsock runner (Windows only): performs a [`CasePlan`]'s calls for real with the step
//! semantics documented in `sockbind_core::probe`, the same ones the generated C runtime
//! (`core/src/codegen/runtime.c`) implements; the Wine test holds the two against each other.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use sockbind_core::probe::{
    error_name, Action, CasePlan, CaseReport, Observed, PortEntry, SocketKind, StepReport,
    RECEIVE_WAIT_MS,
};
use sockbind_core::{InputError, Protocol, SockOpt};
use windows_sys::Win32::Networking::WinSock as ws;
use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
use windows_sys::Win32::System::SystemInformation::OSVERSIONINFOW;

type Socket = ws::SOCKET;
const INVALID: Socket = ws::INVALID_SOCKET;
const BACKLOG: i32 = i32::MAX; // SOMAXCONN in the Winsock 2 headers

/// Starts Winsock 2.2. Errors: the `WSAStartup` code.
pub fn startup() -> Result<(), InputError> {
    // SAFETY: WSADATA is plain data that WSAStartup fills in.
    let rc = unsafe {
        let mut data: ws::WSADATA = std::mem::zeroed();
        ws::WSAStartup(0x0202, &mut data)
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(InputError::new(
            "probe",
            "",
            format!("WSAStartup failed ({rc})"),
        ))
    }
}

/// `(major.minor, build, Wine version)` from `RtlGetVersion` and `wine_get_version` (ntdll).
pub fn system() -> (String, u32, Option<String>) {
    type RtlGetVersion = unsafe extern "system" fn(*mut OSVERSIONINFOW) -> i32;
    type WineGetVersion = unsafe extern "C" fn() -> *const std::ffi::c_char;
    // SAFETY: ntdll is always loaded; the looked-up exports have the signatures above.
    unsafe {
        let nt = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        let mut vi: OSVERSIONINFOW = std::mem::zeroed();
        vi.dwOSVersionInfoSize = std::mem::size_of::<OSVERSIONINFOW>() as u32;
        if !nt.is_null() {
            if let Some(f) = GetProcAddress(nt, c"RtlGetVersion".as_ptr().cast()) {
                let f: RtlGetVersion = std::mem::transmute(f);
                f(&mut vi);
            }
        }
        let wine = if nt.is_null() {
            None
        } else {
            GetProcAddress(nt, c"wine_get_version".as_ptr().cast()).map(|f| {
                let f: WineGetVersion = std::mem::transmute(f);
                std::ffi::CStr::from_ptr(f()).to_string_lossy().into_owned()
            })
        };
        (
            format!("{}.{}", vi.dwMajorVersion, vi.dwMinorVersion),
            vi.dwBuildNumber,
            wine,
        )
    }
}

fn last_error() -> u32 {
    // SAFETY: no arguments; reads the thread's last Winsock error.
    unsafe { ws::WSAGetLastError() as u32 }
}

/// A socket address in Winsock's layout.
struct Addr {
    storage: ws::SOCKADDR_STORAGE,
    len: i32,
}

impl Addr {
    fn new(ip: IpAddr, port: u16) -> Addr {
        // SAFETY: SOCKADDR_STORAGE is large and aligned enough for either address layout.
        unsafe {
            let mut storage: ws::SOCKADDR_STORAGE = std::mem::zeroed();
            let len = match ip {
                IpAddr::V4(v4) => {
                    let a = &mut *(&mut storage as *mut _ as *mut ws::SOCKADDR_IN);
                    a.sin_family = ws::AF_INET;
                    a.sin_port = port.to_be();
                    a.sin_addr.S_un.S_addr = u32::from_ne_bytes(v4.octets());
                    std::mem::size_of::<ws::SOCKADDR_IN>()
                }
                IpAddr::V6(v6) => {
                    let a = &mut *(&mut storage as *mut _ as *mut ws::SOCKADDR_IN6);
                    a.sin6_family = ws::AF_INET6;
                    a.sin6_port = port.to_be();
                    a.sin6_addr.u.Byte = v6.octets();
                    std::mem::size_of::<ws::SOCKADDR_IN6>()
                }
            };
            Addr {
                storage,
                len: len as i32,
            }
        }
    }

    fn ptr(&self) -> *const ws::SOCKADDR {
        &self.storage as *const _ as *const ws::SOCKADDR
    }

    fn family(&self) -> i32 {
        i32::from(self.storage.ss_family)
    }
}

fn local_port(s: Socket) -> Option<u16> {
    // SAFETY: getsockname writes at most `len` bytes into the storage.
    unsafe {
        let mut st: ws::SOCKADDR_STORAGE = std::mem::zeroed();
        let mut len = std::mem::size_of::<ws::SOCKADDR_STORAGE>() as i32;
        if ws::getsockname(s, &mut st as *mut _ as *mut ws::SOCKADDR, &mut len) != 0 {
            return None;
        }
        Some(if st.ss_family == ws::AF_INET {
            u16::from_be((*(&st as *const _ as *const ws::SOCKADDR_IN)).sin_port)
        } else {
            u16::from_be((*(&st as *const _ as *const ws::SOCKADDR_IN6)).sin6_port)
        })
    }
}

fn new_socket(family: i32, protocol: Protocol) -> Socket {
    let (ty, proto) = match protocol {
        Protocol::Tcp => (ws::SOCK_STREAM, ws::IPPROTO_TCP),
        Protocol::Udp => (ws::SOCK_DGRAM, ws::IPPROTO_UDP),
    };
    // SAFETY: plain Winsock call.
    unsafe { ws::socket(family, ty, proto) }
}

fn set_int(s: Socket, level: i32, name: i32, value: i32) -> i32 {
    // SAFETY: optval points at a live i32 of the given length.
    unsafe {
        ws::setsockopt(
            s,
            level,
            name,
            &value as *const i32 as *const u8,
            std::mem::size_of::<i32>() as i32,
        )
    }
}

fn close_abortive(s: Socket) {
    if s == INVALID {
        return;
    }
    let l = ws::LINGER {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: optval points at a live LINGER; closing a handle we own.
    unsafe {
        ws::setsockopt(
            s,
            ws::SOL_SOCKET,
            ws::SO_LINGER,
            &l as *const ws::LINGER as *const u8,
            std::mem::size_of::<ws::LINGER>() as i32,
        );
        ws::closesocket(s);
    }
}

fn close(s: Socket) {
    // SAFETY: closing a handle we own.
    unsafe { ws::closesocket(s) };
}

fn bind(s: Socket, a: &Addr) -> i32 {
    // SAFETY: the address buffer outlives the call.
    unsafe { ws::bind(s, a.ptr(), a.len) }
}

/// Whether nothing holds `port` on the IPv4 and IPv6 wildcards, TCP and UDP (plain binds).
pub fn port_free(port: u16) -> bool {
    for ip in [
        IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    ] {
        for proto in [Protocol::Tcp, Protocol::Udp] {
            let a = Addr::new(ip, port);
            let s = new_socket(a.family(), proto);
            if s == INVALID {
                continue; // no such stack here: nothing to clash with
            }
            let ok = bind(s, &a) == 0;
            close(s);
            if !ok {
                return false;
            }
        }
    }
    true
}

fn pick_port(taken: &[u16]) -> u16 {
    for _ in 0..64 {
        let s = new_socket(i32::from(ws::AF_INET), Protocol::Tcp);
        if s == INVALID {
            return 0;
        }
        let a = Addr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0);
        let p = if bind(s, &a) == 0 {
            local_port(s)
        } else {
            None
        };
        close(s);
        match p {
            Some(p) if !taken.contains(&p) && port_free(p) => return p,
            Some(_) => continue,
            None => return 0,
        }
    }
    0
}

#[derive(Clone)]
struct Sock {
    kind: SocketKind,
    protocol: Protocol,
    options: Vec<SockOpt>,
    addr: Option<IpAddr>,
    slot: Option<usize>,
    s: Socket,
    keep: Option<(Socket, Socket)>,
    created: bool,
    opts_ok: bool,
    closed: bool,
    listening: bool,
    bound: bool,
}

/// What one step observed so far: the last call and its code; `None` before any call.
struct Obs(Option<(String, u32)>);

impl Obs {
    fn set(&mut self, call: &str, code: u32) {
        self.0 = Some((call.to_string(), code));
    }
}

fn opt_call(o: SockOpt) -> String {
    format!("setsockopt {}", o.name())
}

fn opt_name(o: SockOpt) -> i32 {
    match o {
        SockOpt::ReuseAddr => ws::SO_REUSEADDR,
        SockOpt::ExclusiveAddrUse => ws::SO_EXCLUSIVEADDRUSE,
    }
}

struct Case {
    socks: Vec<Sock>,
    ports: Vec<u16>,
}

impl Case {
    fn port(&self, slot: Option<usize>) -> u16 {
        slot.map_or(0, |i| self.ports[i])
    }

    fn ensure_created(&mut self, k: usize, o: &mut Obs) -> bool {
        let x = &mut self.socks[k];
        if x.created {
            return true;
        }
        let fam = if x.kind == SocketKind::Ipv4 {
            ws::AF_INET
        } else {
            ws::AF_INET6
        };
        x.s = new_socket(i32::from(fam), x.protocol);
        if x.s == INVALID {
            o.set("socket", last_error());
            return false;
        }
        x.created = true;
        o.set("socket", 0);
        if x.kind == SocketKind::DualStack {
            if set_int(x.s, ws::IPPROTO_IPV6, ws::IPV6_V6ONLY, 0) != 0 {
                o.set("setsockopt IPV6_V6ONLY", last_error());
                return false;
            }
            o.set("setsockopt IPV6_V6ONLY", 0);
        }
        true
    }

    fn set_opts(&mut self, k: usize, o: &mut Obs) -> bool {
        let x = &mut self.socks[k];
        for opt in x.options.clone() {
            if set_int(x.s, ws::SOL_SOCKET, opt_name(opt), 1) != 0 {
                o.set(&opt_call(opt), last_error());
                return false;
            }
            o.set(&opt_call(opt), 0);
        }
        x.opts_ok = true;
        true
    }

    fn bind_addr(&self, k: usize) -> Addr {
        let x = &self.socks[k];
        Addr::new(x.addr.expect("planned"), self.port(x.slot))
    }

    fn setsockopt(&mut self, k: usize, o: &mut Obs) {
        if self.socks[k].closed {
            let opt = self.socks[k]
                .options
                .first()
                .copied()
                .unwrap_or(SockOpt::ReuseAddr);
            set_int(INVALID, ws::SOL_SOCKET, opt_name(opt), 1);
            o.set(&opt_call(opt), last_error());
            return;
        }
        if self.ensure_created(k, o) {
            self.set_opts(k, o);
        }
    }

    fn bind(&mut self, k: usize, o: &mut Obs) {
        let a = self.bind_addr(k);
        if self.socks[k].closed {
            bind(INVALID, &a);
            o.set("bind", last_error());
            return;
        }
        if !self.ensure_created(k, o) {
            return;
        }
        if !self.socks[k].opts_ok && !self.set_opts(k, o) {
            return;
        }
        if bind(self.socks[k].s, &a) != 0 {
            o.set("bind", last_error());
            return;
        }
        self.socks[k].bound = true;
        o.set("bind", 0);
    }

    fn listen(&mut self, k: usize, o: &mut Obs) {
        if self.socks[k].closed {
            // SAFETY: plain Winsock call on an invalid handle (answers WSAENOTSOCK).
            unsafe { ws::listen(INVALID, BACKLOG) };
            o.set("listen", last_error());
            return;
        }
        if !self.ensure_created(k, o) {
            return;
        }
        // SAFETY: plain Winsock call on our socket.
        if unsafe { ws::listen(self.socks[k].s, BACKLOG) } != 0 {
            o.set("listen", last_error());
            return;
        }
        self.socks[k].listening = true;
        o.set("listen", 0);
    }

    /// Where a client reaches socket `k`: its own address, or loopback for a wildcard.
    fn reach(&self, k: usize) -> Option<Addr> {
        let x = &self.socks[k];
        let port = local_port(x.s)?;
        let ip = match x.addr? {
            IpAddr::V4(v) if v.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(v) if v.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            IpAddr::V6(v) => v.to_ipv4_mapped().map_or(IpAddr::V6(v), IpAddr::V4),
            other => other,
        };
        Some(Addr::new(ip, port))
    }

    fn close(&mut self, k: usize, lingering: bool, o: &mut Obs) -> bool {
        if !self.socks[k].created || self.socks[k].closed {
            self.socks[k].closed = true;
            return false;
        }
        let x = self.socks[k].clone();
        if lingering && x.listening && x.protocol == Protocol::Tcp {
            if let Some(to) = self.reach(k) {
                let c = new_socket(to.family(), Protocol::Tcp);
                if c == INVALID {
                    o.set("socket", last_error());
                // SAFETY: the address buffer outlives the call.
                } else if unsafe { ws::connect(c, to.ptr(), to.len) } != 0 {
                    o.set("connect", last_error());
                    close(c);
                } else {
                    // SAFETY: accepting on our listening socket; no peer address wanted.
                    let a = unsafe { ws::accept(x.s, std::ptr::null_mut(), std::ptr::null_mut()) };
                    if a == INVALID {
                        o.set("accept", last_error());
                        close(c);
                    } else {
                        self.socks[k].keep = Some((c, a));
                    }
                }
            }
        }
        self.socks[k].closed = true;
        // SAFETY: closing our socket.
        if unsafe { ws::closesocket(x.s) } != 0 {
            o.set("closesocket", last_error());
        } else if o.0.as_ref().is_none_or(|(_, c)| *c == 0) {
            o.set("closesocket", 0);
        }
        true
    }

    fn expire(&mut self, k: usize, o: &mut Obs) -> bool {
        match self.socks[k].keep.take() {
            None => false,
            Some((c, a)) => {
                close_abortive(c);
                close_abortive(a);
                o.set("closesocket", 0);
                true
            }
        }
    }

    fn send(
        &mut self,
        protocol: Protocol,
        to: IpAddr,
        slot: Option<usize>,
        o: &mut Obs,
    ) -> Vec<usize> {
        let a = Addr::new(to, self.port(slot));
        let c = new_socket(a.family(), protocol);
        if c == INVALID {
            o.set("socket", last_error());
            return vec![];
        }
        match protocol {
            Protocol::Tcp => {
                // SAFETY: the address buffer outlives the call.
                if unsafe { ws::connect(c, a.ptr(), a.len) } != 0 {
                    o.set("connect", last_error());
                    close_abortive(c);
                    return vec![];
                }
                o.set("connect", 0);
            }
            Protocol::Udp => {
                let msg = b"sockbind";
                // SAFETY: buffer and address outlive the call.
                let n = unsafe { ws::sendto(c, msg.as_ptr(), msg.len() as i32, 0, a.ptr(), a.len) };
                if n != msg.len() as i32 {
                    o.set("sendto", last_error());
                    close(c);
                    return vec![];
                }
                o.set("sendto", 0);
            }
        }
        let live: Vec<usize> = (0..self.socks.len())
            .filter(|&k| {
                let x = &self.socks[k];
                x.created
                    && !x.closed
                    && x.protocol == protocol
                    && if protocol == Protocol::Tcp {
                        x.listening
                    } else {
                        x.bound
                    }
            })
            .collect();
        let mut got = vec![];
        if !live.is_empty() {
            let mut set = ws::FD_SET {
                fd_count: 0,
                fd_array: [0; 64],
            };
            for &k in live.iter().take(64) {
                set.fd_array[set.fd_count as usize] = self.socks[k].s;
                set.fd_count += 1;
            }
            let tv = ws::TIMEVAL {
                tv_sec: 0,
                tv_usec: (RECEIVE_WAIT_MS * 1000) as i32,
            };
            // SAFETY: the set and timeout outlive the call.
            let n =
                unsafe { ws::select(0, &mut set, std::ptr::null_mut(), std::ptr::null_mut(), &tv) };
            if n > 0 {
                let ready = &set.fd_array[..set.fd_count as usize];
                for &k in &live {
                    let s = self.socks[k].s;
                    if !ready.contains(&s) {
                        continue;
                    }
                    if protocol == Protocol::Tcp {
                        // SAFETY: accepting on our listening socket.
                        let acc =
                            unsafe { ws::accept(s, std::ptr::null_mut(), std::ptr::null_mut()) };
                        if acc != INVALID {
                            close_abortive(acc);
                            got.push(k);
                        }
                    } else {
                        let mut buf = [0u8; 64];
                        // SAFETY: the buffer outlives the call.
                        if unsafe { ws::recv(s, buf.as_mut_ptr(), buf.len() as i32, 0) } >= 0 {
                            got.push(k);
                        }
                    }
                }
            }
        }
        if protocol == Protocol::Tcp {
            close_abortive(c);
        } else {
            close(c);
        }
        got
    }
}

impl Drop for Case {
    fn drop(&mut self) {
        for x in &self.socks {
            if let Some((c, a)) = x.keep {
                close_abortive(c);
                close_abortive(a);
            }
            if x.created && !x.closed {
                close_abortive(x.s);
            }
        }
    }
}

/// Runs one plan. `first_port` replaces the free-port pick for the scenario's first port
/// (the caller has checked it is free). Out: the case result.
pub fn run(plan: &CasePlan, first_port: Option<u16>) -> CaseReport {
    let mut ports: Vec<u16> = vec![];
    for i in 0..plan.ports.len() {
        let p = match (i, first_port) {
            (0, Some(p)) => p,
            _ => pick_port(&ports),
        };
        ports.push(p);
    }
    let mut case = Case {
        socks: plan
            .sockets
            .iter()
            .map(|p| Sock {
                kind: p.kind,
                protocol: p.protocol,
                options: p.options.clone(),
                addr: p.address,
                slot: p.port_slot,
                s: INVALID,
                keep: None,
                created: false,
                opts_ok: false,
                closed: false,
                listening: false,
                bound: false,
            })
            .collect(),
        ports: ports.clone(),
    };
    let mut steps = vec![];
    for st in &plan.steps {
        let mut o = Obs(None);
        let mut receivers = None;
        let mut any = true;
        match &st.action {
            Action::NotRun => any = false,
            Action::Setsockopt { socket } => case.setsockopt(*socket, &mut o),
            Action::Bind { socket } => case.bind(*socket, &mut o),
            Action::Listen { socket } => case.listen(*socket, &mut o),
            Action::Close { socket, lingering } => any = case.close(*socket, *lingering, &mut o),
            Action::Expire { socket } => any = case.expire(*socket, &mut o),
            Action::Send {
                protocol,
                to,
                port_slot,
            } => receivers = Some(case.send(*protocol, *to, *port_slot, &mut o)),
        }
        let observed = if any {
            o.0.map(|(call, code)| Observed {
                result: error_name(code),
                call,
                code,
                receivers: receivers.clone(),
            })
        } else {
            None
        };
        steps.push(StepReport {
            step: st.step,
            op: st.op.clone(),
            agrees: sockbind_core::probe::agrees(st.model.as_ref(), observed.as_ref()),
            model: st.model.clone(),
            observed,
            not_run: st.not_run.clone(),
        });
    }
    drop(case);
    CaseReport {
        id: plan.id.clone(),
        group: plan.group.clone(),
        scenario: plan.scenario.clone(),
        address_map: plan.address_map.clone(),
        ports: plan
            .ports
            .iter()
            .zip(&ports)
            .map(|(s, l)| PortEntry {
                scenario: *s,
                local: *l,
            })
            .collect(),
        steps,
    }
}
