package io.agentdeck.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback serving files from memory, as a model host would: {@code Content-Length}, range
 * requests answered with 206, the body sent in 16 KB pieces with a pause between them (so a download has progress to
 * report), and, when asked, a connection dropped after some bytes — once — to play a download cut short.
 */
public final class FileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int PIECE = 16 * 1024;

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Long> cutAfter = new ConcurrentHashMap<>();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile long pauseMillis = 2;

    public FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
        server.start();
    }

    public URI put(String name, byte[] content) {
        files.put("/" + name, content);
        return uri(name);
    }

    public URI uri(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    /** The next request for {@code name} stops after {@code bytes} bytes of its body, and the connection drops. */
    public void cutOnce(String name, long bytes) {
        cutAfter.put("/" + name, bytes);
    }

    public void pauseBetweenPieces(long millis) {
        pauseMillis = millis;
    }

    /** The {@code Range} headers received, in order ("" for a request without one). */
    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] file = files.get(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(range == null ? "" : range);
            int from = 0;
            if (range != null) {
                Matcher matcher = RANGE.matcher(range);
                if (matcher.matches()) {
                    from = (int) Math.min(Long.parseLong(matcher.group(1)), file.length);
                }
            }
            int length = file.length - from;
            if (range != null) {
                exchange.getResponseHeaders()
                        .add("Content-Range", "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
            }
            exchange.sendResponseHeaders(range != null ? 206 : 200, length);
            Long cut = cutAfter.remove(exchange.getRequestURI().getPath());
            OutputStream out = exchange.getResponseBody();
            int sent = 0;
            while (sent < length) {
                int piece = Math.min(PIECE, length - sent);
                if (cut != null && sent + piece > cut) {
                    out.write(file, from + sent, (int) (cut - sent));
                    out.flush();
                    throw new IOException("cut on purpose"); // the connection closes without the rest
                }
                out.write(file, from + sent, piece);
                out.flush();
                sent += piece;
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
