/**
 * The value encoding of Decant's store protocol ({@code docs/service-protocol.yaml}): column values
 * by kind, keys, spans, ranges and 64-bit hashes in JSON. It is shared by the server
 * (decant-service) and the client (decant-http), so both sides encode every value alike; it needs
 * only Jackson, which decant-core already uses.
 */
package io.decant.wire;
