# sockbind probe runtime in Python 3 (the socket module, Windows). Runs the steps below for
# real and prints the probe result JSON (format "sockbind-probe"). Run: python probe.py
# Semantics: see sockbind-core, module probe.
import ctypes
import json
import select
import socket
import struct
import sys

SO_EXCLUSIVEADDRUSE = getattr(socket, "SO_EXCLUSIVEADDRUSE", -5)
IPV6_V6ONLY = getattr(socket, "IPV6_V6ONLY", 27)
IPPROTO_IPV6 = getattr(socket, "IPPROTO_IPV6", 41)
NAMES = {0: "success", 10004: "WSAEINTR", 10009: "WSAEBADF", 10013: "WSAEACCES",
         10014: "WSAEFAULT", 10022: "WSAEINVAL", 10035: "WSAEWOULDBLOCK",
         10038: "WSAENOTSOCK", 10042: "WSAENOPROTOOPT", 10043: "WSAEPROTONOSUPPORT",
         10045: "WSAEOPNOTSUPP", 10047: "WSAEAFNOSUPPORT", 10048: "WSAEADDRINUSE",
         10049: "WSAEADDRNOTAVAIL", 10061: "WSAECONNREFUSED", 10060: "WSAETIMEDOUT"}
OUT = []
CASE = None


def code_of(e):
    return getattr(e, "winerror", None) or e.errno or 0


def system(tool, platform):
    version, build, wine = "0.0", 0, None
    try:
        nt = ctypes.WinDLL("ntdll")

        class OSV(ctypes.Structure):
            _fields_ = [("size", ctypes.c_ulong), ("major", ctypes.c_ulong),
                        ("minor", ctypes.c_ulong), ("build", ctypes.c_ulong),
                        ("platform", ctypes.c_ulong), ("csd", ctypes.c_wchar * 128)]
        v = OSV()
        v.size = ctypes.sizeof(OSV)
        nt.RtlGetVersion(ctypes.byref(v))
        version, build = "%d.%d" % (v.major, v.minor), v.build
        try:
            f = nt.wine_get_version
            f.restype = ctypes.c_char_p
            wine = f().decode()
        except AttributeError:
            wine = None
    except (AttributeError, OSError):
        pass
    return {"format": "sockbind-probe", "version": 1, "tool": tool,
            "system": {"version": version, "build": build, "wine": wine,
                       "model_platform": platform}, "cases": OUT}


def close_abortive(s):
    if s is None:
        return
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("HH", 1, 0))
    except OSError:
        pass
    s.close()


def port_free(p):
    for fam, addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::")):
        for typ in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            try:
                s = socket.socket(fam, typ)
            except OSError:
                continue
            try:
                s.bind((addr, p))
            except OSError:
                return False
            finally:
                s.close()
    return True


def pick_port():
    for _ in range(64):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("0.0.0.0", 0))
        p = s.getsockname()[1]
        s.close()
        if p not in CASE["local"] and port_free(p):
            return p
    return 0


def begin_case(id_json, group_json, scenario_json, map_json):
    global CASE
    CASE = {"id": json.loads(id_json), "group": json.loads(group_json),
            "scenario": json.loads(scenario_json), "address_map": json.loads(map_json),
            "ports": [], "steps": [], "socks": {}, "local": [], "obs": None, "recv": None}
    OUT.append(CASE)


def add_port(scenario_port):
    p = pick_port()
    CASE["local"].append(p)
    CASE["ports"].append({"scenario": scenario_port, "local": p})


def def_sock(k, kind, proto, addr, slot):
    CASE["socks"][k] = {"kind": kind, "proto": proto, "addr": addr, "slot": slot, "opts": [],
                        "s": None, "keep": None, "created": False, "opts_ok": False,
                        "closed": False, "listening": False, "bound": False}


def add_opt(k, o):
    CASE["socks"][k]["opts"].append(o)


def begin_steps():
    pass


def obs(call, code):
    CASE["obs"] = (call, code)


def port_of(slot):
    return 0 if slot < 0 else CASE["local"][slot]


def sockaddr(addr, port):
    return (addr, port) if ":" not in addr else (addr, port, 0, 0)


def new_socket(v6, proto):
    return socket.socket(socket.AF_INET6 if v6 else socket.AF_INET,
                         socket.SOCK_STREAM if proto == 0 else socket.SOCK_DGRAM)


