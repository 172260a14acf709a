package io.smsgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The README's route diagram is the route files': it names every file of routes/, and the send
 * pipeline's numbered steps, in order, are those of send-pipeline.camel.yaml.
 */
class RouteDiagramTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Pattern NUMBERED_COMMENT = Pattern.compile("^        # (\\d+)\\. ");
    private static final Pattern TOP_STEP = Pattern.compile("^        - (\\w+):");
    private static final Pattern DIAGRAM_STEP = Pattern.compile("│  (\\d+)\\. (.+?)(?:\\s{2,}.*)?$");
    private static final Pattern DIAGRAM_COMPLETION = Pattern.compile("│  on completion: (\\S+)");
    private static final Pattern ROUTE_FILE = Pattern.compile("routes/([a-z-]+)\\.camel\\.yaml");

    @Test
    void namesEveryRouteFile() throws IOException {
        Set<String> named = new TreeSet<>();
        Matcher file = ROUTE_FILE.matcher(diagram());
        while (file.find()) {
            named.add(file.group(1));
        }
        try (Stream<Path> files = Files.list(ROUTES)) {
            assertThat(named).isEqualTo(files.map(path -> path.getFileName().toString().replace(".camel.yaml", ""))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void showsTheSendPipelineStepsInTheirOrder() throws IOException {
        Map<String, List<String>> inDiagram = new LinkedHashMap<>();
        for (String line : diagram().split("\n")) {
            Matcher completion = DIAGRAM_COMPLETION.matcher(line);
            Matcher step = DIAGRAM_STEP.matcher(line);
            if (completion.find()) {
                inDiagram.put("on completion", List.of(completion.group(1)));
            } else if (step.find()) {
                inDiagram.put(step.group(1), List.of(step.group(2).trim().split(",\\s*")));
            }
        }

        assertThat(inDiagram).isEqualTo(stepsOfTheSendPipeline());
    }

    /** The pipeline's steps, grouped under the number of the comment above them. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> stepsOfTheSendPipeline() throws IOException {
        Path file = ROUTES.resolve("send-pipeline.camel.yaml");
        List<Map<String, Object>> routes = new Yaml().load(Files.readString(file));
        Map<String, Object> from = (Map<String, Object>) ((Map<String, Object>) routes.get(0).get("route")).get("from");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) from.get("steps");

        List<String> numbers = new ArrayList<>();
        String current = null;
        for (String line : Files.readAllLines(file)) {
            Matcher number = NUMBERED_COMMENT.matcher(line);
            if (number.find()) {
                current = number.group(1);
            } else if (TOP_STEP.matcher(line).find()) {
                numbers.add(current);
            }
        }
        assertThat(numbers).as("one entry per top-level step").hasSize(steps.size());

        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            if (step.containsKey("onCompletion")) {
                Map<String, Object> onCompletion = (Map<String, Object>) step.get("onCompletion");
                grouped.put("on completion", ((List<Map<String, Object>>) onCompletion.get("steps")).stream()
                        .map(RouteDiagramTest::label).toList());
            } else {
                grouped.computeIfAbsent(numbers.get(i), key -> new ArrayList<>()).add(label(step));
            }
        }
        return grouped;
    }

    @SuppressWarnings("unchecked")
    private static String label(Map<String, Object> step) {
        String kind = step.keySet().iterator().next();
        Object value = step.get(kind);
        Map<String, Object> fields = value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return switch (kind) {
            case "bean" -> fields.get("ref") + "." + fields.get("method");
            case "process" -> fields.get("ref").toString();
            case "setProperty" -> "setProperty " + fields.get("name");
            case "to" -> "to " + fields.get("uri").toString().replaceFirst("^direct:", "");
            case "choice" -> fields.containsKey("when")
                    ? "choice " + choiceSubject((List<Map<String, Object>>) fields.get("when"))
                    : "choice";
            default -> kind;
        };
    }

    /** The exchange property every branch of a choice reads. */
    private static String choiceSubject(List<Map<String, Object>> branches) {
        Set<String> subjects = branches.stream()
                .map(branch -> branch.get("simple").toString().replaceAll("^\\$\\{exchangeProperty\\.(\\w+)}.*$", "$1"))
                .collect(Collectors.toSet());
        assertThat(subjects).hasSize(1);
        return subjects.iterator().next();
    }

    private static String diagram() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("<!-- route diagram");
        assertThat(marker).as("the README's route diagram").isPositive();
        int start = readme.indexOf("```\n", marker) + 4;
        return readme.substring(start, readme.indexOf("```", start));
    }
}
