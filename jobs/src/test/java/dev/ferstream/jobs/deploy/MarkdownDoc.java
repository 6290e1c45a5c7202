package dev.ferstream.jobs.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Markdown file as GitHub renders it, reduced to what a link check needs: the link and image targets written
 * outside code (fenced blocks and inline code spans are not links), and the anchors its headings get. Anchors follow
 * GitHub's slugs (github-slugger): lower case, punctuation dropped, each space a hyphen, a repeated heading gets
 * {@code -1}, {@code -2}, ...; explicit {@code <a id="...">} / {@code name} anchors count too.
 */
record MarkdownDoc(Path file, List<Link> links, Set<String> anchors, int lineCount) {
    /** A link target as written ({@code docs/x.md#part}, {@code #part}, {@code https://...}) and its line, 1-based. */
    record Link(int line, String target) {
    }

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    /** The {@code (target)} after any {@code ]}: inline links and images, nested ones included. */
    private static final Pattern TARGET = Pattern.compile("\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");

    MarkdownDoc {
        links = List.copyOf(links);
        anchors = Set.copyOf(anchors);
    }

    static MarkdownDoc read(Path file) throws IOException {
        return parse(file, Files.readAllLines(file));
    }

    static MarkdownDoc parse(Path file, List<String> lines) {
        List<Link> links = new ArrayList<>();
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (f.find()) {
                String marker = f.group(1);
                if (fence == null) {
                    fence = marker;
                    continue;
                }
                if (marker.charAt(0) == fence.charAt(0) && marker.length() >= fence.length()) {
                    fence = null;
                    continue;
                }
            }
            if (fence != null) {
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                anchors.add(unique(slug(h.group(1)), seen));
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                anchors.add(a.group(1));
            }
            Matcher t = TARGET.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (t.find()) {
                links.add(new Link(i + 1, t.group(1)));
            }
        }
        return new MarkdownDoc(file, links, anchors, lines.size());
    }

    /** GitHub's anchor for a heading's text: link text kept, code ticks dropped, then github-slugger's rules. */
    static String slug(String heading) {
        String text = INLINE_LINK.matcher(heading.trim()).replaceAll("$1").toLowerCase(Locale.ROOT);
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                s.appendCodePoint(cp);
            } else if (cp == ' ') {
                s.append('-');
            }
        });
        return s.toString();
    }

    private static String unique(String slug, Map<String, Integer> seen) {
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        return n == 0 ? slug : slug + "-" + n;
    }
}
