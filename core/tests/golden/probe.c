/* sockbind probe runtime in C (Winsock). Runs the steps below for real and prints the
 * probe result JSON (format "sockbind-probe"). Build: x86_64-w64-mingw32-gcc FILE.c -lws2_32
 * or cl FILE.c ws2_32.lib. Semantics: see sockbind-core, module probe. */
#define _WIN32_WINNT 0x0601
#define WIN32_LEAN_AND_MEAN
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#ifndef SO_EXCLUSIVEADDRUSE
#define SO_EXCLUSIVEADDRUSE ((int)(~SO_REUSEADDR))
#endif
#ifndef IPV6_V6ONLY
#define IPV6_V6ONLY 27
#endif

enum { K_V4 = 0, K_V6 = 1, K_DUAL = 2 };
enum { P_TCP = 0, P_UDP = 1 };
enum { O_REUSE = 1, O_EXCL = 2 };
#define MAXS 64
#define MAXP 16

typedef struct {
  int kind, proto, nopt, opts[8], slot;
  const char *addr;
  SOCKET s, keep_client, keep_accepted;
  int created, opts_ok, closed, listening, bound;
} Sock;

static Sock S[MAXS];
static int NS;
static unsigned short PORTS[MAXP];
static int NPORTS;
static int first_case = 1, first_step = 1;
static const char *obs_call;
static int obs_code, obs_none, has_recv;
static unsigned long long recv_mask;

static void obs(const char *call, int code) { obs_call = call; obs_code = code; obs_none = 0; }

static const char *err_name(int code) {
  switch (code) {
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
  return NULL;
}

static void print_result(int code) {
  const char *n = err_name(code);
  if (n) printf("\"%s\"", n); else printf("\"WSA error %d\"", code);
}

/* Fills a sockaddr from an address literal and port; returns its length or 0. */
static int make_addr(const char *text, unsigned short port, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET; a4->sin_port = htons(port); return sizeof *a4;
  }
  if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6; a6->sin6_port = htons(port); return sizeof *a6;
  }
  return 0;
}

static void close_abortive(SOCKET s) {
  struct linger l; l.l_onoff = 1; l.l_linger = 0;
  if (s == INVALID_SOCKET) return;
  setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l, sizeof l);
  closesocket(s);
}

static int port_free(unsigned short p) {
  int fam, type, ok = 1;
  for (fam = 0; fam < 2 && ok; fam++) {
    for (type = 0; type < 2 && ok; type++) {
      struct sockaddr_storage ss;
      int len = make_addr(fam ? "::" : "0.0.0.0", p, &ss);
      SOCKET s = socket(fam ? AF_INET6 : AF_INET, type ? SOCK_DGRAM : SOCK_STREAM, type ? IPPROTO_UDP : IPPROTO_TCP);
      if (s == INVALID_SOCKET) continue; /* no IPv6 here: nothing to clash with */
      if (bind(s, (struct sockaddr *)&ss, len) != 0) ok = 0;
      closesocket(s);
    }
  }
  return ok;
}

static unsigned short pick_port(void) {
  int tries, i;
  for (tries = 0; tries < 64; tries++) {
    struct sockaddr_in a; int len = sizeof a; unsigned short p; int dup = 0;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&a, 0, sizeof a); a.sin_family = AF_INET;
    if (s == INVALID_SOCKET) return 0;
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(s, (struct sockaddr *)&a, &len) != 0) { closesocket(s); return 0; }
    closesocket(s);
    p = ntohs(a.sin_port);
    for (i = 0; i < NPORTS; i++) if (PORTS[i] == p) dup = 1;
    if (!dup && port_free(p)) return p;
  }
  return 0;
}

static void print_system(const char *tool, const char *platform) {
  typedef LONG(WINAPI * RtlGetVersionFn)(OSVERSIONINFOW *);
  typedef const char *(CDECL * WineVersionFn)(void);
  HMODULE nt = GetModuleHandleA("ntdll.dll");
  RtlGetVersionFn rgv = nt ? (RtlGetVersionFn)(void *)GetProcAddress(nt, "RtlGetVersion") : NULL;
  WineVersionFn wv = nt ? (WineVersionFn)(void *)GetProcAddress(nt, "wine_get_version") : NULL;
  OSVERSIONINFOW vi; memset(&vi, 0, sizeof vi); vi.dwOSVersionInfoSize = sizeof vi;
  if (rgv) rgv(&vi);
  printf("{\"format\":\"sockbind-probe\",\"version\":1,\"tool\":\"%s\",\"system\":{\"version\":\"%lu.%lu\",\"build\":%lu,\"wine\":",
         tool, vi.dwMajorVersion, vi.dwMinorVersion, vi.dwBuildNumber);
  if (wv) printf("\"%s\"", wv()); else printf("null");
  printf(",\"model_platform\":\"%s\"},\"cases\":[", platform);
}

