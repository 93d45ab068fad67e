package io.agentdeck.api.security;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What only admins may do on a team's server: change what everybody shares (agents, tools and their policies, MCP
 * servers, models, knowledge collections), manage users, and read the metrics. Members chat, run tasks and
 * workflows, answer approvals (once: remembering an answer sets a policy, refused to members by the approval route) and
 * add documents; what each of them owns, and may see, is told apart by the routes (the API's {@code Owners}).
 */
final class AdminOnly {
    private static final List<Rule> RULES = List.of(
            new Rule("GET", "/metrics"),
            new Rule("GET|POST", "/api/users"),
            new Rule("POST", "/api/init"),
            new Rule("POST", "/api/agents/create"),
            new Rule("PATCH|PUT|DELETE", "/api/agents/[^/]+(/tools|/collections)?"),
            // Stops everything the agent does, for every user.
            new Rule("POST", "/api/agents/[^/]+/cancel"),
            new Rule("POST|PUT|PATCH|DELETE", "/api/mcp/.*"),
            new Rule("POST|DELETE", "/api/models(/.*)?"),
            new Rule("PUT|DELETE", "/api/tools/.*|/api/tool-policies"),
            new Rule("POST", "/api/knowledge/collections"),
            new Rule("DELETE", "/api/knowledge/collections/[^/]+"));

    private AdminOnly() {}

    static boolean covers(String method, String path) {
        String upper = method.toUpperCase(Locale.ROOT);
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return RULES.stream().anyMatch(rule -> rule.matches(upper, trimmed));
    }

    private record Rule(Pattern methods, Pattern paths) {
        Rule(String methods, String paths) {
            this(Pattern.compile(methods), Pattern.compile(paths));
        }

        boolean matches(String method, String path) {
            return methods.matcher(method).matches() && paths.matcher(path).matches();
        }
    }
}
