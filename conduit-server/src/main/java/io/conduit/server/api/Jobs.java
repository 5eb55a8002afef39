package io.conduit.server.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long operations the API answers at once and runs in the background (bulk resend), with
 * progress the dashboard polls. Jobs live in memory; finished ones are forgotten after an hour or
 * when more than 100 are kept. Thread-safe.
 */
final class Jobs {

    private static final int MAX_KEPT = 100;
    private static final int MAX_ERRORS = 20;

    /** One job's progress; the runner updates it, readers copy it. */
    static final class Job {
        final String id = UUID.randomUUID().toString();
        final String kind;
        final String startedBy;
        final Instant startedAt = Instant.now();
        final AtomicInteger total = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final List<String> errors = new ArrayList<>();
        private volatile String state = "RUNNING";
        private volatile Instant finishedAt;

        Job(String kind, String startedBy) {
            this.kind = kind;
            this.startedBy = startedBy;
        }

        synchronized void error(String text) {
            failed.incrementAndGet();
            if (errors.size() < MAX_ERRORS) {
                errors.add(text);
            }
        }

        void finish(String finalState) {
            finishedAt = Instant.now();
            state = finalState;
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("kind", kind);
            view.put("state", state);
            view.put("startedBy", startedBy);
            view.put("startedAt", startedAt.toString());
            view.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            view.put("total", total.get());
            view.put("done", done.get());
            view.put("failed", failed.get());
            view.put("errors", List.copyOf(errors));
            return view;
        }
    }

    /** The work of a job; it reports progress on the job it is given. */
    interface Work {
        void run(Job job) throws Exception;
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    Job start(String kind, String startedBy, Work work) {
        forgetOld();
        Job job = new Job(kind, startedBy);
        jobs.put(job.id, job);
        Thread.ofVirtual().name("conduit-job-" + kind).start(() -> {
            try {
                work.run(job);
                job.finish("DONE");
            } catch (Exception e) {
                job.error("stopped: " + e.getMessage());
                job.finish("FAILED");
            }
        });
        return job;
    }

    /** Whether a job of this kind is running. */
    boolean running(String kind) {
        return jobs.values().stream().anyMatch(j -> j.kind.equals(kind) && "RUNNING".equals(j.state));
    }

    Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void forgetOld() {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(hourAgo));
        if (jobs.size() >= MAX_KEPT) {
            jobs.values().stream().filter(j -> j.finishedAt != null).sorted((a, b) -> a.finishedAt.compareTo(b.finishedAt))
                    .limit(jobs.size() - MAX_KEPT + 1L).toList().forEach(j -> jobs.remove(j.id));
        }
    }
}
