package io.conduit.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document ({@code api/openapi.yaml} on the class path, written by hand next to the
 * routes and kept in step with them by a test) served as JSON, and the Swagger UI page that
 * browses it. Swagger UI comes from its WebJar, served under {@code /webjars/}.
 */
final class ApiDocs {

    private final String json;
    private final String page;

    private ApiDocs(String json, String page) {
        this.json = json;
        this.page = page;
    }

    static ApiDocs load() {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/api/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("api/openapi.yaml is missing from the class path");
            }
            Object document = new Yaml(new LoaderOptions()).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String json = new ObjectMapper().writeValueAsString(document);
            return new ApiDocs(json, page(swaggerUiVersion()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read api/openapi.yaml", e);
        }
    }

    String json() {
        return json;
    }

    String page() {
        return page;
    }

    private static String swaggerUiVersion() throws IOException {
        try (InputStream in = ApiDocs.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui WebJar is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    /** No inline script: the page's CSP allows scripts from this origin only, so the start-up code is a file. */
    private static String page(String version) {
        String base = "/webjars/swagger-ui/" + version + "/";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Conduit API</title>
                  <link rel="stylesheet" href="%sswagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%sswagger-ui-bundle.js"></script>
                  <script src="/ui/api-docs.js"></script>
                </body>
                </html>
                """.formatted(base, base);
    }
}
