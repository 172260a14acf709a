package io.smsgateway.web;

import java.util.stream.Collectors;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.smsgateway.message.ErrorBody;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every answer the HTTP server gives itself — an unknown path, a method or content type a route does
 * not take, a body too large or too slow, a request that cannot even be parsed — in the service's
 * error shape {@code {statusCode, error, message}}, never a page of the server's.
 */
final class HttpErrors {

    // how long, and how much of a refused body, is read and dropped before the connection closes
    private static final long LINGER_MILLIS = 2_000;
    private static final long LINGER_BYTES = 1 << 20;

    private final Router router;
    private final int maxBodyBytes;

    HttpErrors(Router router, int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A router error handler for {@code status}. */
    void answer(RoutingContext context, int status) {
        String message = switch (status) {
            case 404 -> "no such path";
            case 405 -> "method not allowed: " + context.request().path() + " takes " + allowedMethods(context);
            case 406 -> "this service answers application/json";
            case 408 -> "the request body did not arrive in time";
            case 413 -> "request body exceeds " + maxBodyBytes + " bytes";
            case 415 -> "Content-Type must be application/json";
            case 400 -> "malformed request";
            default -> ErrorBody.reasonPhrase(status);
        };
        HttpServerResponse response = context.response();
        if (response.ended() || response.closed()) {
            return;
        }
        // a body refused before it was read would otherwise be read to its end, or wait for ever
        boolean unread = !context.request().isEnded();
        write(response, status, message, unread).onComplete(done -> {
            if (unread) {
                lingerThenClose(context);
            }
        });
    }

    /**
     * Closes the connection of a request whose body was refused unread, once the client has stopped
     * sending it or after a short while: closed at once, the rest of the body arriving at a closed
     * socket makes the kernel reset the connection, and a client still writing its body may lose
     * the answer already sent to it (read as "no bytes received").
     */
    private static void lingerThenClose(RoutingContext context) {
        HttpServerRequest request = context.request();
        long[] drained = {0};
        long timer = context.vertx().setTimer(LINGER_MILLIS, fired -> request.connection().close());
        Runnable close = () -> {
            context.vertx().cancelTimer(timer);
            request.connection().close();
        };
        try {
            request.handler(chunk -> {
                drained[0] += chunk.length();
                if (drained[0] > LINGER_BYTES) {
                    close.run();
                }
            });
            request.endHandler(ended -> close.run());
            request.exceptionHandler(failed -> close.run());
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            close.run();
        }
    }

    /** The methods the routes of the request's path take, for a 405's message. */
    private String allowedMethods(RoutingContext context) {
        String path = context.request().path();
        return router.getRoutes().stream()
                .filter(route -> path.equals(route.getPath()) && route.methods() != null)
                .flatMap(route -> route.methods().stream())
                .map(HttpMethod::name).distinct().sorted().collect(Collectors.joining(", "));
    }

    /** What the HTTP decoder could not parse (a header or request line too long, garbage) never reaches a router. */
    static void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414 : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String message = switch (status) {
            case 414 -> "request line too long";
            case 431 -> "request headers too large";
            default -> "malformed request";
        };
        write(request.response(), status, message, true).onComplete(done -> request.connection().close());
    }

    private static Future<Void> write(HttpServerResponse response, int status, String message, boolean close) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (close) {
            response.putHeader("Connection", "close");
        }
        return response.end(Buffer.buffer(Json.encode(ErrorBody.of(status, message))));
    }
}
