package io.conduit.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * K simulated dashboards against an engine's HTTP port, each polling as an open dashboard does
 * ({@code conduit-server/src/main/resources/dashboard/app.js}, {@code ctx.poll}: call, then wait
 * the period after the answer): {@code GET /api/v1/channels} and {@code GET /api/v1/queues} every
 * 2 s, {@code GET /api/v1/messages?limit=50} every 5 s (the message browser with auto refresh).
 * Each dashboard is its own HTTP client (its own keep-alive connection, like a browser) and its
 * own login, and starts at a random point of the period, so K dashboards do not poll in step.
 *
 * <p>Authentication as the real dashboard ({@code session}: the cookie of
 * {@code POST /api/v1/session}) or as a script ({@code token}: {@code Authorization: Bearer} with
 * a token made through {@code POST /api/v1/tokens}). Logging in (Argon2) happens in
 * {@link #login}, before the measured phase; {@link #start} only polls.
 */
final class DashboardLoad implements AutoCloseable {

    /** One polled endpoint: its path, period, and what the dashboards saw. */
    static final class Endpoint {
        final String path;
        final Duration period;
        final Histogram latency = new Histogram(60_000_000_000L, 3);
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();

        Endpoint(String path, Duration period) {
            this.path = path;
            this.period = period;
        }
    }

    /** The sum of several runs' endpoints, by path. */
    static final class Totals {
        private final Map<String, Endpoint> byPath = new LinkedHashMap<>();

        void add(DashboardLoad load) {
            for (Endpoint e : load.endpoints) {
                Endpoint total = byPath.computeIfAbsent(e.path, p -> new Endpoint(p, e.period));
                synchronized (e.latency) {
                    total.latency.add(e.latency);
                }
                total.requests.addAndGet(e.requests.get());
                total.failures.addAndGet(e.failures.get());
            }
        }

        boolean isEmpty() {
            return byPath.isEmpty();
        }

        void report(int dashboards) {
            print(List.copyOf(byPath.values()), dashboards);
        }
    }

    private static final Pattern CSRF = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern COOKIE = Pattern.compile("conduit_session=([^;]*)");

    private final List<Endpoint> endpoints = List.of(
            new Endpoint("/api/v1/channels", Duration.ofSeconds(2)),
            new Endpoint("/api/v1/queues", Duration.ofSeconds(2)),
            new Endpoint("/api/v1/messages?limit=50", Duration.ofSeconds(5)));
    private final String base;
    private final List<HttpClient> clients = new ArrayList<>();
    /** Per dashboard: the header name and value that authenticate it. */
    private final List<String[]> credentials = new ArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running;
    private boolean closed;

    private DashboardLoad(String base) {
        this.base = base;
    }

    /**
     * Opens {@code count} dashboards, each logged in as {@code admin}.
     *
     * @param auth {@code session} (cookie, as the dashboard) or {@code token} (one API token per dashboard)
     */
    static DashboardLoad login(int httpPort, int count, String password, String auth) throws IOException, InterruptedException {
        DashboardLoad load = new DashboardLoad("http://127.0.0.1:" + httpPort);
        for (int i = 0; i < count; i++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(load.base + "/api/v1/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + password + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IOException("login answered " + login.statusCode() + ": " + login.body());
            }
            String cookie = "conduit_session=" + find(COOKIE, login.headers().firstValue("Set-Cookie").orElse(""), "session cookie");
            if (auth.equals("token")) {
                HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(load.base + "/api/v1/tokens"))
                        .header("Content-Type", "application/json").header("Cookie", cookie)
                        .header("X-CSRF-Token", find(CSRF, login.body(), "csrfToken"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"dashboard load " + i + "\",\"role\":\"viewer\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() != 201) {
                    throw new IOException("POST /api/v1/tokens answered " + created.statusCode() + ": " + created.body());
                }
                load.credentials.add(new String[] {"Authorization", "Bearer " + find(TOKEN, created.body(), "token")});
            } else if (auth.equals("session")) {
                load.credentials.add(new String[] {"Cookie", cookie});
            } else {
                throw new IllegalArgumentException("--dashboard-auth is session or token, not " + auth);
            }
            load.clients.add(client);
        }
        return load;
    }

    private static String find(Pattern pattern, String text, String what) throws IOException {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IOException("no " + what + " in " + text);
        }
        return m.group(1);
    }

    /** Starts polling: one virtual thread per dashboard and endpoint, as the dashboard's independent pollers. */
    void start() {
        running = true;
        for (int d = 0; d < clients.size(); d++) {
            HttpClient client = clients.get(d);
            String[] credential = credentials.get(d);
            for (Endpoint e : endpoints) {
                long offset = ThreadLocalRandom.current().nextLong(e.period.toNanos());
                pollers.add(Thread.ofVirtual().start(() -> poll(client, credential, e, offset)));
            }
        }
    }

    private void poll(HttpClient client, String[] credential, Endpoint e, long offsetNanos) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + e.path)).header(credential[0], credential[1])
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            Thread.sleep(Duration.ofNanos(offsetNanos));
            while (running) {
                long start = System.nanoTime();
                try {
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        e.failures.incrementAndGet();
                    }
                } catch (IOException ex) {
                    e.failures.incrementAndGet();
                }
                synchronized (e.latency) {
                    e.latency.recordValue(System.nanoTime() - start);
                }
                e.requests.incrementAndGet();
                Thread.sleep(e.period);
            }
        } catch (InterruptedException ex) {
            // stopped
        }
    }

    /** Requests made so far, over every endpoint. */
    long requests() {
        return endpoints.stream().mapToLong(e -> e.requests.get()).sum();
    }

    /** Prints each endpoint's request count, failures and latency. */
    void report(int dashboards) {
        print(endpoints, dashboards);
    }

    private static void print(List<Endpoint> endpoints, int dashboards) {
        for (Endpoint e : endpoints) {
            synchronized (e.latency) {
                System.out.printf("         %d dashboard(s) GET %-26s %5d requests, %d failed, p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms%n",
                        dashboards, e.path, e.requests.get(), e.failures.get(), e.latency.getValueAtPercentile(50) / 1e6,
                        e.latency.getValueAtPercentile(99) / 1e6, e.latency.getMaxValue() / 1e6);
            }
        }
    }

    /** Stops polling (a request in flight is abandoned) and closes the clients. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        for (Thread t : pollers) {
            t.interrupt();
        }
        for (Thread t : pollers) {
            t.join();
        }
        clients.forEach(HttpClient::close);
    }
}