def opt_call(o):
    return "setsockopt SO_REUSEADDR" if o == 1 else "setsockopt SO_EXCLUSIVEADDRUSE"


def opt_name(o):
    return socket.SO_REUSEADDR if o == 1 else SO_EXCLUSIVEADDRUSE


def ensure_created(k):
    x = CASE["socks"][k]
    if x["created"]:
        return True
    try:
        x["s"] = new_socket(x["kind"] != 0, x["proto"])
    except OSError as e:
        obs("socket", code_of(e))
        return False
    x["created"] = True
    obs("socket", 0)
    if x["kind"] == 2:
        try:
            x["s"].setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)
        except OSError as e:
            obs("setsockopt IPV6_V6ONLY", code_of(e))
            return False
        obs("setsockopt IPV6_V6ONLY", 0)
    return True


def set_opts(k):
    x = CASE["socks"][k]
    for o in x["opts"]:
        try:
            x["s"].setsockopt(socket.SOL_SOCKET, opt_name(o), 1)
        except OSError as e:
            obs(opt_call(o), code_of(e))
            return False
        obs(opt_call(o), 0)
    x["opts_ok"] = True
    return True


def closed_call(call):
    # A call on a closed socket goes to INVALID_SOCKET through Winsock itself.
    ws = ctypes.WinDLL("ws2_32")
    invalid = ctypes.c_size_t(-1 & (2 ** (8 * ctypes.sizeof(ctypes.c_size_t)) - 1))
    one = ctypes.c_int(1)
    if call.startswith("setsockopt"):
        opt = SO_EXCLUSIVEADDRUSE if call.endswith("EXCLUSIVEADDRUSE") else socket.SO_REUSEADDR
        ws.setsockopt(invalid, 0xFFFF, opt, ctypes.byref(one), 4)
    elif call == "bind":
        ws.bind(invalid, ctypes.create_string_buffer(16), 16)
    else:
        ws.listen(invalid, 5)
    obs(call, ws.WSAGetLastError())


def st_setsockopt(k):
    x = CASE["socks"][k]
    if x["closed"]:
        return closed_call(opt_call(x["opts"][0] if x["opts"] else 1))
    if ensure_created(k):
        set_opts(k)


def st_bind(k):
    x = CASE["socks"][k]
    if x["closed"]:
        return closed_call("bind")
    if not ensure_created(k) or (not x["opts_ok"] and not set_opts(k)):
        return
    try:
        x["s"].bind(sockaddr(x["addr"], port_of(x["slot"])))
    except OSError as e:
        return obs("bind", code_of(e))
    x["bound"] = True
    obs("bind", 0)


def st_listen(k):
    x = CASE["socks"][k]
    if x["closed"]:
        return closed_call("listen")
    if not ensure_created(k):
        return
    try:
        x["s"].listen(socket.SOMAXCONN)
    except OSError as e:
        return obs("listen", code_of(e))
    x["listening"] = True
    obs("listen", 0)


def reach(k):
    x = CASE["socks"][k]
    port = x["s"].getsockname()[1]
    to = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(x["addr"], x["addr"])
    if to.startswith("::ffff:"):
        to = to[7:]
    return to, port


def st_close(k, lingering):
    x = CASE["socks"][k]
    if not x["created"] or x["closed"]:
        x["closed"] = True
        return
    if lingering and x["listening"] and x["proto"] == 0:
        to, port = reach(k)
        c = None
        try:
            c = new_socket(":" in to, 0)
            c.connect(sockaddr(to, port))
            a, _ = x["s"].accept()
            x["keep"] = (c, a)
        except OSError as e:
            obs("connect", code_of(e))
            if c is not None:
                c.close()
    x["closed"] = True
    try:
        x["s"].close()
    except OSError as e:
        return obs("closesocket", code_of(e))
    if CASE["obs"] is None or CASE["obs"][1] == 0:
        obs("closesocket", 0)


def st_expire(k):
    x = CASE["socks"][k]
    if x["keep"] is None:
        return
    close_abortive(x["keep"][0])
    close_abortive(x["keep"][1])
    x["keep"] = None
    obs("closesocket", 0)


