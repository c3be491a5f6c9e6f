/** Audit reports in a JSON-ready shape, and parsing of the report filters shared by the CLI and HTTP API. */
package io.tiergate.ledger.report;
