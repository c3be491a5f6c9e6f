// Minimal TCP relay for relay-floor.sh: listen on 127.0.0.1:LPORT, forward each connection to 127.0.0.1:UPORT.
// One thread per connection, poll() on both sockets, no parsing: the floor of any user-space proxy's added
// latency. Build with -DSPIN_MS=0 for a relay that busy-polls (poll with a zero timeout) instead of sleeping.
//   relay LPORT UPORT
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#ifndef SPIN_MS
#define SPIN_MS -1
#endif
static int uport;
static void *serve(void *arg) {
  int c = (int)(long)arg, one = 1;
  int u = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(uport); a.sin_addr.s_addr = htonl(0x7f000001);
  if (connect(u, (struct sockaddr *)&a, sizeof a) < 0) { close(c); return 0; }
  setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct pollfd p[2] = {{c, POLLIN, 0}, {u, POLLIN, 0}};
  char buf[65536];
  for (;;) {
    if (poll(p, 2, SPIN_MS) < 0) break;
    int done = 0;
    for (int i = 0; i < 2; i++) if (p[i].revents) {
      ssize_t n = read(p[i].fd, buf, sizeof buf);
      if (n <= 0) { done = 1; break; }
      ssize_t off = 0; while (off < n) { ssize_t w = write(p[1 - i].fd, buf + off, n - off); if (w <= 0) { done = 1; break; } off += w; }
    }
    if (done) break;
  }
  close(c); close(u); return 0;
}
int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: relay LPORT UPORT\n"); return 2; }
  int lport = atoi(argv[1]); uport = atoi(argv[2]); int one = 1;
  int s = socket(AF_INET, SOCK_STREAM, 0); setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0}; a.sin_family = AF_INET; a.sin_port = htons(lport); a.sin_addr.s_addr = htonl(0x7f000001);
  if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 128) < 0) { perror("bind"); return 1; }
  for (;;) { int c = accept(s, 0, 0); if (c < 0) continue; pthread_t t; pthread_create(&t, 0, serve, (void *)(long)c); pthread_detach(t); }
}
