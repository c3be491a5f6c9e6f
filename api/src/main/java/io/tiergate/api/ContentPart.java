package io.tiergate.api;

/** One part of a message's content. Non-text parts keep their raw JSON so they pass through unchanged. */
public sealed interface ContentPart {
    record Text(String text) implements ContentPart {}

    /** An image by URL (or data: URL); {@code detail} is "auto" when not given. */
    record ImageUrl(String url, String detail) implements ContentPart {}

    /** Any other part type (input_audio, file, …): its type and its JSON object, verbatim. */
    record Other(String type, String json) implements ContentPart {}
}
