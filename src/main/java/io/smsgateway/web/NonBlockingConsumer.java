package io.smsgateway.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smsgateway.message.ErrorBody;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a route with Camel's asynchronous routing engine and holds no thread while it waits.
 *
 * <p>The stock Vert.x consumer (Camel 4.18) runs the route inside {@code executeBlocking}, keeping a
 * worker thread until the exchange completes: a send held by the delay or waiting for its provider
 * would occupy one. Here the route starts on a worker — its first steps may block (Redis) and must
 * stay off the event loop — which is released as soon as the route goes asynchronous; the answer is
 * written on the event loop when the exchange completes.
 */
class NonBlockingConsumer extends VertxPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(NonBlockingConsumer.class);

    NonBlockingConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
                        String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext context) {
        if (isSuspended()) {
            answerUnavailable(context.response());
            return;
        }
        Context eventLoop = context.vertx().getOrCreateContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        processHttpRequest(exchange, context).onComplete(read -> {
            if (read.failed()) {
                done(exchange);
                context.fail(read.cause());
                return;
            }
            onlyRequestHeaders(context, exchange.getIn());
            formAsSent(context, exchange.getIn());
            context.vertx().executeBlocking(() -> {
                createUoW(exchange);
                getAsyncProcessor().process(exchange, doneSync -> eventLoop.runOnContext(ignored -> answer(context, exchange)));
                return null;
            }, false);
        });
    }

    /**
     * The binding copies query parameters into the message's headers: a key in {@code ?X-API-Key=}
     * would pass for a header. Only what the client sent as headers stays.
     */
    private static void onlyRequestHeaders(RoutingContext context, Message in) {
        for (String name : context.queryParams().names()) {
            String header = context.request().getHeader(name);
            if (header == null) {
                in.removeHeader(name);
            } else {
                in.setHeader(name, header);
            }
        }
    }

    /**
     * A form's body as it was sent: the stock consumer hands a form to its route as a map, parsed
     * in its own step, which this consumer does not take; a route that checks a signature over
     * the form (Twilio's callbacks) needs every field as sent.
     */
    private static void formAsSent(RoutingContext context, Message in) {
        String type = context.request().getHeader("Content-Type");
        if (in.getBody() == null && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                && context.body() != null && context.body().buffer() != null) {
            in.setBody(context.body().buffer().toString(StandardCharsets.UTF_8));
        }
    }

    private void answer(RoutingContext context, Exchange exchange) {
        try {
            HttpServerResponse response = context.response();
            if (!response.ended() && !response.closed()) {
                write(response, exchange, getEndpoint().getHeaderFilterStrategy());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not write the HTTP response: {}", e.toString());
        } finally {
            done(exchange);
        }
    }

    /**
     * The exchange's status, headers (the endpoint's filter keeps Camel's own out) and body. A route
     * that failed without answering — not one of the send routes, which answer every failure — is a
     * bug: 500 in the error shape.
     */
    private static void write(HttpServerResponse response, Exchange exchange, HeaderFilterStrategy filter) {
        if (exchange.getException() != null) {
            LOG.error("route failed without an answer", exchange.getException());
            response.setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.encode(ErrorBody.of(500, "internal error"))));
            return;
        }
        Message message = exchange.getMessage();
        response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            if (header.getValue() != null && !filter.applyFilterToCamelHeaders(header.getKey(), header.getValue(), exchange)) {
                response.putHeader(header.getKey(), header.getValue().toString());
            }
        }
        String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        byte[] body = message.getBody(byte[].class);
        response.end(body == null ? Buffer.buffer() : Buffer.buffer(body));
    }

    private static void answerUnavailable(HttpServerResponse response) {
        response.setStatusCode(503).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.encode(ErrorBody.of(503, "the service is shutting down: retry"))));
    }

    private void done(Exchange exchange) {
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }
}
