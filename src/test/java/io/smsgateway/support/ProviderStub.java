package io.smsgateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * One WireMock server on loopback for the whole test run, standing in for the providers. Shared so
 * that Spring contexts pointing at it are cached across test classes.
 */
public final class ProviderStub {

    public static final WireMockServer SERVER = start();

    private ProviderStub() {
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + SERVER.port();
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                // delayed answers wait on a scheduler, so hundreds can be outstanding at once
                .containerThreads(64)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(16)
                .jettyAcceptQueueSize(1000));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }
}
