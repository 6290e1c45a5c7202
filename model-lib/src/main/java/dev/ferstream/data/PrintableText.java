package dev.ferstream.data;

import java.util.Locale;

/**
 * Makes text safe to print on one terminal line. Why: error messages quote the input they reject, and input can be
 * binary garbage (a PNG or a zip given as CSV) whose control bytes would move the cursor, clear the screen, ring the
 * bell or break the message over several lines. Control characters (C0, DEL and C1) and other invisible ones
 * (format characters, line separators, lone surrogates, unassigned code points, U+FFFD that stands for an undecodable
 * byte) are written as escapes: {@code \n}, {@code \r}, {@code \t}, {@code \x1b} below U+0100, {@code \u2028} above.
 * Everything else, accented letters included, is kept; a backslash is kept as is, so escaping twice changes nothing.
 */
public final class PrintableText {
    private PrintableText() {
    }

    /** {@code text} with every unprintable character escaped; null stays "null" (as string concatenation prints it). */
    public static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (printable(text, i)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(escaped(c));
        }
        return out == null ? text.toString() : out.toString();
    }

    /**
     * An escaped excerpt of at most {@code max} characters of input, ending in "..." (and how many characters were
     * left out) when cut, so a message quoting a binary file's first "line" stays one short line.
     */
    public static String excerpt(CharSequence text, int max) {
        if (text == null || text.length() <= max) {
            return escape(text);
        }
        return escape(text.subSequence(0, max)) + "... (" + (text.length() - max) + " more characters)";
    }

    private static boolean printable(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c >= 0x20 && c < 0x7f) {
            return true;
        }
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return true;
        }
        if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1))) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> c != '\uFFFD';
        };
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x100 ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.format(Locale.ROOT, "\\u%04x", (int) c);
        };
    }
}
