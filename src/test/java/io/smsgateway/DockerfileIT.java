package io.smsgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.support.SendClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs here, so this lays out what the Dockerfile's run stage copies — from the
 * build's real output — and starts it with the image's ENV, WORKDIR and ENTRYPOINT.
 */
class DockerfileIT {

    private static final Pattern COPY = Pattern.compile("^COPY\\s+(--from=\\S+\\s+)?(.+)\\s+(\\S+)$");

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
    void everythingTheDockerfileCopiesExistsAndTheRunStageServes() throws Exception {
        List<String> lines = instructions(Path.of("Dockerfile"));
        int runStage = lastIndexStartingWith(lines, "FROM ");
        Map<String, String> env = new LinkedHashMap<>();
        String workdir = "/";
        List<String> entrypoint = List.of();

        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher copy = COPY.matcher(line);
            if (copy.matches()) {
                boolean fromBuild = copy.group(1) != null;
                for (String source : copy.group(2).trim().split("\\s+")) {
                    // the build stage works in /src, a copy of this project
                    Path local = Path.of(fromBuild ? source.replaceFirst("^/src/", "") : source);
                    assertThat(local).as("%s copies %s", line, source).exists();
                    if (i > runStage) {
                        place(local, copy.group(3));
                    }
                }
            } else if (i > runStage && line.startsWith("ENV ")) {
                for (String pair : line.substring(4).trim().split("\\s+")) {
                    String[] kv = pair.split("=", 2);
                    env.put(kv[0], kv[1]);
                }
            } else if (i > runStage && line.startsWith("WORKDIR ")) {
                workdir = line.substring(8).trim();
            } else if (i > runStage && line.startsWith("ENTRYPOINT ")) {
                entrypoint = List.of(new ObjectMapper().readValue(line.substring(11), String[].class));
            }
        }
        assertThat(Path.of("target/sms-gateway.jar")).as("the jar the image runs").isRegularFile();
        assertThat(entrypoint).startsWith("java");

        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        entrypoint.stream().skip(1).map(this::rebased).forEach(command::add);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Path.of(rebased(workdir)).toFile())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("service.log").toFile());
        env.forEach((name, value) -> builder.environment().put(name, rebased(value)));
        builder.environment().put("HTTP_PORT", Integer.toString(port));
        builder.environment().put("SERVICE_PROVIDER", "console");
        service = builder.start();

        SendClient api = new SendClient(port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> api.get("/-/ready").statusCode() == 200);
        HttpResponse<String> sent = api.send("ACME", "+15558675310", "hello from the image layout");
        assertThat(sent.statusCode()).as(Files.readString(root.resolve("service.log"))).isEqualTo(200);
    }

    private void place(Path local, String destination) throws IOException {
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
    }

    /** An image path, under this test's root folder. */
    private String rebased(String value) {
        return value.startsWith("/") ? root + value : value;
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