def st_send(proto, to, slot):
    CASE["recv"] = []
    try:
        c = new_socket(":" in to, proto)
    except OSError as e:
        return obs("socket", code_of(e))
    try:
        if proto == 0:
            c.connect(sockaddr(to, port_of(slot)))
            obs("connect", 0)
        else:
            c.sendto(b"sockbind", sockaddr(to, port_of(slot)))
            obs("sendto", 0)
    except OSError as e:
        obs("connect" if proto == 0 else "sendto", code_of(e))
        close_abortive(c) if proto == 0 else c.close()
        return
    live = [k for k, x in sorted(CASE["socks"].items())
            if x["created"] and not x["closed"] and x["proto"] == proto
            and (x["listening"] if proto == 0 else x["bound"])]
    if live:
        ready, _, _ = select.select([CASE["socks"][k]["s"] for k in live], [], [], 0.5)
        for k in live:
            s = CASE["socks"][k]["s"]
            if s not in ready:
                continue
            try:
                if proto == 0:
                    a, _ = s.accept()
                    close_abortive(a)
                else:
                    s.recv(64)
                CASE["recv"].append(k)
            except OSError:
                pass
    close_abortive(c) if proto == 0 else c.close()


def begin_step(step, op_json, model_json):
    CASE["obs"] = None
    CASE["recv"] = None
    CASE["steps"].append({"step": step, "op": json.loads(op_json),
                          "model": json.loads(model_json)})


def observed():
    if CASE["obs"] is None:
        return None
    call, code = CASE["obs"]
    o = {"call": call, "result": NAMES.get(code, "WSA error %d" % code), "code": code}
    if CASE["recv"] is not None:
        o["receivers"] = CASE["recv"]
    return o


def end_call(exp_code, exp_setsockopt):
    o = observed()
    st = CASE["steps"][-1]
    st["observed"] = o
    st["agrees"] = None if o is None else (
        o["code"] == exp_code and (exp_code == 0 or bool(exp_setsockopt) == o["call"].startswith("setsockopt")))


def end_send(exp_mask, cand_mask):
    o = observed()
    st = CASE["steps"][-1]
    st["observed"] = o
    got = 0
    for k in (o or {}).get("receivers", []):
        got |= 1 << k
    st["agrees"] = (got == exp_mask) if exp_mask >= 0 else (got != 0 and got & ~cand_mask == 0)


def end_none():
    st = CASE["steps"][-1]
    st["observed"] = observed()
    st["agrees"] = None


def not_run(step, op_json, model_json, reason_json):
    CASE["steps"].append({"step": step, "op": json.loads(op_json), "model": json.loads(model_json),
                          "observed": None, "not_run": json.loads(reason_json), "agrees": None})


def end_case():
    for x in CASE["socks"].values():
        if x["keep"]:
            close_abortive(x["keep"][0])
            close_abortive(x["keep"][1])
        if x["created"] and not x["closed"]:
            close_abortive(x["s"])
    for key in ("socks", "local", "obs", "recv"):
        del CASE[key]


def finish(report, not_run_json):
    report["not_run"] = json.loads(not_run_json)
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")


