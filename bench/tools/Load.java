import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * The load bench/run.sh needs and wrk cannot give: requests held at once, and attack scenarios
 * mixed with legitimate traffic that retries, on a fixed schedule (latency counted from when each
 * request was due, so a slow answer cannot hide the ones queued behind it).
 * Run with the JDK's source launcher: {@code java bench/tools/Load.java <mode> ...}. Every mode
 * ends with one line {@code RESULT key=value ...} on stdout.
 *
 * <pre>
 *   prime  URL COUNT PREFIX                  one send to each of COUNT receivers, 64 at a time
 *   held   URL COUNT PREFIX                  a second send to each of them, all at once
 *   attack URLS ATTACK_S ATTACKS PATTERN LEGIT_S LEGIT_RPS RETRY_S ATTACK_PREFIX LEGIT_PREFIX OUTSIDE_FROM_S
 *                                            ATTACKS sends spread over ATTACK_S, to one number
 *                                            (PATTERN one) or sequential ones (sequential),
 *                                            round-robin over the comma-separated URLS, beside
 *                                            LEGIT_RPS legitimate sends a second for LEGIT_S, each
 *                                            to a new number, retried once after RETRY_S if
 *                                            refused; "outside" counts the legitimate attempts
 *                                            from OUTSIDE_FROM_S on, after the attack's window
 * </pre>
 */
public class Load {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        String result = switch (mode) {
            case "prime" -> prime(rest);
            case "held" -> held(rest);
            case "attack" -> attack(rest);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        System.out.println("RESULT " + result);
        System.exit(0);
    }

    private static String prime(String[] args) {
        URI url = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        Semaphore inFlight = new Semaphore(64);
        Samples samples = new Samples();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            long due = System.nanoTime();
            sends.add(send(url, number(args[2], i)).handle((answer, failure) -> {
                inFlight.release();
                samples.add(due, answer == null ? -1 : answer.statusCode());
                return null;
            }));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return samples.summary("");
    }

