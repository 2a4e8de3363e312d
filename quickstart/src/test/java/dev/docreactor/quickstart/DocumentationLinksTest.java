package dev.docreactor.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is short and links to docs/*.md, which link to each other and to files of the repository:
 * every relative link must reach an existing file, and every {@code #anchor} a heading of the page it
 * names (GitHub's heading ids), so moving a section cannot leave a dead link behind. The two commands a
 * newcomer needs stay on the README's first screen.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE_BLOCK = Pattern.compile("```.*?```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);
    /** A terminal's first screen, roughly: the run and test commands must appear before this line. */
    private static final int FIRST_SCREEN_LINES = 50;

    @Test
    void shouldResolveEveryRelativeLink() throws IOException {
        List<String> dead = new ArrayList<>();
        for (Path page : pages()) {
            String text = CODE_BLOCK.matcher(Files.readString(page)).replaceAll("");
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    dead.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                    && !anchors(resolved).contains(target.substring(hash + 1))) {
                    dead.add(ROOT.relativize(page) + ": " + target + " (no such heading in " + ROOT.relativize(resolved) + ")");
                }
            }
        }
        assertThat(dead).as("links in README.md, SECURITY.md and docs/*.md that lead nowhere").isEmpty();
    }

    @Test
    void shouldShowTheRunAndTestCommandsOnTheFirstScreen() throws IOException {
        List<String> firstScreen = Files.readAllLines(ROOT.resolve("README.md")).subList(0, FIRST_SCREEN_LINES);
        assertThat(firstScreen).as("the README's first %d lines run the quickstart", FIRST_SCREEN_LINES)
            .contains("java -jar quickstart/target/quickstart.jar");
        assertThat(firstScreen).as("the README's first %d lines hold the test command .ci/run runs", FIRST_SCREEN_LINES)
            .contains("mvn -B verify");
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).as(".ci/run runs the README's test command").contains("\nmvn -B verify\n");
        assertThat(firstScreen).as("the quickstart's build shows its progress (no -q) and installs nothing in ~/.m2")
            .noneMatch(line -> line.startsWith("mvn ") && (line.contains(" -q") || line.contains(" install")));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("SECURITY.md"),
            ROOT.resolve("sync-connector/CONFIGURATION.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's ids of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static List<String> anchors(Path page) throws IOException {
        List<String> anchors = new ArrayList<>();
        Matcher heading = HEADING.matcher(CODE_BLOCK.matcher(Files.readString(page)).replaceAll(""));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
