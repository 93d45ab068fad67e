package io.agentdeck.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that an OpenAI-compatible server answers with the given key and has the given model, for the Settings
 * page's "Test connection". Asks {@code GET {base}/models}; servers without that endpoint get a one-token chat
 * completion instead. The key goes only into the {@code Authorization} header: never into a result or the log.
 */
public final class ConnectionTester {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTester.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_SERVER_TEXT = 200;

    /** What the test found; {@code status} is the HTTP status when the server answered at all. */
    public record Result(boolean ok, OptionalInt status, String message) {
        static Result failed(String message) {
            return new Result(false, OptionalInt.empty(), message);
        }
    }

    /** Never throws: every problem becomes a failed result with a message a person can act on. */
    public Result test(String baseUrl, Optional<String> apiKey, String modelName, Duration timeout) {
        String base = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
        Optional<String> key = apiKey.map(String::strip).filter(k -> !k.isEmpty());
        Optional<URI> modelsUri = parseBaseUrl(base).flatMap(valid -> parseBaseUrl(base + "/models"));
        if (modelsUri.isEmpty()) {
            return Result.failed("Not a valid server URL: '" + base + "'. It looks like http://localhost:11434/v1.");
        }
        Result result;
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            result = attempt(base, timeout, () -> {
                HttpResponse<String> models = client.send(
                        request(modelsUri.get(), key, timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (models.statusCode() == 404 || models.statusCode() == 405) {
                    return chat(client, base, key, modelName, timeout);
                }
                return fromModels(models, modelName);
            });
        }
        return hideKey(result, key);
    }

    private static Result attempt(String base, Duration timeout, Callable<Result> call) {
        try {
            return call.call();
        } catch (HttpTimeoutException e) {
            return Result.failed("Timed out after " + seconds(timeout) + ": " + base + " did not answer.");
        } catch (ConnectException e) {
            return Result.failed("Cannot connect to " + base + ": connection refused. Is the server running?");
        } catch (UnknownHostException e) {
            return Result.failed("Cannot connect to " + base + ": unknown host.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("The connection test was interrupted.");
        } catch (IOException e) {
            String cause = rootMessage(e);
            return Result.failed("Cannot connect to " + base + ": " + cause);
        } catch (IllegalArgumentException e) {
            return Result.failed("Not a valid server URL: '" + base + "'.");
        } catch (Exception e) {
            LOG.warn("The connection test to {} failed unexpectedly", base, e);
            return Result.failed("The connection test failed: " + e.getClass().getSimpleName());
        }
    }

    private static Result fromModels(HttpResponse<String> response, String modelName) {
        int status = response.statusCode();
        if (status != 200) {
            return httpFailure(response);
        }
        Optional<List<String>> ids = modelIds(response.body());
        if (ids.isEmpty()) {
            return new Result(
                    false,
                    OptionalInt.of(status),
                    "The server answered 200, but not with a model list: is this the API's base URL (often ending in"
                            + " /v1)?");
        }
        List<String> models = ids.get();
        if (!models.contains(modelName)) {
            return new Result(
                    false,
                    OptionalInt.of(status),
                    "Connected, but model '%s' is not found on the server (it offers %s)."
                            .formatted(modelName, summary(models)));
        }
        return new Result(
                true,
                OptionalInt.of(status),
                "Connected: %d, model %s is available (%d %s)."
                        .formatted(status, modelName, models.size(), models.size() == 1 ? "model" : "models"));
    }

    private static Result chat(HttpClient client, String base, Optional<String> key, String modelName, Duration timeout)
            throws IOException, InterruptedException {
        var body = MAPPER.createObjectNode().put("model", modelName).put("max_tokens", 1);
        body.putArray("messages").addObject().put("role", "user").put("content", "ping");
        HttpResponse<String> response = client.send(
                request(URI.create(base + "/chat/completions"), key, timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
            return new Result(
                    true,
                    OptionalInt.of(200),
                    "Connected: 200, model %s answered a test message.".formatted(modelName));
        }
        if (response.statusCode() == 404) {
            return new Result(
                    false,
                    OptionalInt.of(404),
                    "Model '%s' not found on the server: %s".formatted(modelName, serverText(response)));
        }
        return httpFailure(response);
    }

    private static HttpRequest.Builder request(URI uri, Optional<String> key, Duration timeout) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        key.ifPresent(k -> builder.header("Authorization", "Bearer " + k));
        return builder;
    }

    private static Result httpFailure(HttpResponse<String> response) {
        int status = response.statusCode();
        String hint = switch (status) {
            case 401 -> " Check the API key.";
            case 403 -> " The key may lack access to this model or endpoint.";
            case 429 -> " Try again later or check your quota.";
            default -> "";
        };
        return new Result(
                false,
                OptionalInt.of(status),
                "%d %s: %s%s".formatted(status, reason(status), serverText(response), hint));
    }

    /** The OpenAI error shape's {@code error.message}, else the start of the body. */
    private static String serverText(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        try {
            JsonNode message = MAPPER.readTree(body).path("error").path("message");
            if (message.isTextual() && !message.asText().isBlank()) {
                return shorten(message.asText().strip());
            }
        } catch (IOException | RuntimeException notJson) {
            // Plain text or HTML: shown as it is, shortened.
        }
        return body.isEmpty() ? "(no message)" : shorten(body.replaceAll("\\s+", " "));
    }

    private static Optional<List<String>> modelIds(String body) {
        try {
            JsonNode data = MAPPER.readTree(body).path("data");
            if (!data.isArray()) {
                return Optional.empty();
            }
            List<String> ids = new ArrayList<>();
            data.forEach(model -> {
                if (model.path("id").isTextual()) {
                    ids.add(model.path("id").asText());
                }
            });
            return Optional.of(ids);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String summary(List<String> models) {
        if (models.isEmpty()) {
            return "no models";
        }
        List<String> shown = models.stream().limit(5).toList();
        return String.join(", ", shown) + (models.size() > shown.size() ? ", …" : "");
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "HTTP error";
        };
    }

    /** A server may quote the key back (e.g. "Incorrect API key provided: sk-…"); it must not reach the screen. */
    private static Result hideKey(Result result, Optional<String> key) {
        if (key.isEmpty() || !result.message().contains(key.get())) {
            return result;
        }
        return new Result(result.ok(), result.status(), result.message().replace(key.get(), "[your key]"));
    }

    /** The URL when it is an absolute http or https URL naming a host; shared with the Settings page's checks. */
    public static Optional<URI> parseBaseUrl(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean usable = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
            return usable ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused. Is the server running?";
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : "%.1f s".formatted(millis / 1000.0);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SERVER_TEXT ? text : text.substring(0, MAX_SERVER_TEXT) + "…";
    }
}
