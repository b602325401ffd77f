
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
