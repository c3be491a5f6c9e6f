package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Usage;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The spool's record format. Framing 2 (written now) is
 * {@code [sync marker 0xF5 0xFA][CRC-32C of the rest: int][payload length: varint][payload]}, big-endian: the marker
 * lets a reader that meets a damaged record find the next intact one ({@link SpoolReader}); neither of its bytes
 * occurs in UTF-8 text, and no framing-1 record starts with 0xF5 (its length is below 64 MiB), so each record says
 * which framing it uses and an older reader stops at a framing-2 record instead of misreading it. The checksum covers
 * the length too, so a damaged length is caught. Framing 1 ({@code [payload length: int][CRC-32C of payload:
 * int][payload]}), which segments written before it hold, is still read. Both headers take 8 bytes for a typical
 * entry (a payload under 16 KiB has a 2-byte varint length).
 *
 * <p>The payload starts with a format byte; format 3 (written now) holds the entry's fields in declaration order,
 * integers as unsigned LEB128 varints, strings as a varint length and UTF-8 bytes, absent optionals as a single
 * 0 (a present one as its length + 1), doubles as 8 raw bytes; a last byte holds the kind and whether a
 * max-tokens clamp (requested and granted tokens) follows. Format 2 (the same without that byte: nothing
 * clamped, an embedding known by its route reason) and format 1 (fixed-width fields) are still read; {@link SpoolFields} reads each format's
 * fields. A record whose length or checksum does not match is damage: a torn write at the end of a segment (the
 * process died mid-append), or damaged bytes in the middle, which a reader skips up to the next sync marker.
 *
 * <p>Binary and compact: it is encoded on the request thread for every entry, and the writer's cost is the
 * file's page-cache pages (a new 4 KiB page every ~25 records): varints made a typical gateway entry 158 bytes
 * (159 with format 3's kind byte) instead of format 1's 237, with fewer byte stores to encode it. Prompt and completion text are written only when the
 * operator keeps text, so the spool never holds what the database would not.
 */
public final class SpoolCodec {
    /** Framing 2's sync marker, the first two bytes of every record it writes. */
    static final byte SYNC_0 = (byte) 0xF5, SYNC_1 = (byte) 0xFA;
    /** Framing 2's bytes before the length: marker and checksum. */
    private static final int SYNC_HEADER_BYTES = 6;
    /** Framing 1's header: length and checksum. */
    private static final int PLAIN_HEADER_BYTES = 8;
    /** The longest framing-2 header: marker, checksum and a 4-byte varint length (up to 256 MiB). */
    static final int MAX_HEADER_BYTES = SYNC_HEADER_BYTES + 4;
    /** A payload longer than this is not a record but damage (text is capped far below it). */
    static final int MAX_PAYLOAD_BYTES = 64 << 20;
    private static final byte FORMAT = SpoolFields.Varint.FORMAT;
    /** Fits a typical entry (~160 bytes) without growing; a larger one doubles once or twice. */
    private static final int INITIAL_BYTES = 256;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf = new byte[INITIAL_BYTES];
    private int pos;

    private SpoolCodec() {}

    /**
     * One framed record for {@code e}, exactly sized. Called on the request's own thread, where the
     * entry's fields are still in the CPU cache: encoding there costs a fraction of what the writer
     * thread paid to read the same object graph back from memory (~2.5 µs per entry, measured).
     */
    public static byte[] encode(LedgerEntry e, boolean storeText) {
        SpoolCodec c = new SpoolCodec();
        int start = c.add(e, storeText);
        return Arrays.copyOfRange(c.buf, start, c.pos);
    }

    /**
     * Writes the payload after room for the longest header, then the header just before it (its length varint
     * is known only then); returns where the record starts.
     */
    private int add(LedgerEntry e, boolean storeText) {
        pos = MAX_HEADER_BYTES;
        buf[pos++] = FORMAT;
        putVarLong(e.time().getEpochSecond());
        putVarLong(e.time().getNano());
        putString(e.requestId());
        putString(e.keyId());
        putOptional(e.team());
        putOptional(e.workflow());
        putOptional(e.step());
        putString(e.modelRequested());
        putString(e.modelUsed());
        putString(e.tier());
        putString(e.backend());
        if (e.routeScore().isPresent()) {
            putByte((byte) 1);
            putDouble(e.routeScore().get());
        } else {
            putByte((byte) 0);
        }
        putString(e.routeReason());
        putString(e.policyVerdict());
        putVarLong(e.detectedTypes().size());
        for (String t : e.detectedTypes()) putString(t);
        Usage u = e.usage();
        putVarLong(u.promptTokens());
        putVarLong(u.completionTokens());
        putVarLong(u.cachedTokens());
        putVarLong(u.reasoningTokens());
        putVarLong(e.timeToFirstToken().isPresent() ? e.timeToFirstToken().get().toNanos() + 1 : 0);
        putVarLong(e.latency().toNanos());
        putVarLong(e.status());
        putOptional(e.errorCode());
        putDouble(e.costMicros());
        putDouble(e.counterfactualCostMicros());
        putOptional(storeText ? e.promptText() : Optional.empty());
        putOptional(storeText ? e.completionText() : Optional.empty());
        Optional<LedgerEntry.MaxTokensClamp> clamp = e.maxTokensClamp();
        putByte(SpoolFields.trailer(e.kind(), clamp.isPresent()));
        if (clamp.isPresent()) {
            putVarLong(clamp.get().requested());
            putVarLong(clamp.get().granted());
        }
        int payload = pos - MAX_HEADER_BYTES;
        int lengthAt = MAX_HEADER_BYTES - varIntSize(payload);
        for (int i = lengthAt, v = payload; i < MAX_HEADER_BYTES; i++, v >>>= 7) {
            buf[i] = (byte) (i == MAX_HEADER_BYTES - 1 ? v : (v & 0x7f) | 0x80);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf, lengthAt, pos - lengthAt);
        int start = lengthAt - SYNC_HEADER_BYTES;
        buf[start] = SYNC_0;
        buf[start + 1] = SYNC_1;
        INT_BE.set(buf, start + 2, (int) crc.getValue());
        return start;
    }

    /**
     * A record whose checksum holds but whose payload this reader cannot decode: most likely one a newer
     * Tiergate wrote (a format or kind this one does not know), so it is intact data to keep, not damage to
     * skip. A reader stops there, as at a torn tail, and the process that wrote it indexes it.
     */
    public static final class UnreadableRecordException extends RuntimeException {
        UnreadableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Decodes the record at {@code in}'s position, of either framing, or returns empty, leaving the position
     * unchanged, when the bytes there are not one whole, intact record.
     *
     * @throws UnreadableRecordException when the record is intact (its checksum holds) but this reader cannot
     *                                   decode it; the position is unchanged
     */
    public static Optional<LedgerEntry> read(ByteBuffer in) {
        int start = in.position();
        int framed = framedLength(in);
        if (framed < 0 || framed > in.remaining()) return Optional.empty();
        int payloadAt, length;
        CRC32C crc = new CRC32C();
        if (in.get(start) == SYNC_0) {
            length = (int) varint(in, start + SYNC_HEADER_BYTES);
            payloadAt = start + framed - length;
            crc.update(in.slice(start + SYNC_HEADER_BYTES, framed - SYNC_HEADER_BYTES)); // the length and the payload
            if ((int) crc.getValue() != in.getInt(start + 2)) return Optional.empty();
        } else {
            length = framed - PLAIN_HEADER_BYTES;
            payloadAt = start + PLAIN_HEADER_BYTES;
            crc.update(in.slice(payloadAt, length));
            if ((int) crc.getValue() != in.getInt(start + 4)) return Optional.empty();
        }
        ByteBuffer p = in.slice(payloadAt, length);
        try {
            LedgerEntry e = decode(SpoolFields.of(p.get(), p));
            if (p.hasRemaining()) throw new IllegalStateException("bytes after the record's last field");
            in.position(start + framed);
            return Optional.of(e);
        } catch (RuntimeException unknown) {
            // The checksum holds, so this is a record (garbage matching a CRC-32C is 1 in 2^32): from a newer format.
            throw new UnreadableRecordException("an intact spool record this Tiergate cannot decode ("
                    + unknown.getMessage() + "); it is left for a newer Tiergate", unknown);
        }
    }

    /**
     * The framed size of the record at {@code in}'s position, for a reader that needs more bytes: more than
     * {@code in.remaining()} when its header is not all there; -1 when the bytes there cannot start a record.
     */
    public static int framedLength(ByteBuffer in) {
        int start = in.position(), remaining = in.remaining();
        if (remaining < 1) return 1;
        if (in.get(start) != SYNC_0) {
            if (remaining < PLAIN_HEADER_BYTES) return PLAIN_HEADER_BYTES;
            int length = in.getInt(start);
            return length <= 0 || length > MAX_PAYLOAD_BYTES ? -1 : PLAIN_HEADER_BYTES + length;
        }
        if (remaining >= 2 && in.get(start + 1) != SYNC_1) return -1;
        if (remaining < MAX_HEADER_BYTES) {
            // Enough for the length's varint only when it ends before the bytes do.
            for (int i = start + SYNC_HEADER_BYTES; i < start + remaining; i++) {
                if (in.get(i) >= 0) return framedWithLength(varint(in, start + SYNC_HEADER_BYTES));
            }
            return MAX_HEADER_BYTES;
        }
        return framedWithLength(varint(in, start + SYNC_HEADER_BYTES));
    }

    private static int framedWithLength(long length) {
        return length <= 0 || length > MAX_PAYLOAD_BYTES ? -1 : SYNC_HEADER_BYTES + varIntSize((int) length) + (int) length;
    }

    /** The varint of at most 4 bytes at {@code at}; -1 when longer, or padded (a longer form than its value needs). */
    private static long varint(ByteBuffer in, int at) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            byte b = in.get(at + i);
            v |= (long) (b & 0x7f) << (7 * i);
            if (b >= 0) return i > 0 && b == 0 ? -1 : v;
        }
        return -1;
    }

    /** The entry in the payload after its format byte, in the encoder's field order. */
    private static LedgerEntry decode(SpoolFields f) {
        Instant time = Instant.ofEpochSecond(f.int64(), f.int32());
        String requestId = f.string();
        String keyId = f.string();
        Optional<String> team = f.optional();
        Optional<String> workflow = f.optional();
        Optional<String> step = f.optional();
        String modelRequested = f.string();
        String modelUsed = f.string();
        String tier = f.string();
        String backend = f.string();
        Optional<Double> score = f.score();
        String routeReason = f.string();
        String policyVerdict = f.string();
        long types = f.int32();
        if (types < 0 || types > f.p.remaining()) throw new IllegalStateException("bad detected-type count");
        List<String> detected = new ArrayList<>((int) types);
        for (int i = 0; i < types; i++) detected.add(f.string());
        Usage usage = new Usage(f.int64(), f.int64(), f.int64(), f.int64());
        Optional<Duration> ttft = f.timeToFirstToken();
        Duration latency = Duration.ofNanos(f.int64());
        int status = Math.toIntExact(f.int32());
        Optional<String> errorCode = f.optional();
        double cost = f.float64();
        double counterfactual = f.float64();
        Optional<String> prompt = f.optional();
        Optional<String> completion = f.optional();
        LedgerEntry.Kind kind = f.kind().orElseGet(() -> kindBeforeFormat3(routeReason, usage));
        Optional<LedgerEntry.MaxTokensClamp> clamp = f.maxTokensClamp();
        return new LedgerEntry(time, requestId, keyId, team, workflow, step, modelRequested, modelUsed, tier, backend,
                score, routeReason, policyVerdict, detected, usage, ttft, latency, status, errorCode, cost,
                counterfactual, prompt, completion, kind, clamp);
    }

    /**
     * Formats 1 and 2 have no kind. Embeddings, recorded since format 2, are known by their route reason and a
     * completion of 0 tokens: the rule by which migration V5 marks the database's older rows.
     */
    private static LedgerEntry.Kind kindBeforeFormat3(String routeReason, Usage usage) {
        return routeReason.startsWith("embeddings on tier '") && usage.completionTokens() == 0
                ? LedgerEntry.Kind.EMBEDDING : LedgerEntry.Kind.CHAT;
    }

    private void putOptional(Optional<String> s) {
        if (s.isPresent()) {
            putString(s.get(), 1);
        } else {
            putByte((byte) 0);
        }
    }

    private void putString(String s) {
        putString(s, 0);
    }

    /** {@code s} with its UTF-8 length plus {@code bias} (1 marks a present optional) in front. */
    private void putString(String s, int bias) {
        int n = s.length();
        ensure(5 + n);
        int lengthAt = pos;
        int start = lengthAt + (n + bias < 0x80 ? 1 : varIntSize(n + bias));
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                putUtf8(s, bias);
                return;
            }
            buf[start + i] = (byte) ch;
        }
        putVarLong(n + bias); // ASCII, the usual case: no intermediate array; lands exactly before the bytes
        pos = start + n;
    }

    private void putUtf8(String s, int bias) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putVarLong(b.length + bias);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private static int varIntSize(int v) {
        return (31 - Integer.numberOfLeadingZeros(v)) / 7 + 1;
    }

    private void putByte(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    /** Unsigned LEB128; callers pass non-negative values (a negative one takes 10 bytes and reads back). */
    private void putVarLong(long v) {
        ensure(10);
        while ((v & ~0x7fL) != 0) {
            buf[pos++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void putDouble(double v) {
        ensure(8);
        LONG_BE.set(buf, pos, Double.doubleToRawLongBits(v));
        pos += 8;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
}
