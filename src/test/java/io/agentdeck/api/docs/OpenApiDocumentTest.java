package io.agentdeck.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentdeck.api.ApiConfig;
import io.agentdeck.api.ApiServer;
import io.agentdeck.api.security.ApiSecurity;
import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.javalin.websocket.WsHandlerEntry;
import io.javalin.websocket.WsHandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The OpenAPI document describes exactly the routes the real app registers, and is well-formed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@AppTest(shared = true, initialized = false)
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /**
     * Documented routes that need not be Javalin routes: Socket.IO's Engine.IO endpoint (long polling and the
     * WebSocket upgrade) is served by its own servlet beside Javalin's, so Javalin's router does not list it.
     */
    private static final Set<String> SERVED_OUTSIDE_JAVALIN = Set.of("GET /socket.io", "POST /socket.io");

    @FromApp
    private TestApp app;

    private JsonNode document;

    @BeforeAll
    void readDocument() throws IOException {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(DocsRoutes.DOCUMENT)) {
            assertThat(in).as("the bundled document").isNotNull();
            document = JSON.readTree(in);
        }
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteExists() {
        Set<String> registered = registeredRoutes();
        Set<String> documented = documentedRoutes();

        assertThat(registered).as("routes Javalin serves").contains("GET /", "POST /v1/chat/completions", "GET /ws");
        Set<String> phantom = difference(documented, registered);
        phantom.removeAll(SERVED_OUTSIDE_JAVALIN);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(new TreeSet<>(difference(registered, documented)))
                    .as("registered routes missing from the OpenAPI document")
                    .isEmpty();
            softly.assertThat(new TreeSet<>(phantom))
                    .as("documented routes that the app does not register")
                    .isEmpty();
        });
    }

    @Test
    void theDocumentIsOpenApi31AndEveryReferenceResolves() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("a local reference").startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode())
                    .as("%s resolves", ref)
                    .isFalse();
        }
        for (String schema : List.of(
                "Agent", "AgentDetail", "AgentStatus", "Message", "Reply", "Task", "Conversation", "Error", "Status")) {
            assertThat(document.at("/components/schemas/" + schema).isObject())
                    .as("schema %s", schema)
                    .isTrue();
        }
    }

    @Test
    void bearerAuthAppliesEverywhereButTheHealthCheck() {
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearerAuth")).isTrue();
        document.path("paths")
                .properties()
                .forEach(path -> operations(path.getValue()).forEach((method, operation) -> {
                    JsonNode security = operation.get("security");
                    boolean health = (path.getKey().equals("/") || path.getKey().startsWith("/api/health/"))
                            && method.equals("get");
                    if (health) {
                        assertThat(security)
                                .as("GET %s is public", path.getKey())
                                .isNotNull()
                                .isEmpty();
                    } else if (security != null) {
                        assertThat(security.findValues("bearerAuth"))
                                .as("%s %s accepts the bearer token", method, path.getKey())
                                .isNotEmpty();
                    }
                }));
    }

    @Test
    void operationIdsAreUniqueAndPathParametersAreDeclared() {
        Set<String> ids = new HashSet<>();
        Pattern param = Pattern.compile("\\{([^}]+)}");
        document.path("paths")
                .properties()
                .forEach(path -> operations(path.getValue()).forEach((method, operation) -> {
                    assertThat(ids.add(operation.path("operationId").asText()))
                            .as("operationId of %s %s is unique", method, path.getKey())
                            .isTrue();
                    assertThat(operation.path("responses").size()).isPositive();
                    var names = new HashSet<String>();
                    operation
                            .path("parameters")
                            .forEach(p -> names.add(resolve(p).path("name").asText()));
                    param.matcher(path.getKey())
                            .results()
                            .forEach(match -> assertThat(names)
                                    .as("%s %s declares {%s}", method, path.getKey(), match.group(1))
                                    .contains(match.group(1)));
                }));
    }

    @Test
    void theDocumentAndTheDocsPageAreServedWithTheToken() throws IOException {
        var served = app.http().get("/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        JsonNode json = served.json();
        assertThat(json.path("paths")).isEqualTo(document.path("paths"));
        assertThat(json.at("/info/version").asText()).isEqualTo("test");

        var anonymous = app.http().withoutToken();
        assertThat(anonymous.get("/docs").status()).isEqualTo(401);
        assertThat(anonymous.get("/openapi.json").status()).isEqualTo(401);
        assertThat(anonymous.get("/openapi.json?token=" + app.token()).status()).isEqualTo(200);

        var page = anonymous.get("/docs?token=" + app.token());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body())
                .contains("/openapi.json")
                .contains("token")
                .doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
                .doesNotContainPattern("@import|url\\(");
    }

    /** Every (method, path) Javalin routes: HTTP endpoints, and WebSocket handlers as the GET they upgrade. */
    private Set<String> registeredRoutes() {
        ApiConfig config = new ApiConfig("test", ApiSecurity.forBind("127.0.0.1", Optional.empty(), RateLimit.DEFAULT));
        Javalin javalin = ApiServer.create(app.engine(), config);
        try {
            javalin.start("127.0.0.1", 0);
            Set<String> routes = new HashSet<>();
            for (ParsedEndpoint parsed : javalin.unsafe.internalRouter.allHttpHandlers()) {
                if (parsed.endpoint.method.isHttpMethod()) {
                    routes.add(route(parsed.endpoint.method.name(), parsed.endpoint.path));
                }
            }
            for (WsHandlerEntry ws : javalin.unsafe.internalRouter.allWsHandlers()) {
                if (ws.getType() == WsHandlerType.WEBSOCKET) {
                    routes.add(route("GET", ws.getPath()));
                }
            }
            return routes;
        } finally {
            javalin.stop();
        }
    }

    private Set<String> documentedRoutes() {
        Set<String> routes = new HashSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> operations(path.getValue())
                        .keySet()
                        .forEach(method -> routes.add(route(method, path.getKey()))));
        return routes;
    }

    private static Map<String, JsonNode> operations(JsonNode pathItem) {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        pathItem.properties().forEach(entry -> {
            if (METHODS.contains(entry.getKey())) {
                operations.put(entry.getKey(), entry.getValue());
            }
        });
        return operations;
    }

    /** One spelling for both sides: upper-case method, {param} and <param> alike, no trailing slash. */
    private static String route(String method, String path) {
        String normalized = path.replaceAll("\\{[^}]*}|<[^>]*>", "{}");
        if (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return method.toUpperCase(Locale.ROOT) + " " + normalized;
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref") && entry.getValue().isTextual()) {
                    refs.add(entry.getValue().asText());
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }
}
