/**
 * A small HTTP/1.1 client for upstream calls: pooled keep-alive sockets, one write per request,
 * Content-Length, chunked and read-to-close bodies, gzip/deflate decoding, TLS through the JDK, and
 * HTTP forward proxies (absolute-form requests, CONNECT tunnels). It replaced Helidon
 * WebClient on the request path because the latter started a monitoring virtual thread with a
 * timed read every time a pooled connection went idle, which cost a thread, a timer and a hand-off
 * per request (see {@link io.tiergate.backends.http.wire.Http1Client}).
 */
package io.tiergate.backends.http.wire;
