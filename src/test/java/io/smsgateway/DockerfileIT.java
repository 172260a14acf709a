package io.smsgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.support.SendClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here, so this builds the Dockerfile's run stage by hand in a folder that
 * stands for the image's root: it copies what the run stage copies — from the build's real output —,
 * runs its RUN lines (the extraction and the AOT cache's training run) with the Java of the stage's
 * base image, then starts the ENTRYPOINT with the image's ENV and WORKDIR, and checks that the
 * service answers and that it loaded its classes from the AOT cache the build trained.
 */
class DockerfileIT {

    private static final Pattern COPY = Pattern.compile("^COPY\\s+(--from=\\S+\\s+)?(.+)\\s+(\\S+)$");
    private static final Pattern RUN_FROM = Pattern.compile("^FROM\\s+eclipse-temurin:(\\d+)-jre\\b.*");
    private static final Pattern BIND_MOUNT = Pattern.compile("--mount=type=bind,from=build,source=(\\S+?),target=(\\S+)\\s+");
    /** An absolute path in a shell line or option: at its start, after a space, an '=' or java's '@'. */
    private static final Pattern ABSOLUTE = Pattern.compile("(^|[\\s=@])/");
    /**
     * Commands of RUN lines this test does not run: the image's user and the ownership of its
     * folders. The test runs as whoever runs the build, that user does not exist here, and the
     * folders are writable anyway.
     */
    private static final Set<String> NOT_EMULATED = Set.of("useradd", "chown");

    @TempDir
    Path root;

    private Process service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor();
        }
    }

    @Test
    void theRunStageBuiltByHandServesFromItsAotCache() throws Exception {
        List<String> lines = instructions(Path.of("Dockerfile"));
        int runStage = lastIndexStartingWith(lines, "FROM ");
        Matcher from = RUN_FROM.matcher(lines.get(runStage));
        assertThat(from.matches()).as("the run stage's base image, eclipse-temurin:<N>-jre: %s", lines.get(runStage)).isTrue();
        Optional<Path> java = jdk(from.group(1));
        assumeThat(java).as("the image runs Java %s: no such JDK under /usr/lib/jvm to stand in for it", from.group(1)).isPresent();
        assertThat(Path.of("target/sms-gateway.jar")).as("the jar the image runs").isRegularFile();

        Files.createDirectories(root.resolve("tmp")); // as in any base image
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        String workdir = "/";
        List<String> entrypoint = List.of();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher copy = COPY.matcher(line);
            if (copy.matches()) {
                boolean fromBuild = copy.group(1) != null;
                for (String source : copy.group(2).trim().split("\\s+")) {
                    Path local = built(source, fromBuild);
                    assertThat(local).as("%s copies %s", line, source).exists();
                    if (i > runStage) {
                        place(local, copy.group(3));
                    }
                }
            } else if (i > runStage && line.startsWith("ENV ")) {
                for (String pair : line.substring(4).trim().split("\\s+")) {
                    String[] kv = pair.split("=", 2);
                    env.put(kv[0], rebased(kv[1]));
                }
                // this test's free port stands in for the image's, in the training run as in the service
                env.put("HTTP_PORT", Integer.toString(port));
            } else if (i > runStage && line.startsWith("WORKDIR ")) {
                workdir = line.substring(8).trim();
                Files.createDirectories(Path.of(rebased(workdir)));
            } else if (i > runStage && line.startsWith("RUN ")) {
                run(line.substring(4).trim(), java.get(), env, workdir, i);
            } else if (i > runStage && line.startsWith("ENTRYPOINT ")) {
                entrypoint = List.of(new ObjectMapper().readValue(line.substring(11), String[].class));
            }
        }
        assertThat(entrypoint).startsWith("java");
        String cacheOption = entrypoint.stream().filter(arg -> arg.startsWith("-XX:AOTCache=")).findFirst()
                .orElseThrow(() -> new AssertionError("the ENTRYPOINT names no -XX:AOTCache: " + lines));
        Path cache = Path.of(rebased(cacheOption.substring("-XX:AOTCache=".length())));
        assertThat(cache).as("the AOT cache the training run wrote").isRegularFile();
        assertThat(Files.size(cache)).isPositive();
        Path data = Path.of(rebased("/app/data"));
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left).as("what the build left in the image's /app/data").isEmpty();
        }

        List<String> command = new ArrayList<>();
        command.add(java.get().toString());
        entrypoint.stream().skip(1).map(this::rebasedPaths).forEach(command::add);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of(rebased(workdir)).toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("service.log").toFile());
        builder.environment().putAll(env);
        builder.environment().put("SERVICE_PROVIDER", "console");
        // AOTMode=on: a cache the JVM cannot use (other options, other jars, other JVM) fails the start
        // instead of being skipped with a warning; the class log tells where each class came from.
        Path classLoad = root.resolve("class-load.log");
        builder.environment().put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on -Xlog:class+load=info:file=" + classLoad);
        service = builder.start();

        SendClient api = new SendClient(port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .failFast(() -> assertThat(service.isAlive())
                        .as(() -> "the service exited:\n" + log(root.resolve("service.log"))).isTrue())
                .until(() -> api.get("/-/ready").statusCode() == 200);
        HttpResponse<String> sent = api.send("ACME", "+15558675310", "hello from the image layout");
        assertThat(sent.statusCode()).as(Files.readString(root.resolve("service.log"))).isEqualTo(200);
        assertThat(Files.readString(classLoad))
                .as("the service's own classes come from the AOT cache")
                .containsPattern("io\\.smsgateway\\.SmsGatewayApplication source: shared objects file")
                .containsPattern("org\\.apache\\.camel\\.\\S+ source: shared objects file");
    }

    /**
     * A RUN line as the image build runs it, in this test's root: its absolute paths rebased, the
     * base image's java first on the PATH, a bind mount from the build stage as a copy of the build's
     * output that is gone afterwards, and the commands of {@link #NOT_EMULATED} left out.
     */
    private void run(String line, Path java, Map<String, String> env, String workdir, int index)
            throws IOException, InterruptedException {
        List<Path> mounted = new ArrayList<>();
        Matcher mount = BIND_MOUNT.matcher(line);
        while (mount.lookingAt()) {
            Path local = built(mount.group(1), true);
            assertThat(local).as("RUN %s mounts %s", line, mount.group(1)).exists();
            mounted.add(place(local, mount.group(2)));
            line = line.substring(mount.end());
            mount = BIND_MOUNT.matcher(line);
        }
        assertThat(line).as("a RUN option this test does not know").doesNotStartWith("--");
        String emulated = Arrays.stream(line.split("\\s+&&\\s+"))
                .filter(command -> !NOT_EMULATED.contains(command.strip().split("\\s+")[0]))
                .map(this::rebasedPaths)
                .collect(Collectors.joining(" && "));
        if (emulated.isEmpty()) {
            return;
        }
        Path log = root.resolve("run-" + index + ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", emulated)
                .directory(Path.of(rebased(workdir)).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PATH", java.getParent() + ":" + System.getenv("PATH"));
        Process step = builder.start();
        try {
            assertThat(step.waitFor(5, TimeUnit.MINUTES)).as("RUN %s finished", emulated).isTrue();
        } finally {
            step.destroyForcibly();
        }
        assertThat(step.exitValue()).as("RUN %s\n%s", emulated, Files.readString(log)).isZero();
        for (Path copy : mounted) {
            Files.delete(copy);
        }
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The java of a JDK under /usr/lib/jvm whose release file says it is Java {@code major}. */
    private static Optional<Path> jdk(String major) throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        Pattern version = Pattern.compile("(?m)^JAVA_VERSION=\"" + Pattern.quote(major) + "[.\"]");
        try (Stream<Path> dirs = Files.list(jvms)) {
            for (Path dir : dirs.sorted().toList()) {
                Path release = dir.resolve("release");
                Path java = dir.resolve("bin/java");
                if (Files.isRegularFile(release) && Files.isExecutable(java)
                        && version.matcher(Files.readString(release)).find()) {
                    return Optional.of(java);
                }
            }
        }
        return Optional.empty();
    }

    /** A source of COPY or of a bind mount here: the build stage works in /src, a copy of this project. */
    private static Path built(String source, boolean fromBuild) {
        return Path.of(fromBuild ? source.replaceFirst("^/src/", "") : source);
    }

    private Path place(Path local, String destination) throws IOException {
        Path target = Path.of(rebased(destination));
        if (Files.isDirectory(local)) {
            try (Stream<Path> files = Files.walk(local)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(local.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
        } else {
            Files.createDirectories(target.getParent());
            Files.copy(local, target);
        }
        return target;
    }

    /** An image path, under this test's root folder. */
    private String rebased(String value) {
        return value.startsWith("/") ? root + value : value;
    }

    /** Every image path in a shell line or JVM option, under this test's root folder. */
    private String rebasedPaths(String text) {
        return ABSOLUTE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + root + "/"));
    }

    private static List<String> instructions(Path dockerfile) throws IOException {
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(dockerfile)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            joined.add(current.append(line).toString().trim());
            current.setLength(0);
        }
        return joined;
    }

    private static int lastIndexStartingWith(List<String> lines, String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + "in the Dockerfile");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
