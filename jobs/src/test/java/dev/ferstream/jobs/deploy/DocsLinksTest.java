package dev.ferstream.jobs.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation holds together: every relative link and image in README.md, docs/**.md and bench/**&#47;README.md
 * points at a file that exists, every {@code #anchor} into a Markdown file matches one of its headings (GitHub's
 * slugs), and the README stays a front door (at most {@value #README_MAX_LINES} lines; the detail lives in docs/).
 */
class DocsLinksTest {
    static final int README_MAX_LINES = 250;
    private static final Path ROOT = RepoRoot.find();

    private static List<MarkdownDoc> projectDocs() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> bench = Files.walk(ROOT.resolve("bench"))) {
            bench.filter(p -> p.getFileName().toString().equals("README.md")).sorted().forEach(files::add);
        }
        List<MarkdownDoc> parsed = new ArrayList<>();
        for (Path f : files) {
            parsed.add(MarkdownDoc.read(f));
        }
        return parsed;
    }

    @Test
    void everyRelativeLinkAndAnchorInTheDocsResolves() throws IOException {
        List<MarkdownDoc> docs = projectDocs();
        List<String> problems = new DocLinkChecker(ROOT).problems(docs);
        assertEquals(List.of(), problems, "broken links:\n" + String.join("\n", problems));
        long links = docs.stream().mapToLong(d -> d.links().size()).sum();
        assertTrue(docs.size() >= 8 && links >= 60, docs.size() + " files, " + links + " links: too few to be the docs");
    }

    @Test
    void readmeIsAFrontDoorOfAtMost250Lines() throws IOException {
        int lines = MarkdownDoc.read(ROOT.resolve("README.md")).lineCount();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines; move detail into docs/");
    }

    @Test
    void checkerReportsMissingFilesAndAnchorsButNotCodeOrWebLinks(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/a.md"), "# Part one\n\n## `train` options\n\n## Part one\n");
        Files.writeString(dir.resolve("README.md"), String.join("\n",
                "# Top",
                "[ok](docs/a.md) [ok](docs/a.md#part-one) [ok](docs/a.md#train-options) [ok](docs/a.md#part-one-1)",
                "[ok](#top) [web](https://example.com/x.md#nope) [![img](docs/a.md)](docs/)",
                "[missing](docs/b.md) [bad anchor](docs/a.md#part-two) [self](#nowhere) `[code](nope.md)`",
                "```", "[fenced](nope.md)", "```",
                "[up](../outside.md)"));
        List<MarkdownDoc> docs = List.of(MarkdownDoc.read(dir.resolve("README.md")), MarkdownDoc.read(dir.resolve("docs/a.md")));

        assertEquals(List.of(
                "README.md:4: docs/b.md: no such file or folder",
                "README.md:4: docs/a.md#part-two: no heading with anchor #part-two",
                "README.md:4: #nowhere: no heading with anchor #nowhere",
                "README.md:8: ../outside.md: points outside the repository"), new DocLinkChecker(dir).problems(docs));
    }

    @Test
    void anchorsAreGitHubSlugs() {
        assertEquals("speed-and-memory", MarkdownDoc.slug("Speed and memory"));
        assertEquals("train-options-and-the-bundle", MarkdownDoc.slug("`train` options and the bundle"));
        assertEquals("what-070-takes-a-recipe-study", MarkdownDoc.slug("What 0.70 takes: a recipe study"));
        assertEquals("hw3-cnn--the-homeworks-cnn", MarkdownDoc.slug("hw3-cnn — the homework's CNN"));
        assertEquals("see-the-docs", MarkdownDoc.slug("See [the docs](docs/x.md)"));
        assertEquals("flink_run-layout", MarkdownDoc.slug("flink_run layout"));
    }
}
