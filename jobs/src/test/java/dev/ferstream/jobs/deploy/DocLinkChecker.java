package dev.ferstream.jobs.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves every relative link of a set of Markdown files the way GitHub does (relative to the file, or to the
 * repository root when it starts with {@code /}) and reports each one that points nowhere: a missing file or folder,
 * or an {@code #anchor} into a Markdown file that none of its headings produce. Web links ({@code https:},
 * {@code mailto:}, ...) are not followed.
 */
final class DocLinkChecker {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:|^//");

    private final Path root;
    private final Map<Path, MarkdownDoc> parsed = new HashMap<>();

    DocLinkChecker(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** One line per broken link, {@code file:line: target: what is wrong}, files relative to the root. */
    List<String> problems(List<MarkdownDoc> docs) {
        List<String> problems = new ArrayList<>();
        for (MarkdownDoc doc : docs) {
            parsed.put(doc.file().toAbsolutePath().normalize(), doc);
        }
        for (MarkdownDoc doc : docs) {
            for (MarkdownDoc.Link link : doc.links()) {
                String problem = problem(doc, link.target());
                if (problem != null) {
                    problems.add(root.relativize(doc.file().toAbsolutePath().normalize()) + ":" + link.line() + ": "
                            + link.target() + ": " + problem);
                }
            }
        }
        return problems;
    }

    private String problem(MarkdownDoc doc, String target) {
        if (target.isEmpty()) {
            return "empty link";
        }
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String raw = hash < 0 ? target : target.substring(0, hash);
        String path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8); // %20 yes, + stays +
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path from = doc.file().toAbsolutePath().normalize();
        Path resolved = path.isEmpty() ? from
                : (path.startsWith("/") ? root.resolve(path.substring(1)) : from.getParent().resolve(path)).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file or folder";
        }
        if (anchor == null || !resolved.getFileName().toString().endsWith(".md") || Files.isDirectory(resolved)) {
            return null;
        }
        return doc(resolved).anchors().contains(anchor) ? null : "no heading with anchor #" + anchor;
    }

    private MarkdownDoc doc(Path file) {
        return parsed.computeIfAbsent(file, f -> {
            try {
                return MarkdownDoc.read(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
