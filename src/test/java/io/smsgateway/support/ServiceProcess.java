package io.smsgateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smsgateway.SmsGatewayApplication;

/**
 * The service in a JVM of its own, on the tests' classpath: for what is global to a JVM, such as
 * its logging, and for reading exactly what it writes to its standard output.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path output;

    private ServiceProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts the service with these arguments and waits until it is ready. */
    public static ServiceProcess start(String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                SmsGatewayApplication.class.getName()));
        int port = Brokers.freePort();
        command.add("--server.port=" + port);
        command.addAll(List.of(arguments));
        Path output = Folders.create("service-").resolve("stdout.log");
        ServiceProcess service;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            service = new ServiceProcess(process, port, output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SendClient api = service.api();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> api.get("/-/ready").statusCode() == 200);
        return service;
    }

    public SendClient api() {
        return new SendClient(port);
    }

    /** Everything the service wrote to its standard output and error so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as {@code kill -9}: nothing of the service runs after it. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, and waits for the process to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
