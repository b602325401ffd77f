// sockbind probe runtime in C# (.NET Socket, Windows). Runs the steps below for real and
// prints the probe result JSON (format "sockbind-probe"). Build: csc probe.cs (or mcs), or
// let the PowerShell version compile it with Add-Type. C# 5 syntax on purpose (Windows
// PowerShell 5.1). Semantics: see sockbind-core, module probe.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

public static class SockbindProbe
{
    class Sock
    {
        public int Kind, Proto, Slot;
        public string Addr;
        public List<int> Opts = new List<int>();
        public Socket S, KeepClient, KeepAccepted;
        public bool Created, OptsOk, Closed, Listening, Bound;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    struct OsVersionInfo
    {
        public int Size, Major, Minor, Build, Platform;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)] public string Csd;
    }

    [DllImport("ntdll.dll")] static extern int RtlGetVersion(ref OsVersionInfo v);
    [DllImport("kernel32.dll", CharSet = CharSet.Ansi)] static extern IntPtr GetModuleHandleA(string name);
    [DllImport("kernel32.dll", CharSet = CharSet.Ansi)] static extern IntPtr GetProcAddress(IntPtr module, string name);
    [DllImport("ws2_32.dll")] static extern int WSAGetLastError();
    [DllImport("ws2_32.dll", EntryPoint = "bind")] static extern int ws_bind(IntPtr s, byte[] addr, int len);
    [DllImport("ws2_32.dll", EntryPoint = "listen")] static extern int ws_listen(IntPtr s, int backlog);
    [DllImport("ws2_32.dll", EntryPoint = "setsockopt")] static extern int ws_setsockopt(IntPtr s, int level, int name, ref int value, int len);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] delegate IntPtr WineVersion();

    static readonly StringBuilder Out = new StringBuilder();
    static Dictionary<int, Sock> Socks;
    static List<int> Ports;
    static bool FirstCase = true, FirstStep;
    static string ObsCall;
    static int ObsCode;
    static List<int> Recv;

    static string Name(int code)
    {
        switch (code)
        {
            case 0: return "success";
            case 10004: return "WSAEINTR";
            case 10009: return "WSAEBADF";
            case 10013: return "WSAEACCES";
            case 10014: return "WSAEFAULT";
            case 10022: return "WSAEINVAL";
            case 10035: return "WSAEWOULDBLOCK";
            case 10038: return "WSAENOTSOCK";
            case 10042: return "WSAENOPROTOOPT";
            case 10043: return "WSAEPROTONOSUPPORT";
            case 10045: return "WSAEOPNOTSUPP";
            case 10047: return "WSAEAFNOSUPPORT";
            case 10048: return "WSAEADDRINUSE";
            case 10049: return "WSAEADDRNOTAVAIL";
            case 10061: return "WSAECONNREFUSED";
            case 10060: return "WSAETIMEDOUT";
        }
        return "WSA error " + code;
    }

    static void Obs(string call, int code) { ObsCall = call; ObsCode = code; }

    static void system(string tool, string platform)
    {
        string version = "0.0", wine = "null";
        int build = 0;
        try
        {
            OsVersionInfo v = new OsVersionInfo();
            v.Size = Marshal.SizeOf(typeof(OsVersionInfo));
            RtlGetVersion(ref v);
            version = v.Major + "." + v.Minor;
            build = v.Build;
            IntPtr f = GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version");
            if (f != IntPtr.Zero)
            {
                WineVersion wv = (WineVersion)Marshal.GetDelegateForFunctionPointer(f, typeof(WineVersion));
                wine = "\"" + Marshal.PtrToStringAnsi(wv()) + "\"";
            }
        }
        catch (Exception) { }
        Out.Append("{\"format\":\"sockbind-probe\",\"version\":1,\"tool\":\"" + tool + "\",\"system\":{\"version\":\"" + version + "\",\"build\":" + build + ",\"wine\":" + wine + ",\"model_platform\":\"" + platform + "\"},\"cases\":[");
    }

    static Socket NewSocket(bool v6, int proto)
    {
        return new Socket(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
            proto == 0 ? SocketType.Stream : SocketType.Dgram, proto == 0 ? ProtocolType.Tcp : ProtocolType.Udp);
    }

    static void CloseAbortive(Socket s)
    {
        if (s == null) return;
        try { s.LingerState = new LingerOption(true, 0); } catch (Exception) { }
        s.Close();
    }

    static bool PortFree(int p)
    {
        foreach (string a in new string[] { "0.0.0.0", "::" })
            for (int t = 0; t < 2; t++)
            {
                Socket s;
                try { s = NewSocket(a == "::", t); } catch (SocketException) { continue; }
                try { s.Bind(new IPEndPoint(IPAddress.Parse(a), p)); }
                catch (SocketException) { s.Close(); return false; }
                s.Close();
            }
        return true;
    }

    static int PickPort()
    {
        for (int i = 0; i < 64; i++)
        {
            Socket s = NewSocket(false, 0);
            s.Bind(new IPEndPoint(IPAddress.Any, 0));
            int p = ((IPEndPoint)s.LocalEndPoint).Port;
            s.Close();
            if (!Ports.Contains(p) && PortFree(p)) return p;
        }
        return 0;
    }

    static List<int> ScenarioPorts;

    static void begin_case(string id, string group, string scenario, string map)
    {
        Socks = new Dictionary<int, Sock>();
        Ports = new List<int>();
        ScenarioPorts = new List<int>();
        FirstStep = true;
        Out.Append((FirstCase ? "" : ",") + "\n{\"id\":" + id + ",\"group\":" + group + ",\"scenario\":" + scenario + ",\"address_map\":" + map + ",");
        FirstCase = false;
    }

    static void add_port(int scenarioPort) { ScenarioPorts.Add(scenarioPort); Ports.Add(PickPort()); }

    static void begin_steps()
    {
        Out.Append("\"ports\":[");
        for (int i = 0; i < Ports.Count; i++)
            Out.Append((i > 0 ? "," : "") + "{\"scenario\":" + ScenarioPorts[i] + ",\"local\":" + Ports[i] + "}");
        Out.Append("],\"steps\":[");
    }

    static void def_sock(int k, int kind, int proto, string addr, int slot)
    {
        Sock x = new Sock();
        x.Kind = kind; x.Proto = proto; x.Addr = addr; x.Slot = slot;
        Socks[k] = x;
    }

    static void add_opt(int k, int o) { Socks[k].Opts.Add(o); }

    static int PortOf(int slot) { return slot < 0 ? 0 : Ports[slot]; }

    static string OptCall(int o) { return o == 1 ? "setsockopt SO_REUSEADDR" : "setsockopt SO_EXCLUSIVEADDRUSE"; }

    static SocketOptionName OptName(int o) { return o == 1 ? SocketOptionName.ReuseAddress : SocketOptionName.ExclusiveAddressUse; }

    static bool EnsureCreated(int k)
    {
        Sock x = Socks[k];
        if (x.Created) return true;
        try { x.S = NewSocket(x.Kind != 0, x.Proto); }
        catch (SocketException e) { Obs("socket", e.ErrorCode); return false; }
        x.Created = true;
        Obs("socket", 0);
        if (x.Kind == 2)
        {
            try { x.S.SetSocketOption(SocketOptionLevel.IPv6, (SocketOptionName)27, 0); }
            catch (SocketException e) { Obs("setsockopt IPV6_V6ONLY", e.ErrorCode); return false; }
            Obs("setsockopt IPV6_V6ONLY", 0);
        }
        return true;
    }

    static bool SetOpts(int k)
    {
        Sock x = Socks[k];
        foreach (int o in x.Opts)
        {
            try { x.S.SetSocketOption(SocketOptionLevel.Socket, OptName(o), 1); }
            catch (SocketException e) { Obs(OptCall(o), e.ErrorCode); return false; }
            Obs(OptCall(o), 0);
        }
        x.OptsOk = true;
        return true;
    }

    // A call on a closed socket goes to INVALID_SOCKET through Winsock itself.
    static void ClosedCall(string call)
    {
        IntPtr invalid = new IntPtr(-1);
        int one = 1;
        if (call.StartsWith("setsockopt"))
            ws_setsockopt(invalid, 0xFFFF, call.EndsWith("EXCLUSIVEADDRUSE") ? -5 : 4, ref one, 4);
        else if (call == "bind") ws_bind(invalid, new byte[16], 16);
        else ws_listen(invalid, 5);
        Obs(call, WSAGetLastError());
    }

    static void st_setsockopt(int k)
    {
        Sock x = Socks[k];
        if (x.Closed) { ClosedCall(OptCall(x.Opts.Count > 0 ? x.Opts[0] : 1)); return; }
        if (EnsureCreated(k)) SetOpts(k);
    }

    static void st_bind(int k)
    {
        Sock x = Socks[k];
        if (x.Closed) { ClosedCall("bind"); return; }
        if (!EnsureCreated(k) || (!x.OptsOk && !SetOpts(k))) return;
        try { x.S.Bind(new IPEndPoint(IPAddress.Parse(x.Addr), PortOf(x.Slot))); }
        catch (SocketException e) { Obs("bind", e.ErrorCode); return; }
        x.Bound = true;
        Obs("bind", 0);
    }

    static void st_listen(int k)
    {
        Sock x = Socks[k];
        if (x.Closed) { ClosedCall("listen"); return; }
        if (!EnsureCreated(k)) return;
        try { x.S.Listen(int.MaxValue); }
        catch (SocketException e) { Obs("listen", e.ErrorCode); return; }
        x.Listening = true;
        Obs("listen", 0);
    }

    static IPEndPoint Reach(int k)
    {
        Sock x = Socks[k];
        int port = ((IPEndPoint)x.S.LocalEndPoint).Port;
        string to = x.Addr == "0.0.0.0" ? "127.0.0.1" : x.Addr == "::" ? "::1" : x.Addr;
        if (to.StartsWith("::ffff:")) to = to.Substring(7);
        return new IPEndPoint(IPAddress.Parse(to), port);
    }

    static void st_close(int k, int lingering)
    {
        Sock x = Socks[k];
        if (!x.Created || x.Closed) { x.Closed = true; return; }
        if (lingering != 0 && x.Listening && x.Proto == 0)
        {
            IPEndPoint to = Reach(k);
            Socket c = null;
            try
            {
                c = NewSocket(to.AddressFamily == AddressFamily.InterNetworkV6, 0);
                c.Connect(to);
                x.KeepAccepted = x.S.Accept();
                x.KeepClient = c;
            }
            catch (SocketException e) { Obs("connect", e.ErrorCode); if (c != null) c.Close(); }
        }
        x.Closed = true;
        x.S.Close();
        if (ObsCall == null || ObsCode == 0) Obs("closesocket", 0);
    }

    static void st_expire(int k)
    {
        Sock x = Socks[k];
        if (x.KeepClient == null) return;
        CloseAbortive(x.KeepClient);
        CloseAbortive(x.KeepAccepted);
        x.KeepClient = x.KeepAccepted = null;
        Obs("closesocket", 0);
    }

    static void st_send(int proto, string to, int slot)
    {
        Recv = new List<int>();
        IPEndPoint ep = new IPEndPoint(IPAddress.Parse(to), PortOf(slot));
        Socket c;
        try { c = NewSocket(ep.AddressFamily == AddressFamily.InterNetworkV6, proto); }
        catch (SocketException e) { Obs("socket", e.ErrorCode); return; }
        try
        {
            if (proto == 0) { c.Connect(ep); Obs("connect", 0); }
            else { c.SendTo(Encoding.ASCII.GetBytes("sockbind"), ep); Obs("sendto", 0); }
        }
        catch (SocketException e)
        {
            Obs(proto == 0 ? "connect" : "sendto", e.ErrorCode);
            if (proto == 0) CloseAbortive(c); else c.Close();
            return;
        }
        List<int> live = new List<int>();
        ArrayList read = new ArrayList();
        List<int> keys = new List<int>(Socks.Keys);
        keys.Sort();
        foreach (int k in keys)
        {
            Sock x = Socks[k];
            if (x.Created && !x.Closed && x.Proto == proto && (proto == 0 ? x.Listening : x.Bound)) { live.Add(k); read.Add(x.S); }
        }
        if (live.Count > 0)
        {
            Socket.Select(read, null, null, 500 * 1000);
            foreach (int k in live)
            {
                Sock x = Socks[k];
                if (!read.Contains(x.S)) continue;
                try
                {
                    if (proto == 0) CloseAbortive(x.S.Accept());
                    else x.S.Receive(new byte[64]);
                    Recv.Add(k);
                }
                catch (SocketException) { }
            }
        }
        if (proto == 0) CloseAbortive(c); else c.Close();
    }

    static void begin_step(int step, string op, string model)
    {
        ObsCall = null; ObsCode = 0; Recv = null;
        Out.Append((FirstStep ? "" : ",") + "\n{\"step\":" + step + ",\"op\":" + op + ",\"model\":" + model + ",");
        FirstStep = false;
    }

    static void Observed()
    {
        if (ObsCall == null) { Out.Append("\"observed\":null,"); return; }
        Out.Append("\"observed\":{\"call\":\"" + ObsCall + "\",\"result\":\"" + Name(ObsCode) + "\",\"code\":" + ObsCode);
        if (Recv != null)
        {
            Out.Append(",\"receivers\":[");
            for (int i = 0; i < Recv.Count; i++) Out.Append((i > 0 ? "," : "") + Recv[i]);
            Out.Append("]");
        }
        Out.Append("},");
    }

    static void end_call(int expCode, int expSetsockopt)
    {
        bool agree = ObsCode == expCode && (expCode == 0 || (expSetsockopt != 0) == (ObsCall != null && ObsCall.StartsWith("setsockopt")));
        Observed();
        Out.Append(ObsCall == null ? "\"agrees\":null}" : agree ? "\"agrees\":true}" : "\"agrees\":false}");
    }

    static void end_send(long expMask, long candMask)
    {
        long got = 0;
        if (Recv != null) foreach (int k in Recv) got |= 1L << k;
        bool agree = expMask >= 0 ? got == expMask : (got != 0 && (got & ~candMask) == 0);
        Observed();
        Out.Append(agree ? "\"agrees\":true}" : "\"agrees\":false}");
    }

    static void end_none() { Observed(); Out.Append("\"agrees\":null}"); }

    static void not_run(int step, string op, string model, string reason)
    {
        Out.Append((FirstStep ? "" : ",") + "\n{\"step\":" + step + ",\"op\":" + op + ",\"model\":" + model + ",\"observed\":null,\"not_run\":" + reason + ",\"agrees\":null}");
        FirstStep = false;
    }

    static void end_case()
    {
        foreach (Sock x in Socks.Values)
        {
            CloseAbortive(x.KeepClient);
            CloseAbortive(x.KeepAccepted);
            if (x.Created && !x.Closed) CloseAbortive(x.S);
        }
        Out.Append("]}");
    }

    static void finish(string notRun) { Out.Append("\n],\"not_run\":" + notRun + "}\n"); }

    // scenario
    static void case_0()
    {
        begin_case("\"scenario\"", "\"scenario\"", "{\"platform\":\"windows-7\",\"protocol\":\"tcp\",\"sockets\":[{\"options\":[\"SO_EXCLUSIVEADDRUSE\"],\"address\":\"0.0.0.0\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[\"SO_REUSEADDR\"],\"address\":\"10.0.0.1\",\"port\":5150,\"account\":\"us\u00e9r-b\",\"admin\":true},{\"options\":[],\"address\":\"10.0.0.1\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[],\"address\":\"fe80::1\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[],\"address\":\"fe80::2\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[\"SO_REUSEADDR\"],\"address\":\"::\",\"port\":5151,\"account\":\"user-a\",\"admin\":true,\"protocol\":\"udp\",\"dual_stack\":true}],\"steps\":[{\"op\":\"bind\",\"socket\":0},{\"op\":\"listen\",\"socket\":0},{\"op\":\"bind\",\"socket\":1},{\"op\":\"bind\",\"socket\":2},{\"op\":\"send\",\"to\":\"10.0.0.1\"},{\"op\":\"close\",\"socket\":0,\"lingering\":true},{\"op\":\"bind\",\"socket\":3},{\"op\":\"bind\",\"socket\":4},{\"op\":\"setsockopt\",\"socket\":5},{\"op\":\"bind\",\"socket\":5},{\"op\":\"send\",\"to\":\"127.0.0.1\",\"port\":5151,\"protocol\":\"udp\"},{\"op\":\"expire\",\"socket\":0},{\"op\":\"listen\",\"socket\":0}]}", "[{\"scenario\":\"0.0.0.0\",\"local\":\"0.0.0.0\",\"source\":\"same\"},{\"scenario\":\"10.0.0.1\",\"local\":\"127.0.0.2\",\"source\":\"default\"},{\"scenario\":\"fe80::1\",\"local\":\"::1\",\"source\":\"default\"},{\"scenario\":\"fe80::2\",\"local\":null,\"source\":\"none\"},{\"scenario\":\"::\",\"local\":\"::\",\"source\":\"same\"},{\"scenario\":\"127.0.0.1\",\"local\":\"127.0.0.1\",\"source\":\"same\"}]");
        add_port(5150);
        add_port(5151);
        def_sock(0, 0, 0, "0.0.0.0", 0);
        add_opt(0, 2);
        def_sock(2, 0, 0, "127.0.0.2", 0);
        def_sock(3, 1, 0, "::1", 0);
        def_sock(5, 2, 1, "::", 1);
        add_opt(5, 1);
        begin_steps();
        begin_step(0, "{\"op\":\"bind\",\"socket\":0}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"port-free\",\"evidence\":\"documented\"}");
        st_bind(0);
        end_call(0, 0);
        begin_step(1, "{\"op\":\"listen\",\"socket\":0}", "{\"kind\":\"call\",\"call\":\"listen\",\"result\":\"success\",\"code\":0,\"rule\":\"listen-ok\",\"evidence\":\"documented\"}");
        st_listen(0);
        end_call(0, 0);
        not_run(2, "{\"op\":\"bind\",\"socket\":1}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"WSAEACCES\",\"code\":10013,\"rule\":\"exclusive-wildcard-guards-port\",\"evidence\":\"documented\"}", "\"needs a second account (us\u00e9r-b)\"");
        begin_step(3, "{\"op\":\"bind\",\"socket\":2}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"WSAEACCES\",\"code\":10013,\"rule\":\"exclusive-wildcard-guards-port\",\"evidence\":\"tested-on-windows\"}");
        st_bind(2);
        end_call(10013, 0);
        begin_step(4, "{\"op\":\"send\",\"to\":\"10.0.0.1\"}", "{\"kind\":\"send\",\"receivers\":[0],\"determinate\":true,\"candidates\":[0],\"rule\":\"single-receiver\",\"evidence\":\"documented\"}");
        st_send(0, "127.0.0.2", 0);
        end_send(1, 1);
        begin_step(5, "{\"op\":\"close\",\"socket\":0,\"lingering\":true}", "null");
        st_close(0, 1);
        end_none();
        begin_step(6, "{\"op\":\"bind\",\"socket\":3}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"closed-connection-does-not-block\",\"evidence\":\"reports\"}");
        st_bind(3);
        end_call(0, 0);
        not_run(7, "{\"op\":\"bind\",\"socket\":4}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"closed-connection-does-not-block\",\"evidence\":\"reports\"}", "\"no local address for fe80::2; give one with --map\"");
        begin_step(8, "{\"op\":\"setsockopt\",\"socket\":5}", "{\"kind\":\"call\",\"call\":\"setsockopt\",\"result\":\"success\",\"code\":0,\"rule\":\"options-set\",\"evidence\":\"documented\"}");
        st_setsockopt(5);
        end_call(0, 1);
        begin_step(9, "{\"op\":\"bind\",\"socket\":5}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"success\",\"code\":0,\"rule\":\"different-protocol\",\"evidence\":\"documented\"}");
        st_bind(5);
        end_call(0, 0);
        begin_step(10, "{\"op\":\"send\",\"to\":\"127.0.0.1\",\"port\":5151,\"protocol\":\"udp\"}", "{\"kind\":\"send\",\"receivers\":[5],\"determinate\":true,\"candidates\":[5],\"rule\":\"single-receiver\",\"evidence\":\"documented\"}");
        st_send(1, "127.0.0.1", 1);
        end_send(32, 32);
        begin_step(11, "{\"op\":\"expire\",\"socket\":0}", "null");
        st_expire(0);
        end_none();
        begin_step(12, "{\"op\":\"listen\",\"socket\":0}", "{\"kind\":\"call\",\"call\":\"listen\",\"result\":\"WSAENOTSOCK\",\"code\":10038,\"rule\":\"socket-closed\",\"evidence\":\"documented\"}");
        st_listen(0);
        end_call(10038, 0);
        end_case();
    }

    public static string Run()
    {
        system("sockbind-generated-csharp", "windows-7");
        case_0();
        finish("[]");
        return Out.ToString();
    }

    public static void Main()
    {
        Console.Write(Run());
    }
}
