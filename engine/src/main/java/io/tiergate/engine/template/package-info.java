/**
 * Chat templates: a model's own Hugging Face Jinja template ({@code tokenizer.chat_template}) rendered
 * by Jinjava with the fixes that make it render as Python's jinja2 does. Entry point:
 * {@link io.tiergate.engine.template.ChatTemplate#fromGguf}.
 */
package io.tiergate.engine.template;
