package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * How one spool record format reads each kind of field from a record's payload. The order of the fields is
 * {@link SpoolCodec}'s alone, so every format decodes through one method. Bytes it cannot decode throw a
 * RuntimeException: behind a checksum that holds, SpoolCodec reports them as an intact record of a newer format,
 * where a reader stops.
 */
abstract sealed class SpoolFields {
    final ByteBuffer p;

    private SpoolFields(ByteBuffer p) {
        this.p = p;
    }

    /** The reader of the format whose byte starts the payload. */
    static SpoolFields of(byte format, ByteBuffer p) {
        return switch (format) {
            case Varint.FORMAT -> new Varint(p, true);
            case Varint.FORMAT_WITHOUT_KIND -> new Varint(p, false);
            case FixedWidth.FORMAT -> new FixedWidth(p);
            default -> throw new IllegalStateException("unknown spool record format " + format);
        };
    }

    /** A field written from an int (nanoseconds of a second, a count, a status). */
    abstract long int32();

    abstract long int64();

    abstract String string();

    abstract Optional<String> optional();

    abstract Optional<Double> score();

    abstract Optional<Duration> timeToFirstToken();

    /** The last fields: formats before 3 have no kind (empty) and nothing clamped. */
    abstract Optional<LedgerEntry.Kind> kind();

    abstract Optional<LedgerEntry.MaxTokensClamp> maxTokensClamp();

    /**
     * Format 3's trailer byte: the kind's code (fixed here, not the enum's ordinal, so reordering the enum cannot
     * change old records) times 2, plus 1 when a max-tokens clamp follows. One byte for the usual entry.
     */
    static byte trailer(LedgerEntry.Kind kind, boolean clampFollows) {
        int code = switch (kind) {
            case CHAT -> 0;
            case EMBEDDING -> 1;
        };
        return (byte) (code << 1 | (clampFollows ? 1 : 0));
    }

    final double float64() {
        return Double.longBitsToDouble(p.getLong());
    }

    final String utf8(long n) {
        if (n < 0 || n > p.remaining()) throw new IllegalStateException("bad string length");
        String s = new String(p.array(), p.arrayOffset() + p.position(), (int) n, StandardCharsets.UTF_8);
        p.position(p.position() + (int) n);
        return s;
    }

    /**
     * Format 3, written now: integers as unsigned LEB128 varints, strings as a varint length and UTF-8 bytes, an
     * absent optional as 0 (a present one as its length + 1), a score as a flag and, when present, 8 raw bytes, a
     * time to first token as nanoseconds + 1 (0 when absent), then the {@link #trailer} byte and, when it says a
     * clamp follows, the requested and granted tokens. Format 2 is the same without the trailer.
     */
    static final class Varint extends SpoolFields {
        static final byte FORMAT = 3;
        static final byte FORMAT_WITHOUT_KIND = 2;
        private final boolean hasTrailer;
        /** Set by {@link #kind()}, which reads the trailer byte; {@link #maxTokensClamp()} comes right after it. */
        private boolean clampFollows;

        Varint(ByteBuffer p, boolean hasTrailer) {
            super(p);
            this.hasTrailer = hasTrailer;
        }

        @Override
        Optional<LedgerEntry.Kind> kind() {
            if (!hasTrailer) return Optional.empty();
            byte b = p.get();
            clampFollows = (b & 1) != 0;
            return Optional.of(switch (b >> 1) {
                case 0 -> LedgerEntry.Kind.CHAT;
                case 1 -> LedgerEntry.Kind.EMBEDDING;
                default -> throw new IllegalStateException("unknown entry kind " + (b >> 1));
            });
        }

        @Override
        Optional<LedgerEntry.MaxTokensClamp> maxTokensClamp() {
            if (!clampFollows) return Optional.empty();
            int requested = Math.toIntExact(int64());
            return Optional.of(new LedgerEntry.MaxTokensClamp(requested, Math.toIntExact(int64())));
        }

        @Override
        long int32() {
            return int64();
        }

        /** An unsigned LEB128 varint of at most 10 bytes. */
        @Override
        long int64() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = p.get();
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) return v;
            }
            throw new IllegalStateException("a varint longer than 10 bytes");
        }

        @Override
        String string() {
            return utf8(int64());
        }

        @Override
        Optional<String> optional() {
            long n = int64();
            return n == 0 ? Optional.empty() : Optional.of(utf8(n - 1));
        }

        @Override
        Optional<Double> score() {
            return p.get() == 1 ? Optional.of(float64()) : Optional.empty();
        }

        @Override
        Optional<Duration> timeToFirstToken() {
            long n = int64();
            return n == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(n - 1));
        }
    }

    /**
     * Format 1, which segments written before format 2 still hold when a gateway is upgraded with entries left in
     * its spool: big-endian ints and longs at their full width, strings as a 4-byte length and UTF-8 bytes,
     * optionals and the score behind a flag byte (the score's 8 bytes always written), a time to first token of
     * -1 when absent.
     */
    static final class FixedWidth extends SpoolFields {
        static final byte FORMAT = 1;

        FixedWidth(ByteBuffer p) {
            super(p);
        }

        @Override
        long int32() {
            return p.getInt();
        }

        @Override
        long int64() {
            return p.getLong();
        }

        @Override
        String string() {
            return utf8(p.getInt());
        }

        @Override
        Optional<String> optional() {
            return p.get() == 1 ? Optional.of(string()) : Optional.empty();
        }

        @Override
        Optional<Double> score() {
            boolean present = p.get() == 1;
            double score = float64();
            return present ? Optional.of(score) : Optional.empty();
        }

        @Override
        Optional<Duration> timeToFirstToken() {
            long n = p.getLong();
            return n < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(n));
        }

        @Override
        Optional<LedgerEntry.Kind> kind() {
            return Optional.empty();
        }

        @Override
        Optional<LedgerEntry.MaxTokensClamp> maxTokensClamp() {
            return Optional.empty();
        }
    }
}