def case_0():
    # scenario
    begin_case("\"scenario\"", "\"scenario\"", "{\"platform\":\"windows-7\",\"protocol\":\"tcp\",\"sockets\":[{\"options\":[\"SO_EXCLUSIVEADDRUSE\"],\"address\":\"0.0.0.0\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[\"SO_REUSEADDR\"],\"address\":\"10.0.0.1\",\"port\":5150,\"account\":\"us\u00e9r-b\",\"admin\":true},{\"options\":[],\"address\":\"10.0.0.1\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[],\"address\":\"fe80::1\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[],\"address\":\"fe80::2\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[\"SO_REUSEADDR\"],\"address\":\"::\",\"port\":5151,\"account\":\"user-a\",\"admin\":true,\"protocol\":\"udp\",\"dual_stack\":true}],\"steps\":[{\"op\":\"bind\",\"socket\":0},{\"op\":\"listen\",\"socket\":0},{\"op\":\"bind\",\"socket\":1},{\"op\":\"bind\",\"socket\":2},{\"op\":\"send\",\"to\":\"10.0.0.1\"},{\"op\":\"close\",\"socket\":0,\"lingering\":true},{\"op\":\"bind\",\"socket\":3},{\"op\":\"bind\",\"socket\":4},{\"op\":\"setsockopt\",\"socket\":5},{\"op\":\"bind\",\"socket\":5},{\"op\":\"send\",\"to\":\"127.0.0.1\",\"port\":5151,\"protocol\":\"udp\"},{\"op\":\"expire\",\"socket\":0},{\"op\":\"listen\",\"socket\":0}]}", "[{\"scenario\":\"0.0.0.0\",\"local\":\"0.0.0.0\",\"source\":\"same\"},{\"scenario\":\"10.0.0.1\",\"local\":\"127.0.0.2\",\"source\":\"default\"},{\"scenario\":\"fe80::1\",\"local\":\"::1\",\"source\":\"default\"},{\"scenario\":\"fe80::2\",\"local\":null,\"source\":\"none\"},{\"scenario\":\"::\",\"local\":\"::\",\"source\":\"same\"},{\"scenario\":\"127.0.0.1\",\"local\":\"127.0.0.1\",\"source\":\"same\"}]")
    add_port(5150)
    add_port(5151)
    def_sock(0, 0, 0, "0.0.0.0", 0)
    add_opt(0, 2)
    def_sock(2, 0, 0, "127.0.0.2", 0)
    def_sock(3, 1, 0, "::1", 0)
    def_sock(5, 2, 1, "::", 1)
    add_opt(5, 1)
    begin_steps()
    begin_step(0, "{\"op\":\"bind\",\"socket\":0}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"port-free\",\"evidence\":\"documented\"}")
    st_bind(0)
    end_call(0, 0)
    begin_step(1, "{\"op\":\"listen\",\"socket\":0}", "{\"kind\":\"call\",\"call\":\"listen\",\"result\":\"success\",\"code\":0,\"rule\":\"listen-ok\",\"evidence\":\"documented\"}")
    st_listen(0)
    end_call(0, 0)
    not_run(2, "{\"op\":\"bind\",\"socket\":1}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"WSAEACCES\",\"code\":10013,\"rule\":\"exclusive-wildcard-guards-port\",\"evidence\":\"documented\"}", "\"needs a second account (us\u00e9r-b)\"")
    begin_step(3, "{\"op\":\"bind\",\"socket\":2}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"WSAEACCES\",\"code\":10013,\"rule\":\"exclusive-wildcard-guards-port\",\"evidence\":\"tested-on-windows\"}")
    st_bind(2)
    end_call(10013, 0)
    begin_step(4, "{\"op\":\"send\",\"to\":\"10.0.0.1\"}", "{\"kind\":\"send\",\"receivers\":[0],\"determinate\":true,\"candidates\":[0],\"rule\":\"single-receiver\",\"evidence\":\"documented\"}")
    st_send(0, "127.0.0.2", 0)
    end_send(1, 1)
    begin_step(5, "{\"op\":\"close\",\"socket\":0,\"lingering\":true}", "null")
    st_close(0, 1)
    end_none()
    begin_step(6, "{\"op\":\"bind\",\"socket\":3}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"closed-connection-does-not-block\",\"evidence\":\"reports\"}")
    st_bind(3)
    end_call(0, 0)
    not_run(7, "{\"op\":\"bind\",\"socket\":4}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"closed-connection-does-not-block\",\"evidence\":\"reports\"}", "\"no local address for fe80::2; give one with --map\"")
    begin_step(8, "{\"op\":\"setsockopt\",\"socket\":5}", "{\"kind\":\"call\",\"call\":\"setsockopt\",\"result\":\"success\",\"code\":0,\"rule\":\"options-set\",\"evidence\":\"documented\"}")
    st_setsockopt(5)
    end_call(0, 1)
    begin_step(9, "{\"op\":\"bind\",\"socket\":5}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"different-protocol\",\"evidence\":\"documented\"}")
    st_bind(5)
    end_call(0, 0)
    begin_step(10, "{\"op\":\"send\",\"to\":\"127.0.0.1\",\"port\":5151,\"protocol\":\"udp\"}", "{\"kind\":\"send\",\"receivers\":[5],\"determinate\":true,\"candidates\":[5],\"rule\":\"single-receiver\",\"evidence\":\"documented\"}")
    st_send(1, "127.0.0.1", 1)
    end_send(32, 32)
    begin_step(11, "{\"op\":\"expire\",\"socket\":0}", "null")
    st_expire(0)
    end_none()
    begin_step(12, "{\"op\":\"listen\",\"socket\":0}", "{\"kind\":\"call\",\"call\":\"listen\",\"result\":\"WSAENOTSOCK\",\"code\":10038,\"rule\":\"socket-closed\",\"evidence\":\"documented\"}")
    st_listen(0)
    end_call(10038, 0)
    end_case()


def main():
    report = system("sockbind-generated-python", "windows-7")
    case_0()
    finish(report, "[]")


if __name__ == "__main__":
    main()
