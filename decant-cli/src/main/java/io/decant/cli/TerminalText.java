package io.decant.cli;

/**
 * Text from the control store made safe to print on a terminal: control characters (C0, DEL, C1 —
 * escape sequences that clear or redraw the screen start with them), line and paragraph
 * separators and the bidirectional overrides that reorder what is shown are printed as
 * {@code \xNN} or {@code \u202E}, so a value can neither move the cursor nor fake a line.
 */
final class TerminalText {
    private TerminalText() {
    }

    static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (b == null) {
                    b = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                b.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }

    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}