    private static String held(String[] args) {
        URI url = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        Samples samples = new Samples();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long due = System.nanoTime();
            sends.add(send(url, number(args[2], i))
                    .handle((answer, failure) -> samples.add(due, answer == null ? -1 : answer.statusCode())));
        }
        System.err.println("held: " + count + " sent");
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return samples.summary("");
    }

    private static String attack(String[] args) throws InterruptedException {
        URI[] urls = Arrays.stream(args[0].split(",")).map(URI::create).toArray(URI[]::new);
        int attackSeconds = Integer.parseInt(args[1]);
        int attacks = Integer.parseInt(args[2]);
        boolean oneNumber = args[3].equals("one");
        int legitSeconds = Integer.parseInt(args[4]);
        int legitRps = Integer.parseInt(args[5]);
        int retryAfterSeconds = Integer.parseInt(args[6]);
        String attackPrefix = args[7];
        String legitPrefix = args[8];
        long outsideFrom = System.nanoTime() + 50_000_000L + Long.parseLong(args[9]) * 1_000_000_000L;

        Samples attack = new Samples();
        Samples legitFirst = new Samples();
        Samples legitRetry = new Samples();
        Samples outside = new Samples();
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<?>> retried = new ArrayList<>();

        Thread attacker = new Thread(() -> {
            List<CompletableFuture<?>> sends = atFixedRate(attackSeconds * 1_000_000_000L / attacks, attacks,
                    i -> send(urls[(int) (i % urls.length)], oneNumber ? attackPrefix : number(attackPrefix, i)), attack);
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        });
        attacker.start();
        List<CompletableFuture<?>> firsts = atFixedRate(1_000_000_000L / legitRps, (long) legitRps * legitSeconds, i -> {
            URI url = urls[(int) (i % urls.length)];
            String receiver = number(legitPrefix, i);
            long due = System.nanoTime();
            return send(url, receiver).thenApply(answer -> {
                if (due >= outsideFrom) {
                    outside.add(due, answer.statusCode());
                }
                if (answer.statusCode() != 200) {
                    CompletableFuture<Object> retry = new CompletableFuture<>();
                    synchronized (retried) {
                        retried.add(retry);
                    }
                    retries.schedule(() -> {
                        long retryDue = System.nanoTime();
                        send(url, receiver).whenComplete((again, failure) -> {
                            int status = again == null ? -1 : again.statusCode();
                            legitRetry.add(retryDue, status);
                            if (retryDue >= outsideFrom) {
                                outside.add(retryDue, status);
                            }
                            retry.complete(null);
                        });
                    }, retryAfterSeconds, TimeUnit.SECONDS);
                }
                return answer;
            });
        }, legitFirst);
        attacker.join();
        CompletableFuture.allOf(firsts.toArray(CompletableFuture[]::new)).join();
        synchronized (retried) {
            CompletableFuture.allOf(retried.toArray(CompletableFuture[]::new)).join();
        }
        int legitOk = legitFirst.ok() + legitRetry.ok();
        return attack.summary("attack_") + " " + legitFirst.summary("legit_") + " " + legitRetry.summary("retry_")
                + " " + outside.summary("outside_")
                + String.format(" legit_final_success_pct=%.2f outside_pct=%.2f",
                        100.0 * legitOk / Math.max(1, legitFirst.count()),
                        outside.count() == 0 ? 100.0 : 100.0 * outside.ok() / outside.count());
    }

    /** Starts task(i) for i in [0, total), one every intervalNanos, each timed from when it was due. */
    private static List<CompletableFuture<?>> atFixedRate(long interval, long total,
            LongFunction<CompletableFuture<HttpResponse<String>>> task, Samples samples) {
        long start = System.nanoTime() + 50_000_000L;
        List<CompletableFuture<?>> started = new ArrayList<>();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            started.add(task.apply(i).handle((answer, failure) -> samples.add(due, answer == null ? -1 : answer.statusCode())));
        }
        return started;
    }

    private static CompletableFuture<HttpResponse<String>> send(URI url, String receiver) {
        return post(url, "{\"sender\":\"Bench\",\"receiver\":\"" + receiver + "\",\"body\":\"Your code is 123456\"}",
                "application/json");
    }

    private static CompletableFuture<HttpResponse<String>> post(URI url, String body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** PREFIX followed by the counter, zero-padded to a 12-digit national part overall. */
    static String number(String prefix, long i) {
        int digits = 13 - prefix.length();
        return prefix + String.format("%0" + digits + "d", i);
    }

    /** Answers by status and latency from the due time, in milliseconds. */
    static final class Samples {
        private final List<long[]> rows = new ArrayList<>();

        synchronized Object add(long due, int status) {
            rows.add(new long[] {System.nanoTime() - due, status});
            return null;
        }

        synchronized int count() {
            return rows.size();
        }

        synchronized int ok() {
            return (int) rows.stream().filter(row -> row[1] == 200 || row[1] == 201).count();
        }

        synchronized String summary(String prefix) {
            long[] latencies = rows.stream().mapToLong(row -> row[0]).sorted().toArray();
            long s429 = rows.stream().filter(row -> row[1] == 429).count();
            long s503 = rows.stream().filter(row -> row[1] == 503).count();
            long failed = rows.stream().filter(row -> row[1] < 0).count();
            int ok = ok();
            long other = rows.size() - ok - s429 - s503 - failed;
            return String.format("%ssent=%d %sok=%d %s429=%d %s503=%d %sother=%d %serrors=%d %sp50_ms=%.2f %sp99_ms=%.2f %smax_ms=%.2f",
                    prefix, rows.size(), prefix, ok, prefix, s429, prefix, s503, prefix, other, prefix, failed,
                    prefix, percentile(latencies, 50), prefix, percentile(latencies, 99), prefix, percentile(latencies, 100));
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }
    }
}
