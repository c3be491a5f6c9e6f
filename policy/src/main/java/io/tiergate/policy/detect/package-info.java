/**
 * Sensitive-data detection: detectors for e-mail, phone, payment card, IBAN, US SSN, secrets, PEM
 * private keys, IP addresses and configured regexes/keywords, combined by
 * {@link io.tiergate.policy.detect.SensitiveDataScanner} into non-overlapping findings (type and
 * char offsets, never values), and {@link io.tiergate.policy.detect.SpanMasker} for placeholders.
 */
package io.tiergate.policy.detect;
