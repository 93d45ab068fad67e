package io.agentdeck.api;

import io.agentdeck.api.security.Caller;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.engine.account.AccountService;
import io.agentdeck.engine.account.NewToken;
import io.agentdeck.engine.account.Role;
import io.agentdeck.engine.account.TokenInfo;
import io.agentdeck.engine.account.User;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts of a team's server: admins add users and manage everybody's tokens; a member sees and manages their
 * own tokens. A token's secret is in the answer that made it, and never again. Who may list and add users is
 * decided by the security filter; whose tokens a member may touch, here (someone else's are not found).
 */
final class UserRoutes implements ApiModule {
    private final Optional<AccountService> accounts;
    private final RequestReader reader;

    UserRoutes(Optional<AccountService> accounts, RequestReader reader) {
        this.accounts = accounts;
        this.reader = reader;
    }

    @Override
    public void register(JavalinConfig config) {
        RoutesConfig routes = config.routes;
        routes.get("/api/users/me", this::me);
        routes.get("/api/users", this::users);
        routes.post("/api/users", this::addUser);
        routes.get("/api/users/{id}/tokens", this::tokens);
        routes.post("/api/users/{id}/tokens", this::createToken);
        routes.delete("/api/users/{id}/tokens/{token_id}", this::revokeToken);
    }

    private void me(Context ctx) {
        Caller caller = Caller.of(ctx);
        if (caller.user().isPresent()) {
            ctx.json(user(caller.user().get()));
            return;
        }
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("name", "operator");
        operator.put("role", Role.ADMIN.wireName());
        operator.put("operator", true);
        ctx.json(operator);
    }

    private void users(Context ctx) {
        ctx.json(
                Map.of("users", service().users().stream().map(UserRoutes::user).toList()));
    }

    private void addUser(Context ctx) throws IOException {
        RequestReader.JsonBody body = reader.body(ctx);
        Role role = body.optionalText("role").map(Role::fromWire).orElse(Role.MEMBER);
        var added = service().addUser(body.requiredText("name"), role);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", user(added.user()));
        answer.put("token", newToken(added.token()));
        ctx.status(201).json(answer);
    }

    private void tokens(Context ctx) {
        long id = ownedUserId(ctx);
        ctx.json(Map.of(
                "tokens", service().tokens(id).stream().map(UserRoutes::token).toList()));
    }

    private void createToken(Context ctx) throws IOException {
        long id = ownedUserId(ctx);
        NewToken token = service().createToken(id, reader.body(ctx).requiredText("name"));
        ctx.status(201).json(newToken(token));
    }

    private void revokeToken(Context ctx) {
        long id = ownedUserId(ctx);
        service().revokeToken(id, RequestReader.pathId(ctx, "token_id"));
        ctx.status(204);
    }

    /** The user in the path, when the caller may manage their tokens: an admin anybody's, a member their own. */
    private long ownedUserId(Context ctx) {
        AccountService service = service();
        long id = RequestReader.pathId(ctx, "id");
        Caller caller = Caller.of(ctx);
        boolean own = caller.user().map(User::id).filter(userId -> userId == id).isPresent();
        if (!caller.isAdmin() && !own) {
            throw EngineException.notFound("No user with id " + id + ".");
        }
        return service.user(id).id();
    }

    private AccountService service() {
        return accounts.orElseThrow(() -> new EngineException(
                ErrorKind.NOT_FOUND,
                "This server has no user accounts: it has one user, who holds its API token.",
                "Accounts come with server mode on PostgreSQL; see docs/server-mode.md.",
                null));
    }

    private static Map<String, Object> user(User user) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user_id", user.id());
        data.put("name", user.name());
        data.put("role", user.role().wireName());
        data.put("created_at", user.createdAt());
        return data;
    }

    private static Map<String, Object> token(TokenInfo token) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("token_id", token.id());
        data.put("name", token.name());
        data.put("created_at", token.createdAt());
        token.revokedAt().ifPresent(at -> data.put("revoked_at", at));
        return data;
    }

    private static Map<String, Object> newToken(NewToken token) {
        Map<String, Object> data = token(token.info());
        data.put("token", token.secret());
        return data;
    }
}
