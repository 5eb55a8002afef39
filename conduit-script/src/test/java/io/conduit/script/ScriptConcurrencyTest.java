package io.conduit.script;

import static io.conduit.script.Fixture.inline;
import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.pipeline.Condition;
import io.conduit.core.pipeline.Transformer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One compiled step serves many threads at once; no call sees another's message or globals. */
class ScriptConcurrencyTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void script_calledFrom16ThreadsAtOnce_givesEachMessageItsOwnResult(boolean virtual) throws Exception {
        Fixture fixture = new Fixture(dir).write("scripts/lib/util.js", "function tag(id) { return 'T' + id; }\n");
        Transformer step = fixture.transformer(inline("""
                var id = msg.get('PID-3.1');
                total = (typeof total === 'undefined' ? 0 : total) + 1;
                for (var i = 0; i < 50; i++) { msg.set('PID-5.2', 'N' + i); }
                msg.set('PID-5.1', msg.get('PID-5.1').toUpperCase() + '-' + id);
                msg.set('ZPI-1', tag(id) + '/' + total + '/' + lookup('sex', msg.get('PID-8')));
                """));
        Condition condition = fixture.condition(inline("return Number(msg.get('PID-3.1')) % 2 === 0;"));
        int threads = 16;
        int perThread = 100;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        try (ExecutorService pool = virtual ? Executors.newVirtualThreadPerTaskExecutor() : Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> problems = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String id = String.valueOf(thread * 1000 + i);
                        ParsedMessage out = step.transform(Fixture.adt(id, "family" + id));
                        check(problems, out.get("PID-5.1").orElse(""), "FAMILY" + id + "-" + id);
                        check(problems, out.get("PID-5.2").orElse(""), "N49");
                        check(problems, out.get("ZPI-1").orElse(""), "T" + id + "/1/female");
                        if (condition.test(out) != (Integer.parseInt(id) % 2 == 0)) {
                            problems.add("condition wrong for " + id);
                        }
                    }
                    return problems;
                }));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        }
    }

    private static void check(List<String> problems, String actual, String expected) {
        if (!actual.equals(expected)) {
            problems.add("expected " + expected + " but got " + actual);
        }
    }
}
