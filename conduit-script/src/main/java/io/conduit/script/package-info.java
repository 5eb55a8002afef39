/**
 * JavaScript steps for channels: {@code type: script} as a transformer (the script changes
 * {@code msg}) or as a filter or {@code when:} condition (the script returns {@code true} or
 * {@code false}). {@link io.conduit.script.ScriptStepFactory} is the only public type; it is
 * registered with {@link java.util.ServiceLoader}.
 *
 * <h2>Configuration</h2>
 * <pre>
 * - type: script
 *   script: |                               # or  file: scripts/fix-names.js  (inside the config directory)
 *     msg.set('PID-5.1', msg.get('PID-5.1').toUpperCase());
 *   timeout: 1s                             # per message (default 1s)
 *   allowClasses: [java.time.LocalDate]     # Java classes the script may use (default none)
 *   logArguments: false                     # log.* writes arguments as *** unless true
 * </pre>
 * Inline scripts go through the channel file's {@code ${ENV}} substitution: write a template
 * literal's placeholder as {@code $${x}}, or keep the script in a {@code file:}. Every
 * {@code *.js} under {@code <config directory>/scripts/lib/} is a shared library, loaded in
 * file-name order; its functions and top-level values are visible to every script step of that
 * directory, read-only. Scripts and libraries are compiled when the channel loads: a syntax
 * error stops the load with the file and line.
 *
 * <h2>Script API</h2>
 * <ul>
 *   <li>{@code msg.get(path)} — the value (string) or {@code null}; {@code msg.getAll(path)} — an
 *       array of strings for a wildcard path ({@code OBX[*]-5}); {@code msg.count(path)} — how many
 *       segments ({@code OBX}) or field repetitions ({@code PID-3});
 *       {@code msg.paths(path)} — the concrete paths a wildcard path matches;
 *       {@code msg.text()} — the whole message as text.</li>
 *   <li>{@code msg.set(path, value)} — sets a value (every match of a wildcard path; {@code null}
 *       writes an empty value); {@code msg.delete(path)} — removes segments ({@code NTE},
 *       {@code NTE[2]}) or empties a field. Transformers only: the message is immutable, so each
 *       call swaps in a changed copy, and the step returns the last one.</li>
 *   <li>{@code metadata.get(key)} — read-only routing fields: {@code messageType},
 *       {@code controlId}, {@code patientId}, {@code sendingFacility} … (null when absent).</li>
 *   <li>{@code lookup(table, key)} — the value from {@code lookups/<table>.csv|yaml} or
 *       {@code null}; {@code lookup(table, key, fallback)} returns {@code fallback} instead of null.</li>
 *   <li>{@code log.info(format, ...args)}, {@code log.warn(...)} — each {@code {}} takes the next
 *       argument, written as {@code ***} unless {@code logArguments: true}; words of the message
 *       concatenated into the format are masked too. The logger is named
 *       {@code conduit.script.<channel>.<field>[.<step name>]}. The message id is not available.</li>
 *   <li>Nothing else: no Java ({@code Packages}, {@code java}, {@code JavaImporter},
 *       {@code Java.type}, {@code getClass()}), no {@code load}/{@code readFile}/{@code print}, no
 *       file system, network or threads — except the classes {@code allowClasses} lists, used by
 *       full name ({@code java.time.LocalDate.now()}); objects of any other class are refused even
 *       when a listed class returns one.</li>
 * </ul>
 *
 * <h2>Running</h2>
 * Each step is compiled once. Each message runs in a fresh scope on top of a sealed scope shared
 * by all calls, so concurrent calls from any number of (virtual) threads see neither each other's
 * message nor each other's globals. A call that runs past {@code timeout} is stopped (also inside a
 * {@code catch}, a {@code finally} or a backtracking regular expression) and fails its message.
 * Every failure is a {@link io.conduit.core.pipeline.StepException} naming the script
 * ({@code inline script} or its file), the library file when the error came from one, the line and
 * the JavaScript error; words of the message in that text are replaced by {@code ***}. A script
 * failure fails its message, never the channel. Not limited: memory. A script that exhausts the
 * heap fails its message ("ran out of memory"), but other work in the JVM may fail at the same
 * moment — keep scripts reviewed like the rest of the config.
 *
 * <h2>Why Rhino, not GraalJS</h2>
 * Measured with {@code conduit-bench}'s {@code ScriptStepBenchmark} (five field assignments on
 * the 1.9 KB ADT^A01, average per message; Temurin 25, 2 shared cores, all figures from one run):
 * <table>
 *   <caption>Per message, 1 thread (2 threads: within noise of the same)</caption>
 *   <tr><th>engine</th><th>µs</th><th>× Java</th></tr>
 *   <tr><td>the same five assignments in Java (the floor)</td><td>4.2 ± 0.6</td><td>1</td></tr>
 *   <tr><td><b>Rhino 1.9.2, this step</b> (sandbox, time limit, fresh scope)</td><td>5.4 ± 0.4</td><td>1.3</td></tr>
 *   <tr><td>GraalJS 25.0.2, fresh context per message (same isolation)</td><td>171 ± 36</td><td>40</td></tr>
 *   <tr><td>GraalJS 25.0.2, one context per thread reused (globals leak)</td><td>9.2 ± 4.6</td><td>2.2</td></tr>
 * </table>
 * <ul>
 *   <li>GraalJS meets the 50 µs target only by reusing contexts, which gives up per-message
 *       isolation; Rhino meets it with a fresh scope per message, ~1.2 µs over Java.</li>
 *   <li>This JDK has no Graal compiler, so GraalJS runs in Truffle's interpreter ("fallback
 *       runtime"; {@code truffle-runtime} is already on the class path and
 *       {@code -XX:+EnableJVMCI} alone changes nothing: "Libgraal compilation is not available").
 *       Adding the 25 MB {@code org.graalvm.compiler:compiler} jar with {@code -XX:+EnableJVMCI
 *       --upgrade-module-path=…} does enable its JIT (a hot loop ran 6× faster) but the step
 *       stays where it was: 153 µs with a fresh context, 7.2 µs reused — context creation, not
 *       script speed, is the cost.</li>
 *   <li>Cold start (fresh JVM: engine, compile, first message): Rhino 0.49 s, GraalJS 0.78 s;
 *       first 1,000 messages: 0.56 s against 2.2 s.</li>
 *   <li>Size: Rhino is one 1.7 MB jar with no dependencies; GraalJS community is 65 MB in 12 jars
 *       (+25 MB for the compiler).</li>
 *   <li>Sandbox: GraalJS has it built in (host access denied by default,
 *       {@code allowHostClassLookup}, statement limits, {@code Context.interrupt}/{@code close(true)}
 *       from a watchdog; CPU-time and heap limits are Oracle GraalVM only). Rhino's is assembled
 *       here: safe standard objects (no {@code Packages}, {@code java}, {@code JavaImporter}),
 *       a class shutter plus a wrap factory that refuses objects of unlisted classes,
 *       sealed shared scope, and an instruction observer for the time limit. The sandbox tests
 *       ({@code ScriptSandboxTest}) pin each of these down.</li>
 *   <li>Language: GraalJS is current ECMAScript; Rhino 1.9 covers ES5 and much of ES2015+
 *       ({@code let}/{@code const}, arrow functions, template literals, destructuring), which
 *       is what integration scripts use.</li>
 * </ul>
 */
@NullMarked
package io.conduit.script;

import org.jspecify.annotations.NullMarked;
