/**
 * The one request pipeline: policy, then routing, then the chosen tier's backend with fallbacks,
 * then audit. Knows no HTTP; the server and workflows call {@link io.tiergate.gateway.Gateway}.
 */
package io.tiergate.gateway;
