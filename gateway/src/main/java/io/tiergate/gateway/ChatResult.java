package io.tiergate.gateway;

import io.tiergate.api.ChatResponse;

/** A finished chat call: the response (assembled, also after streaming) and where it was served. */
public record ChatResult(ChatResponse response, RouteInfo route) {}
