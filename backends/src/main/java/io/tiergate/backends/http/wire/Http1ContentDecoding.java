package io.tiergate.backends.http.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Decodes a response body's Content-Encoding: gzip (and x-gzip) and deflate, with java.util.zip.
 * The decoder is made on the first read, because making a GZIPInputStream reads the gzip header,
 * which may block. An encoding we cannot decode fails that first read with a
 * {@link ContentEncodingException}, so the caller learns it where it reads the body.
 */
final class Http1ContentDecoding {
    /** Bytes read past the end of the compressed data to reach the end of the framing (the chunked terminator). */
    private static final int DRAIN_LIMIT = 64 * 1024;

    /**
     * Most bytes a body may decode to (64 MiB, the most ResponseBodies reads of a body of known length): a
     * megabyte of gzip can decode to a gigabyte, and an upstream must not be able to exhaust the heap.
     */
    static final long MAX_DECODED = 64L * 1024 * 1024;

    private Http1ContentDecoding() {}

    /** The body as sent when it carries no (or identity) encoding, else a decoding stream over it. */
    static InputStream decode(Optional<String> contentEncoding, Http1Body raw) {
        String coding = contentEncoding.map(Http1ContentDecoding::single).orElse("");
        if (coding.isEmpty() || (raw instanceof Http1Body.Fixed f && f.length == 0)) return raw;
        return new Decoded(coding, raw);
    }

    /** The one coding of a field like "gzip" or "identity, gzip"; several real codings are left as a list (unsupported). */
    private static String single(String field) {
        StringBuilder codings = new StringBuilder();
        for (String c : field.split(",")) {
            String t = c.strip().toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.equals("identity")) continue;
            if (!codings.isEmpty()) codings.append(", ");
            codings.append(t);
        }
        return codings.toString();
    }

    private static final class Decoded extends InputStream {
        private final String coding;
        private final Http1Body raw;
        private InputStream decoder;
        private Optional<Inflater> ownInflater = Optional.empty(); // GZIPInputStream ends its own
        private boolean ended;
        private long decodedBytes;

        Decoded(String coding, Http1Body raw) {
            this.coding = coding;
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) return -1;
            if (len == 0) return 0;
            try {
                if (decoder == null) decoder = open();
                int n = decoder.read(b, off, len);
                if (n < 0) end();
                else if ((decodedBytes += n) > MAX_DECODED) {
                    throw new ContentEncodingException("the " + coding + " response body decodes to more than "
                            + (MAX_DECODED >> 20) + " MiB; refused");
                }
                return n;
            } catch (ZipException e) {
                throw new ContentEncodingException("the " + coding + " response body is corrupt: " + e.getMessage(), e);
            }
        }

        private InputStream open() throws IOException {
            return switch (coding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(raw, 8 * 1024);
                case "deflate" -> deflate();
                default -> throw new ContentEncodingException("the response body has Content-Encoding '" + coding
                        + "', which Tiergate cannot decode (only gzip and deflate)");
            };
        }

        /** RFC 9110's deflate is zlib-wrapped, but some servers send raw deflate: the zlib header tells them apart. */
        private InputStream deflate() throws IOException {
            PushbackInputStream in = new PushbackInputStream(raw, 2);
            byte[] head = in.readNBytes(2);
            in.unread(head);
            boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
            Inflater inflater = new Inflater(!zlib);
            ownInflater = Optional.of(inflater);
            return new InflaterInputStream(in, inflater, 8 * 1024);
        }

        /**
         * The compressed data ended: reads the framing's end (a chunked body's last chunk) so the
         * connection can go back to the pool, and frees the inflater's native memory.
         */
        private void end() throws IOException {
            ended = true;
            if (ownInflater.isPresent()) ownInflater.get().end();
            else decoder.close(); // GZIPInputStream ends its inflater; closing the raw body underneath does nothing
            byte[] skip = new byte[512];
            int budget = DRAIN_LIMIT;
            int n;
            while (budget > 0 && (n = raw.read(skip)) > 0) budget -= n;
        }
    }
}
