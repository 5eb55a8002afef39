package io.conduit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conduit.core.runtime.HttpSettings;
import io.conduit.server.ApiClient.Reply;
import io.conduit.server.auth.Role;
import io.conduit.server.http.HttpServer;
import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code openapi.yaml} and the server agree: the document is OpenAPI 3.1 and names a role (or
 * {@code security: []}) for every operation; every documented operation is served (a request
 * without credentials gets neither 404 nor 405, and a guarded one gets 401); and, the other way
 * round, every route the running server registered is documented with the role it enforces.
 *
 * <p>The server's routes are read from Javalin 7's router ({@code Javalin.unsafe.internalRouter
 * .allHttpHandlers()}, each endpoint with its {@link Roles} metadata). {@link HttpServer} keeps its
 * {@code Javalin} private, so the test reaches it by reflection; if that field is renamed the test
 * fails loudly rather than passing vacuously.
 */
class OpenApiDocumentTest {

    /** Routes that serve the documentation itself or redirect to the dashboard; they are not API operations. */
    private static final Set<String> UNDOCUMENTED_BY_DESIGN = Set.of("GET /", "GET /api/openapi.json", "GET /api/docs");

    @TempDir
    static Path temp;

    static EngineHarness h;
    static HttpServer http;
    static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        h = new EngineHarness(temp).channel("feed", """
                dataType: hl7v2
                source: {type: mllp, host: 127.0.0.1, port: 0}
                destinations: [{name: out, type: file, directory: out}]
                """);
        h.start();
        http = HttpServer.start(h.engine, new HttpSettings(true, "127.0.0.1", 0),
                name -> name.equals("CONDUIT_ADMIN_PASSWORD") ? "admin passphrase for tests" : null);
        api = new ApiClient(http.port());
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void document_isOpenApi31_withInfoPathsAndSecuritySchemes() {
        Map<String, Object> doc = OpenApiSpec.document();
        assertThat(doc.get("openapi")).asString().startsWith("3.1.");
        assertThat(doc).containsKeys("info", "paths", "components");
        @SuppressWarnings("unchecked")
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        @SuppressWarnings("unchecked")
        Map<String, Object> schemes = (Map<String, Object>) components.get("securitySchemes");
        assertThat(schemes).containsKeys("bearer", "session");
        assertThat(OpenApiSpec.operations()).hasSizeGreaterThan(30);
    }

    @Test
    void servedOpenApiJson_isTheSameDocument() {
        Reply served = api.call("GET", "/api/openapi.json").send().expect(200);
        JsonNode json = served.json();
        assertThat(json.get("openapi").asText()).isEqualTo(OpenApiSpec.document().get("openapi"));
        assertThat(json.get("paths").size()).isEqualTo(((Map<?, ?>) OpenApiSpec.document().get("paths")).size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyOperation_declaresARoleOrNoSecurity(OpenApiSpec.Operation op) {
        assertThat(op.role() != null || op.isPublic())
                .as("%s declares x-conduit-role or security: []", op).isTrue();
        assertThat(op.role() != null && op.isPublic()).as("%s declares both a role and security: []", op).isFalse();
        if (op.role() != null) {
            assertThat(Role.parse(op.role())).as("%s: x-conduit-role %s", op, op.role()).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyOperation_isServed_andAGuardedOneAsksForCredentials(OpenApiSpec.Operation op) {
        String path = op.path().replaceAll("\\{[^}]+}", "0000000000001");
        Reply reply = api.call(op.method(), path).json(op.method().equals("GET") || op.method().equals("DELETE") ? null : "{}").send();
        assertThat(reply.status()).as("%s answered %s", op, reply.body()).isNotIn(404, 405).isLessThan(500);
        if (op.role() != null) {
            reply.expectProblem(401);
        } else {
            assertThat(reply.status()).as("%s is public: %s", op, reply.body()).isNotIn(401, 403);
        }
    }

    static Stream<OpenApiSpec.Operation> operations() {
        return OpenApiSpec.operations().stream();
    }

    @Test
    void everyRegisteredRoute_isDocumented_withTheRoleItEnforces() throws Exception {
        Map<String, String> documented = new TreeMap<>();
        for (OpenApiSpec.Operation op : OpenApiSpec.operations()) {
            documented.put(op.method() + " " + op.path(), op.role() == null ? "" : op.role());
        }
        Map<String, String> served = new TreeMap<>();
        for (ParsedEndpoint parsed : routes(http)) {
            Endpoint e = parsed.endpoint;
            if (!e.method.isHttpMethod()) {
                continue; // before/after filters
            }
            Roles roles = e.metadata(Roles.class);
            Set<RouteRole> set = roles == null ? Set.of() : roles.getRoles();
            assertThat(set).as("%s %s names at most one role", e.method, e.path).hasSizeLessThanOrEqualTo(1);
            served.put(e.method.name() + " " + e.path, set.isEmpty() ? "" : ((Role) set.iterator().next()).id());
        }
        assertThat(served).as("the router lists the API").containsKey("GET /api/v1/channels");

        Set<String> undocumented = new TreeSet<>(served.keySet());
        undocumented.removeAll(documented.keySet());
        undocumented.removeAll(UNDOCUMENTED_BY_DESIGN);
        assertThat(undocumented).as("routes the server registers but openapi.yaml does not describe").isEmpty();

        Set<String> unserved = new TreeSet<>(documented.keySet());
        unserved.removeAll(served.keySet());
        assertThat(unserved).as("operations openapi.yaml describes but the server does not register").isEmpty();

        for (Map.Entry<String, String> route : served.entrySet()) {
            if (!route.getValue().isEmpty()) {
                assertThat(documented.get(route.getKey())).as("x-conduit-role of %s", route.getKey()).isEqualTo(route.getValue());
            }
        }
    }

    /** The running server's HTTP routes, from Javalin's router. */
    private static List<ParsedEndpoint> routes(HttpServer server) throws ReflectiveOperationException {
        var field = HttpServer.class.getDeclaredField("app");
        field.setAccessible(true);
        Javalin app = (Javalin) field.get(server);
        return app.unsafe.internalRouter.allHttpHandlers();
    }
}
