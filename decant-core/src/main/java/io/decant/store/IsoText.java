package io.decant.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The ISO-8601 text of timestamps in the value encoding, written and read without
 * {@link DateTimeFormatter} where the text has the plain form {@code yyyy-MM-ddTHH:mm:ss[.fraction][Z]}
 * with a four-digit year: the formatter's general parser allocates a map of fields per value and
 * was about half of the Java time of a bulk load over HTTP. Every method gives exactly what the
 * formatter gives (a test compares them), and defers to it for any other form.
 */
public final class IsoText {
    private IsoText() {
    }

    /** {@code DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t)}. */
    public static String localDateTime(LocalDateTime t) {
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        StringBuilder b = new StringBuilder(29);
        dateTime(b, t);
        int nano = t.getNano();
        if (nano != 0) { // the fraction without its trailing zeros
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            b.append('.');
            pad(b, nano, digits);
        }
        return b.toString();
    }

    /** {@code DateTimeFormatter.ISO_INSTANT.format(i)}. */
    public static String instant(Instant i) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(i.getEpochSecond(), 0, ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(i);
        }
        StringBuilder b = new StringBuilder(30);
        dateTime(b, t);
        int nano = i.getNano();
        if (nano != 0) { // the fraction in groups of three digits
            b.append('.');
            if (nano % 1_000_000 == 0) {
                pad(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                pad(b, nano / 1000, 6);
            } else {
                pad(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    /**
     * The date-time of {@code yyyy-MM-ddTHH:mm:ss[.f…]} (one to nine fraction digits), optionally
     * followed by {@code Z} (UTC: the same fields); null for any other text, which the caller
     * parses with the formatter. An impossible date or time throws as the formatter does.
     */
    public static LocalDateTime plain(String t) {
        int n = t.length();
        if (n > 0 && t.charAt(n - 1) == 'Z') {
            n--;
        }
        if (n < 19 || n == 20 || n > 29 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || (n > 19 && t.charAt(19) != '.')) {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int nano = 0;
        if (n > 19) {
            nano = digits(t, 20, n);
            for (int k = n - 20; k < 9; k++) {
                nano *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nano) < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second, nano);
    }

    /** The decimal number of {@code t[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String t, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void dateTime(StringBuilder b, LocalDateTime t) {
        pad(b, t.getYear(), 4);
        b.append('-');
        pad(b, t.getMonthValue(), 2);
        b.append('-');
        pad(b, t.getDayOfMonth(), 2);
        b.append('T');
        pad(b, t.getHour(), 2);
        b.append(':');
        pad(b, t.getMinute(), 2);
        b.append(':');
        pad(b, t.getSecond(), 2);
    }

    /** {@code v} (not negative) in at least {@code width} digits, zero-padded. */
    private static void pad(StringBuilder b, int v, int width) {
        for (int limit = POWERS[width - 1]; limit > 1 && v < limit; limit /= 10) {
            b.append('0');
        }
        b.append(v);
    }

    private static final int[] POWERS = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
}
