package io.tiergate.backends.pool;

import io.tiergate.api.BackendInfo;

/** One replica as the pool sees it now, for /ready and metrics. */
public record ReplicaStatus(BackendInfo info, boolean healthy, int outstanding, int consecutiveFailures) {}
