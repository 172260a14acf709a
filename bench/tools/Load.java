import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *   mixed  URLS SECONDS LEGIT_RPS ATTACK_RPS VERIFIED_PCT VERIFY_FROM_S VERIFY_TO_S
 *                                            for SECONDS: LEGIT_RPS sign-ups a second, each to a new
 *                                            mobile number in GB, DE, FR, IT, ES or US, VERIFIED_PCT
 *                                            of each country's reported used (POST /verifications
 *                                            with the returned sid) VERIFY_FROM_S to VERIFY_TO_S
 *                                            after the answer, the others never; beside them
 *                                            ATTACK_RPS sends a second of each attack class:
 *                                            premium-rate numbers (+44 909…), a block of adjacent
 *                                            numbers (+44 7400 123 000, 001, …) and mobile numbers
 *                                            scattered over Brazil (+55, a new prefix each). Round-
 *                                            robin over URLS; a verification goes to the next URL.
 *                                            Counts per class, 403s by the rule they name.
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
            case "mixed" -> mixed(rest);
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

    /**
     * The receivers of the mixed run. bench/run.sh counts the provider hits of each attack class by
     * these prefixes (PREMIUM, ADJACENT, SCATTERED) in the stand-in's log: keep them apart from the
     * legitimate ranges.
     */
    static final String PREMIUM = "+44909";
    static final String ADJACENT = "+447400123";
    static final String SCATTERED = "+55";

    /**
     * Mobile ranges libphonenumber knows, per country (GB, DE, FR, IT, ES, US): a fixed start, then
     * this many random digits. In the US the exchange may not start with 0 or 1: see legitNumber.
     * Checked with libphonenumber 9.0.23: every number drawn is MOBILE (US: FIXED_LINE_OR_MOBILE), as
     * are the adjacent block and the Brazilian numbers; the +44 909 ones are PREMIUM_RATE.
     */
    private static final String[][] LEGIT_RANGES = {
        {"+4471", "+4472", "+4473"},
        {"+49151", "+49152", "+49172", "+49176", "+49179"},
        {"+3360", "+3361", "+3362", "+3364", "+3365", "+3366"},
        {"+39340", "+39347", "+39348", "+39333", "+39320"},
        {"+3460", "+3461", "+3462", "+3465", "+3466"},
        {"+1212", "+1415", "+1312", "+1617", "+1206", "+1305"},
    };
    private static final int[] LEGIT_RANDOM_DIGITS = {8, 8, 7, 7, 7, 7};
    private static final String[] BRAZIL_AREAS = {"11", "21", "31", "41", "51", "61", "71", "81", "91", "19", "27", "85"};
    private static final Pattern SID = Pattern.compile("\"sid\"\\s*:\\s*\"([^\"]+)\"");

    private static String mixed(String[] args) throws InterruptedException {
        URI[] urls = Arrays.stream(args[0].split(",")).map(URI::create).toArray(URI[]::new);
        int seconds = Integer.parseInt(args[1]);
        int legitRps = Integer.parseInt(args[2]);
        int attackRps = Integer.parseInt(args[3]);
        int verifiedPct = Integer.parseInt(args[4]);
        long verifyFromMillis = Long.parseLong(args[5]) * 1000;
        long verifyToMillis = Long.parseLong(args[6]) * 1000;
        Random random = new Random(42);

        Samples legit = new Samples();
        Samples verifications = new Samples();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<?>> reported = new ArrayList<>();
        Set<String> legitNumbers = new HashSet<>();
        Thread signUps = new Thread(() -> {
            List<CompletableFuture<?>> sends = atFixedRate(1_000_000_000L / legitRps, (long) legitRps * seconds, i -> {
                String receiver = unique(legitNumbers, () -> legitNumber(random, (int) (i % LEGIT_RANGES.length)));
                // exactly VERIFIED_PCT of each country's sign-ups, spread evenly (90: all but every tenth)
                long nth = i / LEGIT_RANGES.length;
                boolean verifies = (nth + 1) * verifiedPct / 100 > nth * verifiedPct / 100;
                long delayMillis = verifyFromMillis + random.nextInt((int) (verifyToMillis - verifyFromMillis) + 1);
                URI verifyAt = urls[(int) ((i + 1) % urls.length)].resolve("/verifications");
                return send(urls[(int) (i % urls.length)], receiver).thenApply(answer -> {
                    Matcher sid = SID.matcher(answer.body());
                    if (verifies && answer.statusCode() == 200 && sid.find()) {
                        CompletableFuture<Object> done = new CompletableFuture<>();
                        synchronized (reported) {
                            reported.add(done);
                        }
                        later.schedule(() -> {
                            long due = System.nanoTime();
                            post(verifyAt, "{\"sid\":\"" + sid.group(1) + "\"}", "application/json").whenComplete((verified, failure) -> {
                                verifications.add(due, verified == null ? -1 : verified.statusCode());
                                done.complete(null);
                            });
                        }, delayMillis, TimeUnit.MILLISECONDS);
                    }
                    return answer;
                });
            }, legit);
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        });

        long attacks = (long) attackRps * seconds;
        long interval = 1_000_000_000L / attackRps;
        Samples premium = new Samples();
        Samples adjacent = new Samples();
        Samples scattered = new Samples();
        Random attackRandom = new Random(7);
        Set<String> scatteredPrefixes = new HashSet<>();
        List<Thread> attackers = List.of(
                attacker(interval, attacks, i -> send(urls[(int) (i % urls.length)],
                        number(PREMIUM, 1_000_000 + attackRandom.nextInt(9_000_000))), premium),
                // consecutive numbers of one prefix (a thousand of them, then the same again)
                attacker(interval, attacks, i -> send(urls[(int) (i % urls.length)], number(ADJACENT, i % 1000)), adjacent),
                attacker(interval, attacks, i -> send(urls[(int) (i % urls.length)],
                        // a new prefix (all but the last 3 digits) each time
                        unique(scatteredPrefixes, () -> SCATTERED + BRAZIL_AREAS[attackRandom.nextInt(BRAZIL_AREAS.length)]
                                + "9" + digits(attackRandom, 5)) + digits(attackRandom, 3)), scattered));

        signUps.start();
        attackers.forEach(Thread::start);
        signUps.join();
        for (Thread attacker : attackers) {
            attacker.join();
        }
        synchronized (reported) {
            CompletableFuture.allOf(reported.toArray(CompletableFuture[]::new)).join();
        }
        return legit.summary("legit_") + " " + verifications.summary("verify_") + " " + premium.summary("premium_")
                + " " + adjacent.summary("adjacent_") + " " + scattered.summary("scattered_")
                + String.format(" legit_first_try_pct=%.2f", 100.0 * legit.ok() / Math.max(1, legit.count()));
    }

    private static Thread attacker(long interval, long total, LongFunction<CompletableFuture<HttpResponse<String>>> task,
            Samples samples) {
        return new Thread(() -> {
            List<CompletableFuture<?>> sends = atFixedRate(interval, total, task, samples);
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        });
    }

    private static String legitNumber(Random random, int country) {
        String[] starts = LEGIT_RANGES[country];
        String start = starts[random.nextInt(starts.length)];
        int count = LEGIT_RANDOM_DIGITS[country];
        if (start.startsWith("+1")) { // the exchange: 2-9, then not 1 (no N11 service codes)
            return start + (2 + random.nextInt(8)) + (2 + random.nextInt(8)) + digits(random, count - 2);
        }
        return start + digits(random, count);
    }

    /** The first value of next not in seen (which remembers it). */
    private static String unique(Set<String> seen, Supplier<String> next) {
        String value;
        do {
            value = next.get();
        } while (!seen.add(value));
        return value;
    }

    private static String digits(Random random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
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
            started.add(task.apply(i).handle((answer, failure) -> samples.add(due, answer)));
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

    /**
     * Answers by status and latency from the due time, in milliseconds; 403s also by the fraud-shield
     * rule their message names.
     */
    static final class Samples {
        private static final Pattern REFUSAL = Pattern.compile(
                "\"message\"\\s*:\\s*\"(receiver is|too many different receivers|too many unverified messages to (?:\\+|[A-Z]{2}\\b))");

        private final List<long[]> rows = new ArrayList<>();
        private final Map<String, Integer> refusedBy = new TreeMap<>();

        synchronized Object add(long due, int status) {
            rows.add(new long[] {System.nanoTime() - due, status});
            return null;
        }

        synchronized Object add(long due, HttpResponse<String> answer) {
            add(due, answer == null ? -1 : answer.statusCode());
            if (answer != null && answer.statusCode() == 403) {
                Matcher named = REFUSAL.matcher(answer.body());
                String rule = !named.find() ? "other"
                        : named.group(1).startsWith("receiver is") ? "number_type"
                        : named.group(1).startsWith("too many different") ? "adjacent"
                        : named.group(1).endsWith("+") ? "unverified_prefix" : "unverified_country";
                refusedBy.merge(rule, 1, Integer::sum);
            }
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
            long s403 = rows.stream().filter(row -> row[1] == 403).count();
            StringBuilder refused = new StringBuilder();
            refusedBy.forEach((rule, count) -> refused.append(refused.isEmpty() ? "" : ",").append(rule).append(':').append(count));
            return String.format("%ssent=%d %sok=%d %s429=%d %s503=%d %s403=%d %sother=%d %serrors=%d %sp50_ms=%.2f %sp99_ms=%.2f %smax_ms=%.2f%s",
                    prefix, rows.size(), prefix, ok, prefix, s429, prefix, s503, prefix, s403, prefix, other - s403, prefix, failed,
                    prefix, percentile(latencies, 50), prefix, percentile(latencies, 99), prefix, percentile(latencies, 100),
                    refused.isEmpty() ? "" : " " + prefix + "refused_by=" + refused);
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