/* Starts a case: picks a free local port for each scenario port. */
static unsigned short SPORTS[MAXP];

/* Starts a case (id, group, scenario and map are JSON texts). */
static void begin_case(const char *id, const char *group, const char *scenario, const char *map) {
  NS = 0; NPORTS = 0; first_step = 1;
  memset(S, 0, sizeof S);
  printf("%s\n{\"id\":%s,\"group\":%s,\"scenario\":%s,\"address_map\":%s,", first_case ? "" : ",", id, group, scenario, map);
  first_case = 0;
}

/* Picks a free local port for the next scenario port. */
static void add_port(int scenario_port) {
  if (NPORTS >= MAXP) return;
  SPORTS[NPORTS] = (unsigned short)scenario_port;
  PORTS[NPORTS] = pick_port();
  NPORTS++;
}

static void begin_steps(void) {
  int i;
  printf("\"ports\":[");
  for (i = 0; i < NPORTS; i++) printf("%s{\"scenario\":%u,\"local\":%u}", i ? "," : "", SPORTS[i], PORTS[i]);
  printf("],\"steps\":[");
}

static void def_sock(int k, int kind, int proto, const char *addr, int slot) {
  Sock *x = &S[k];
  x->kind = kind; x->proto = proto; x->addr = addr; x->slot = slot; x->nopt = 0;
  x->s = x->keep_client = x->keep_accepted = INVALID_SOCKET;
  if (k + 1 > NS) NS = k + 1;
}

static void add_opt(int k, int o) { if (S[k].nopt < 8) S[k].opts[S[k].nopt++] = o; }

static unsigned short port_of(int slot) { return slot < 0 ? 0 : PORTS[slot]; }

static int ensure_created(int k) {
  Sock *x = &S[k];
  if (x->created) return 0;
  x->s = socket(x->kind == K_V4 ? AF_INET : AF_INET6, x->proto == P_TCP ? SOCK_STREAM : SOCK_DGRAM, x->proto == P_TCP ? IPPROTO_TCP : IPPROTO_UDP);
  if (x->s == INVALID_SOCKET) { obs("socket", WSAGetLastError()); return -1; }
  x->created = 1;
  obs("socket", 0);
  if (x->kind == K_DUAL) {
    int off = 0;
    if (setsockopt(x->s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&off, sizeof off) != 0) { obs("setsockopt IPV6_V6ONLY", WSAGetLastError()); return -1; }
    obs("setsockopt IPV6_V6ONLY", 0);
  }
  return 0;
}

static const char *opt_call(int o) { return o == O_REUSE ? "setsockopt SO_REUSEADDR" : "setsockopt SO_EXCLUSIVEADDRUSE"; }

static int set_opts(int k) {
  Sock *x = &S[k]; int i;
  for (i = 0; i < x->nopt; i++) {
    int one = 1, o = x->opts[i];
    if (setsockopt(x->s, SOL_SOCKET, o == O_REUSE ? SO_REUSEADDR : SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one) != 0) { obs(opt_call(o), WSAGetLastError()); return -1; }
    obs(opt_call(o), 0);
  }
  x->opts_ok = 1;
  return 0;
}

static void st_setsockopt(int k) {
  Sock *x = &S[k]; int one = 1;
  if (x->closed) {
    int o = x->nopt ? x->opts[0] : O_REUSE;
    setsockopt(INVALID_SOCKET, SOL_SOCKET, o == O_REUSE ? SO_REUSEADDR : SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one);
    obs(opt_call(o), WSAGetLastError()); return;
  }
  if (ensure_created(k) != 0) return;
  set_opts(k);
}

static void st_bind(int k) {
  Sock *x = &S[k]; struct sockaddr_storage ss; int len = make_addr(x->addr, port_of(x->slot), &ss);
  if (x->closed) { bind(INVALID_SOCKET, (struct sockaddr *)&ss, len); obs("bind", WSAGetLastError()); return; }
  if (ensure_created(k) != 0) return;
  if (!x->opts_ok && set_opts(k) != 0) return;
  if (bind(x->s, (struct sockaddr *)&ss, len) != 0) { obs("bind", WSAGetLastError()); return; }
  x->bound = 1;
  obs("bind", 0);
}

static void st_listen(int k) {
  Sock *x = &S[k];
  if (x->closed) { listen(INVALID_SOCKET, SOMAXCONN); obs("listen", WSAGetLastError()); return; }
  if (ensure_created(k) != 0) return;
  if (listen(x->s, SOMAXCONN) != 0) { obs("listen", WSAGetLastError()); return; }
  x->listening = 1;
  obs("listen", 0);
}

