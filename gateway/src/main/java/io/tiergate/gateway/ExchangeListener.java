package io.tiergate.gateway;

/**
 * A post-hook on every chat call (metrics, audit). Called on the request thread after the response
 * went out; implementations must be cheap and must not throw (a throw is logged and ignored).
 */
@FunctionalInterface
public interface ExchangeListener {
    void onExchange(ChatExchange exchange);
}
