package io.tiergate.ledger.spool;

/**
 * What indexing the segments of other (usually dead) processes found.
 *
 * @param entries        entries copied into the database
 * @param damagedRegions runs of damaged bytes skipped in the middle of segments (each usually one record); the
 *                       intact records after each run were copied
 * @param skippedBytes   the bytes of those runs
 * @param tornTailBytes  bytes at the ends of dead processes' segments that were not a whole record (a write the
 *                       process died in), dropped with the segment
 */
public record SpoolRecovery(long entries, long damagedRegions, long skippedBytes, long tornTailBytes) {
    static final SpoolRecovery NOTHING = new SpoolRecovery(0, 0, 0, 0);

    SpoolRecovery plus(SpoolRecovery o) {
        return new SpoolRecovery(entries + o.entries, damagedRegions + o.damagedRegions, skippedBytes + o.skippedBytes,
                tornTailBytes + o.tornTailBytes);
    }
}