/* Where a client reaches socket k: its own address, or loopback for a wildcard. */
static int reach_addr(int k, struct sockaddr_storage *ss) {
  Sock *x = &S[k]; struct sockaddr_storage me; int len = sizeof me; const char *to = x->addr;
  unsigned short p;
  if (getsockname(x->s, (struct sockaddr *)&me, &len) != 0) return 0;
  p = ntohs(me.ss_family == AF_INET ? ((struct sockaddr_in *)&me)->sin_port : ((struct sockaddr_in6 *)&me)->sin6_port);
  if (strcmp(to, "0.0.0.0") == 0) to = "127.0.0.1";
  else if (strcmp(to, "::") == 0) to = "::1";
  else if (strncmp(to, "::ffff:", 7) == 0) to += 7;
  return make_addr(to, p, ss);
}

static void st_close(int k, int lingering) {
  Sock *x = &S[k];
  if (!x->created || x->closed) { x->closed = 1; return; }
  if (lingering && x->listening && x->proto == P_TCP) {
    struct sockaddr_storage to; int len = reach_addr(k, &to);
    SOCKET c = socket(to.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (c == INVALID_SOCKET) { obs("socket", WSAGetLastError()); }
    else if (connect(c, (struct sockaddr *)&to, len) != 0) { obs("connect", WSAGetLastError()); closesocket(c); }
    else {
      SOCKET a = accept(x->s, NULL, NULL);
      if (a == INVALID_SOCKET) { obs("accept", WSAGetLastError()); closesocket(c); }
      else { x->keep_client = c; x->keep_accepted = a; }
    }
  }
  x->closed = 1;
  if (closesocket(x->s) != 0) { obs("closesocket", WSAGetLastError()); return; }
  if (obs_none || obs_code == 0) obs("closesocket", 0);
}

static void st_expire(int k) {
  Sock *x = &S[k];
  if (x->keep_client == INVALID_SOCKET) return;
  close_abortive(x->keep_client);
  close_abortive(x->keep_accepted);
  x->keep_client = x->keep_accepted = INVALID_SOCKET;
  obs("closesocket", 0);
}

static void st_send(int proto, const char *to, int slot) {
  struct sockaddr_storage ss; int len = make_addr(to, port_of(slot), &ss), k, n = 0;
  fd_set rd; struct timeval tv; SOCKET c;
  has_recv = 1; recv_mask = 0;
  c = socket(ss.ss_family, proto == P_TCP ? SOCK_STREAM : SOCK_DGRAM, proto == P_TCP ? IPPROTO_TCP : IPPROTO_UDP);
  if (c == INVALID_SOCKET) { obs("socket", WSAGetLastError()); return; }
  if (proto == P_TCP) {
    if (connect(c, (struct sockaddr *)&ss, len) != 0) { obs("connect", WSAGetLastError()); close_abortive(c); return; }
    obs("connect", 0);
  } else {
    if (sendto(c, "sockbind", 8, 0, (struct sockaddr *)&ss, len) != 8) { obs("sendto", WSAGetLastError()); closesocket(c); return; }
    obs("sendto", 0);
  }
  FD_ZERO(&rd);
  for (k = 0; k < NS; k++) {
    Sock *x = &S[k];
    if (x->created && !x->closed && x->proto == proto && (proto == P_TCP ? x->listening : x->bound)) { FD_SET(x->s, &rd); n++; }
  }
  tv.tv_sec = 0; tv.tv_usec = 500 * 1000;
  if (n > 0 && select(0, &rd, NULL, NULL, &tv) > 0) {
    for (k = 0; k < NS; k++) {
      Sock *x = &S[k];
      if (!x->created || x->closed || x->proto != proto || !FD_ISSET(x->s, &rd)) continue;
      if (proto == P_TCP) {
        SOCKET a = accept(x->s, NULL, NULL);
        if (a != INVALID_SOCKET) { close_abortive(a); recv_mask |= 1ULL << k; }
      } else {
        char buf[64];
        if (recv(x->s, buf, sizeof buf, 0) >= 0) recv_mask |= 1ULL << k;
      }
    }
  }
  if (proto == P_TCP) close_abortive(c); else closesocket(c);
}

static void begin_step(int step, const char *op, const char *model) {
  obs_call = ""; obs_code = 0; obs_none = 1; has_recv = 0; recv_mask = 0;
  printf("%s\n{\"step\":%d,\"op\":%s,\"model\":%s,", first_step ? "" : ",", step, op, model);
  first_step = 0;
}

static void print_observed(void) {
  int k, first = 1;
  if (obs_none) { printf("\"observed\":null,"); return; }
  printf("\"observed\":{\"call\":\"%s\",\"result\":", obs_call);
  print_result(obs_code);
  printf(",\"code\":%d", obs_code);
  if (has_recv) {
    printf(",\"receivers\":[");
    for (k = 0; k < 64; k++) if (recv_mask & (1ULL << k)) { printf("%s%d", first ? "" : ",", k); first = 0; }
    printf("]");
  }
  printf("},");
}

/* A setsockopt/bind/listen step: agrees when the code matches and, for a failure, the call kind. */
static void end_call(int exp_code, int exp_setsockopt) {
  int agree = obs_code == exp_code && (exp_code == 0 || exp_setsockopt == (strncmp(obs_call, "setsockopt", 10) == 0));
  print_observed();
  if (obs_none) printf("\"agrees\":null}"); else printf("\"agrees\":%s}", agree ? "true" : "false");
}

/* A send step: exp_mask < 0 means indeterminate (any one candidate agrees). */
static void end_send(long long exp_mask, unsigned long long cand_mask) {
  int agree = exp_mask >= 0 ? recv_mask == (unsigned long long)exp_mask : (recv_mask != 0 && (recv_mask & ~cand_mask) == 0);
  print_observed();
  printf("\"agrees\":%s}", agree ? "true" : "false");
}

static void end_none(void) { print_observed(); printf("\"agrees\":null}"); }

static void not_run(int step, const char *op, const char *model, const char *reason) {
  printf("%s\n{\"step\":%d,\"op\":%s,\"model\":%s,\"observed\":null,\"not_run\":%s,\"agrees\":null}", first_step ? "" : ",", step, op, model, reason);
  first_step = 0;
}

static void end_case(void) {
  int k;
  for (k = 0; k < NS; k++) {
    Sock *x = &S[k];
    close_abortive(x->keep_client);
    close_abortive(x->keep_accepted);
    if (x->created && !x->closed) close_abortive(x->s);
  }
  printf("]}");
}

static void finish(const char *not_run_json) { printf("\n],\"not_run\":%s}\n", not_run_json); }

/* scenario */
static void case_0(void) {
  begin_case("\"scenario\"", "\"scenario\"", "{\"platform\":\"windows-7\",\"protocol\":\"tcp\",\"sockets\":[{\"options\":[\"SO_EXCLUSIVEADDRUSE\"],\"address\":\"0.0.0.0\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[\"SO_REUSEADDR\"],\"address\":\"10.0.0.1\",\"port\":5150,\"account\":\"us\303\251r-b\",\"admin\":true},{\"options\":[],\"address\":\"10.0.0.1\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[],\"address\":\"fe80::1\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[],\"address\":\"fe80::2\",\"port\":5150,\"account\":\"user-a\",\"admin\":true},{\"options\":[\"SO_" "REUSEADDR\"],\"address\":\"::\",\"port\":5151,\"account\":\"user-a\",\"admin\":true,\"protocol\":\"udp\",\"dual_stack\":true}],\"steps\":[{\"op\":\"bind\",\"socket\":0},{\"op\":\"listen\",\"socket\":0},{\"op\":\"bind\",\"socket\":1},{\"op\":\"bind\",\"socket\":2},{\"op\":\"send\",\"to\":\"10.0.0.1\"},{\"op\":\"close\",\"socket\":0,\"lingering\":true},{\"op\":\"bind\",\"socket\":3},{\"op\":\"bind\",\"socket\":4},{\"op\":\"setsockopt\",\"socket\":5},{\"op\":\"bind\",\"socket\":5},{\"op\":\"send\",\"to\":\"127.0.0.1\",\"port\":5151,\"protocol\":\"udp\"},{\"op\":\"expire\",\"socket\":0},{\"op\":\"listen\"," "\"socket\":0}]}", "[{\"scenario\":\"0.0.0.0\",\"local\":\"0.0.0.0\",\"source\":\"same\"},{\"scenario\":\"10.0.0.1\",\"local\":\"127.0.0.2\",\"source\":\"default\"},{\"scenario\":\"fe80::1\",\"local\":\"::1\",\"source\":\"default\"},{\"scenario\":\"fe80::2\",\"local\":null,\"source\":\"none\"},{\"scenario\":\"::\",\"local\":\"::\",\"source\":\"same\"},{\"scenario\":\"127.0.0.1\",\"local\":\"127.0.0.1\",\"source\":\"same\"}]");
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
  not_run(2, "{\"op\":\"bind\",\"socket\":1}", "{\"kind\":\"call\",\"call\":\"bind\",\"result\":\"WSAEACCES\",\"code\":10013,\"rule\":\"exclusive-wildcard-guards-port\",\"evidence\":\"documented\"}", "\"needs a second account (us\303\251r-b)\"");
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

int main(void) {
  WSADATA wsa;
  if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) { fprintf(stderr, "WSAStartup failed\n"); return 2; }
  print_system("sockbind-generated-c", "windows-7");
  case_0();
  finish("[]");
  WSACleanup();
  return 0;
}
