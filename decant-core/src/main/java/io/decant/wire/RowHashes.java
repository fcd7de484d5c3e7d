package io.decant.wire;

import java.util.HexFormat;

/** 64-bit row hashes and digests on the wire: 16 lower-case hex digits of the unsigned value. */
public final class RowHashes {
    private RowHashes() {
    }

    public static String hex(long hash) {
        return HexFormat.of().toHexDigits(hash);
    }

    public static long parse(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new WireFormatException("a hash is 16 hex digits, not '" + hex + "'");
        }
        return HexFormat.fromHexDigitsToLong(hex);
    }
}
