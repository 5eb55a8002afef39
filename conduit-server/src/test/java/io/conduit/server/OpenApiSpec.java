package io.conduit.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The control plane's OpenAPI document as the server ships it (classpath {@code api/openapi.yaml}), read with SnakeYAML. */
final class OpenApiSpec {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * One documented operation.
     *
     * @param role     its {@code x-conduit-role}, or null when it declares none
     * @param isPublic whether it declares {@code security: []}
     */
    record Operation(String method, String path, @Nullable String role, boolean isPublic, Map<String, Object> definition) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private OpenApiSpec() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> document() {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream("/api/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("api/openapi.yaml is not on the classpath");
            }
            return (Map<String, Object>) new Yaml(new LoaderOptions()).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Operation> operations() {
        List<Operation> list = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) document().get("paths");
        for (Map.Entry<String, Object> path : paths.entrySet()) {
            for (Map.Entry<String, Object> op : ((Map<String, Object>) path.getValue()).entrySet()) {
                if (!METHODS.contains(op.getKey())) {
                    continue; // path-level parameters, summary …
                }
                Map<String, Object> definition = (Map<String, Object>) op.getValue();
                Object security = definition.get("security");
                boolean isPublic = security instanceof List<?> l && l.isEmpty();
                list.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), (String) definition.get("x-conduit-role"),
                        isPublic, definition));
            }
        }
        return list;
    }
}
