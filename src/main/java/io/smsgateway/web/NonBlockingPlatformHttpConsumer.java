package io.smsgateway.web;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpBinding;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.http.common.HttpBinding;
import org.apache.camel.http.common.HttpHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the route with Camel's asynchronous routing engine instead of blocking an executor thread
 * until the exchange completes.
 *
 * <p>The stock consumer (camel-spring-boot 4.18) calls the route synchronously on Spring's
 * {@code applicationTaskExecutor} (8 threads): a held request or a slow provider occupies one of
 * them for its whole life. Here the route starts on the servlet thread, which returns as soon as the
 * route goes asynchronous (a delay, a provider call); the response is written by whichever thread
 * completes the exchange, which then completes the Servlet async request.
 */
class NonBlockingPlatformHttpConsumer extends SpringBootPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(NonBlockingPlatformHttpConsumer.class);

    // reads requests; the parent writes responses with an identically configured binding of its own
    private final HttpBinding binding;

    private final long timeoutMillis;

    NonBlockingPlatformHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, long timeoutMillis) {
        super(endpoint, processor, Runnable::run);
        this.timeoutMillis = timeoutMillis;
        binding = new SpringBootPlatformHttpBinding();
        binding.setHeaderFilterStrategy(endpoint.getHeaderFilterStrategy());
        binding.setMuteException(endpoint.isMuteException());
        binding.setFileNameExtWhitelist(endpoint.getFileNameExtWhitelist());
        binding.setUseReaderForPayload(!endpoint.isUseStreaming());
    }

    /**
     * Starts Servlet async processing itself and completes it when the exchange is done: Spring MVC
     * is handed nothing to wait for, so no second dispatch through its filters and servlet follows.
     */
    @Override
    public CompletableFuture<Void> service(HttpServletRequest request, HttpServletResponse response) {
        if (isSuspended()) {
            sendError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return null;
        }
        Exchange exchange = createExchange(true);
        try {
            exchange.setPattern(ExchangePattern.InOut);
            HttpHelper.setCharsetFromContentType(request.getContentType(), exchange);
            PlatformHttpMessage message = new PlatformHttpMessage(request, response, exchange, binding, false);
            exchange.setIn(message);
            message.init(exchange, binding, request, response);
            createUoW(exchange);
        } catch (Exception e) {
            LOG.warn("Could not read the HTTP request: {}", e.getMessage());
            releaseExchange(exchange, false);
            sendError(response, HttpServletResponse.SC_BAD_REQUEST);
            return null;
        }
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeoutMillis);
        AtomicBoolean answered = new AtomicBoolean();
        async.addListener(new TimeoutAnswer(answered));
        getAsyncProcessor().process(exchange, doneSync -> {
            if (!answered.compareAndSet(false, true)) {
                return; // answered 503 by the timeout already
            }
            try {
                afterProcess(response, exchange);
            } catch (Exception e) {
                LOG.warn("Could not write the HTTP response: {}", e.getMessage());
            } finally {
                async.complete();
            }
        });
        return null;
    }

    private static void sendError(HttpServletResponse response, int status) {
        try {
            if (!response.isCommitted()) {
                response.sendError(status);
            }
        } catch (Exception ignored) {
            // the client is gone; nothing left to answer
        }
    }

    /**
     * The last resort, should an exchange outlive every wait it may have: 503 in the error shape
     * rather than the container's page; the exchange's own answer, if it comes, is dropped.
     */
    private static final class TimeoutAnswer implements AsyncListener {

        private final AtomicBoolean answered;

        private TimeoutAnswer(AtomicBoolean answered) {
            this.answered = answered;
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            if (answered.compareAndSet(false, true)) {
                HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setContentType("application/json");
                response.getWriter().write("{\"statusCode\":503,\"error\":\"Service Unavailable\",\"message\":\"no answer in time\"}");
                event.getAsyncContext().complete();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
