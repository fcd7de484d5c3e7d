package io.decant.config;

import io.decant.DecantException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * Parses a store's {@code time-zone:}: a region of the IANA time zone database
 * ({@code Europe/Berlin}, {@code America/New_York}, {@code UTC}) or a fixed offset ({@code +02:00},
 * {@code -05:30}). A zone is later written into SQL as a literal, so only the characters such names
 * and offsets use are accepted.
 */
public final class TimeZones {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9/_+:.-]{1,64}");

    private TimeZones() {
    }

    /** The zone {@code text} names, normalized (a fixed-offset region becomes its offset); BAD_CONFIG naming {@code where} if it names none. */
    public static ZoneId parse(String text, String where) {
        String t = text == null ? "" : text.trim();
        if (SAFE.matcher(t).matches()) {
            try {
                return ZoneId.of(t).normalized();
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw DecantException.badConfig(where + ": '" + Identifiers.printable(text) + "' is not a time zone; give a region such as"
                + " Europe/Berlin or America/New_York, UTC, or a fixed offset such as +02:00");
    }
}
