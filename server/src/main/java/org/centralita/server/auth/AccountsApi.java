package org.centralita.server.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.centralita.server.events.EventsHub;
import org.centralita.server.http.Access;
import org.centralita.server.http.ApiException;
import org.centralita.server.http.ApiModule;
import org.centralita.server.http.ApiRoutes;
import org.centralita.server.http.HttpVerticle;
import org.centralita.server.http.Json;
import org.centralita.server.http.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes for signing in and out, the current user, user administration and API tokens. */
public final class AccountsApi implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(AccountsApi.class);

    private final UserStore users;
    private final ApiTokenStore tokens;
    private final LoginThrottle throttle;
    private final Counter loginSuccess;
    private final Counter loginFailure;
    private final Counter loginThrottled;
    private final EventsHub events;
    private final SessionStore sessions;

    /** Creates the routes. */
    public AccountsApi(
            UserStore users,
            SessionStore sessions,
            ApiTokenStore tokens,
            LoginThrottle throttle,
            MeterRegistry meters,
            EventsHub events) {
        this.users = Objects.requireNonNull(users, "users");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.events = Objects.requireNonNull(events, "events");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.loginSuccess = loginCounter(meters, "success");
        this.loginFailure = loginCounter(meters, "failure");
        this.loginThrottled = loginCounter(meters, "throttled");
    }

    private static Counter loginCounter(MeterRegistry meters, String outcome) {
        return Counter.builder("centralita.logins")
                .description("Sign-in attempts by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public void register(ApiRoutes r) {
        Access admin = Access.roles(Role.ADMIN);
        r.post("/api/auth/login", Access.anyone(), this::login);
        r.post("/api/auth/logout", Access.signedIn(), this::logout);
        r.get("/api/auth/me", Access.signedIn(), this::me);
        r.get("/api/auth/csrf", Access.signedIn(), this::csrf);
        r.post("/api/auth/password", Access.signedIn(), this::changePassword);
        r.get(
                "/api/users",
                admin,
                ctx -> Json.reply(ctx, users.list(), list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(u -> a.add(u.toJson()));
                    return new JsonObject().put("users", a);
                }));
        r.post("/api/users", admin, this::createUser);
        r.get("/api/users/:id", admin, ctx -> {
            long id = Json.idParam(ctx, "id");
            Json.reply(ctx, users.find(id), u -> u.orElseThrow(() -> ApiException.notFound("no user with id " + id))
                    .toJson());
        });
        r.patch("/api/users/:id", admin, this::updateUser);
        r.delete("/api/users/:id", admin, this::deleteUser);
        r.get(
                "/api/tokens",
                admin,
                ctx -> Json.reply(ctx, tokens.list(), list -> {
                    JsonArray a = new JsonArray();
                    list.forEach(t -> a.add(t.toJson()));
                    return new JsonObject().put("tokens", a);
                }));
        r.post("/api/tokens", admin, this::createToken);
        r.delete("/api/tokens/:id", admin, ctx -> {
            long id = Json.idParam(ctx, "id");
            Principal p = Principal.of(ctx);
            tokens.revoke(id)
                    .onSuccess(t -> log.info(
                            "API token {} ({}) revoked by {}",
                            t.prefix(),
                            t.name(),
                            p.user().username()))
                    .onSuccess(t -> Json.send(ctx, 200, t.toJson()))
                    .onFailure(ctx::fail);
        });
    }

    private void login(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            // A cross-site form cannot send JSON without a CORS preflight, which we never grant.
            throw new ApiException(415, "unsupported_media_type", "send the credentials as application/json");
        }
        JsonObject body = Json.body(ctx);
        String username = Json.string(body, "username");
        String password = Json.string(body, "password");
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw ApiException.invalid("username and password are required");
        }
        String name = username.strip().toLowerCase(java.util.Locale.ROOT);
        String address = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        throttle.retryAfter(name, address).onFailure(ctx::fail).onSuccess(wait -> {
            if (!wait.isZero()) {
                loginThrottled.increment();
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                log.warn("Sign-in for {} from {} refused: too many failures", name, address);
                ctx.fail(new ApiException(
                        429, "too_many_attempts", "too many failed sign-ins; try again in " + seconds + " s"));
                return;
            }
            authenticate(ctx, name, password, address);
        });
    }

    private void authenticate(RoutingContext ctx, String name, String password, String address) {
        users.authenticate(name, password).onFailure(ctx::fail).onSuccess(found -> {
            if (found.isEmpty()) {
                loginFailure.increment();
                log.info("Sign-in failed for {} from {}", name, address);
                throttle.failed(name, address)
                        .onFailure(ctx::fail)
                        .onSuccess(v ->
                                ctx.fail(new ApiException(401, "invalid_credentials", "wrong user name or password")));
                return;
            }
            User user = found.get();
            loginSuccess.increment();
            // A new session id at every sign-in; the browser's previous session, if any, ends.
            Future<Void> previous = HttpVerticle.sessionCookie(ctx)
                    .map(old -> sessions.revoke(ApiTokenStore.sha256(old)))
                    .orElse(Future.succeededFuture());
            throttle.succeeded(name, address)
                    .compose(v -> previous)
                    .compose(v -> sessions.create(user.id(), address))
                    .onFailure(ctx::fail)
                    .onSuccess(created -> {
                        HttpVerticle.setSessionCookie(ctx, created.id());
                        log.info(
                                "{} ({}) signed in from {}",
                                user.username(),
                                user.role().id(),
                                address);
                        Json.send(
                                ctx,
                                200,
                                new JsonObject()
                                        .put("user", user.toJson())
                                        .put("csrfToken", created.session().csrfToken()));
                    });
        });
    }

    private void logout(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        HttpVerticle.session(ctx)
                .map(s -> sessions.revoke(s.idHash()))
                .orElse(Future.succeededFuture())
                .onFailure(ctx::fail)
                .onSuccess(v -> {
                    HttpVerticle.clearSessionCookie(ctx);
                    log.info("{} signed out", p.user().username());
                    ctx.response().setStatusCode(204).end();
                });
    }

    private void me(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        JsonObject out = new JsonObject()
                .put("user", p.user().toJson())
                .put("authenticatedBy", p.viaToken() ? "token" : "session");
        if (!p.viaToken()) {
            out.put("csrfToken", sessionCsrf(ctx));
        }
        Json.send(ctx, 200, out);
    }

    private void csrf(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        if (p.viaToken()) {
            throw ApiException.invalid("API token requests need no CSRF token");
        }
        Json.send(ctx, 200, new JsonObject().put("csrfToken", sessionCsrf(ctx)));
    }

    private static String sessionCsrf(RoutingContext ctx) {
        return HttpVerticle.session(ctx)
                .orElseThrow(() -> new ApiException(401, "unauthenticated", "sign in again"))
                .csrfToken();
    }

    private void changePassword(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        if (p.viaToken()) {
            throw new ApiException(403, "forbidden", "passwords are changed from a browser session");
        }
        JsonObject body = Json.body(ctx);
        String current = HttpVerticle.session(ctx).map(s -> s.idHash()).orElse(null);
        Json.reply(
                ctx,
                users.changeOwnPassword(
                                p.user().id(), Json.string(body, "currentPassword"), Json.string(body, "newPassword"))
                        // the user's other browsers (maybe not theirs) are signed out; this one goes on
                        .compose(u -> sessions.revokeUser(u.id(), current).map(n -> {
                            log.info("{} changed their password; {} other session(s) ended", u.username(), n);
                            return u;
                        })),
                u -> new JsonObject().put("user", u.toJson()));
    }

    private void createUser(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        JsonObject b = Json.body(ctx);
        String role = Json.string(b, "role");
        String language = Json.string(b, "language");
        var nu = new UserStore.NewUser(
                Json.string(b, "username"),
                Json.string(b, "displayName"),
                role == null ? null : AccountRules.role(role),
                language == null ? "es" : language,
                Json.string(b, "password"),
                !Boolean.FALSE.equals(Json.bool(b, "mustChangePassword")),
                Json.string(b, "phoneEndpoint"),
                false);
        users.create(nu)
                .onSuccess(u -> log.info(
                        "User {} ({}) created by {}",
                        u.username(),
                        u.role().id(),
                        p.user().username()))
                .onSuccess(u -> Json.send(ctx, 201, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void updateUser(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        long id = Json.idParam(ctx, "id");
        JsonObject b = Json.body(ctx);
        String role = Json.string(b, "role");
        Boolean enabled = Json.bool(b, "enabled");
        if (id == p.user().id() && (Boolean.FALSE.equals(enabled) || (role != null && !"admin".equals(role)))) {
            throw ApiException.conflict("you cannot disable or demote yourself; ask another admin");
        }
        var changes = new UserStore.Changes(
                Json.string(b, "displayName"),
                role == null ? null : AccountRules.role(role),
                Json.string(b, "language"),
                enabled,
                Json.string(b, "password"),
                Json.string(b, "phoneEndpoint"));
        boolean signOut = Boolean.FALSE.equals(enabled) || changes.password() != null;
        users.update(id, changes)
                .compose(u -> signOut ? sessions.revokeUser(id, null).map(n -> u) : Future.succeededFuture(u))
                .onSuccess(u ->
                        log.info("User {} updated by {}", u.username(), p.user().username()))
                .onSuccess(u -> {
                    if (enabled != null || role != null || signOut) {
                        events.endStreams(id);
                    }
                })
                .onSuccess(u -> Json.send(ctx, 200, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void deleteUser(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        long id = Json.idParam(ctx, "id");
        if (id == p.user().id()) {
            throw ApiException.conflict("you cannot delete yourself; ask another admin");
        }
        users.delete(id)
                .onSuccess(v -> log.info("User {} deleted by {}", id, p.user().username()))
                .onSuccess(v -> events.endStreams(id))
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void createToken(RoutingContext ctx) {
        Principal p = Principal.of(ctx);
        JsonObject b = Json.body(ctx);
        Object uid = b.getValue("userId");
        if (uid != null && !(uid instanceof Number)) {
            throw ApiException.invalid("userId must be a number");
        }
        long userId = uid == null ? p.user().id() : ((Number) uid).longValue();
        tokens.create(userId, Json.string(b, "name"), p.user().id())
                .onSuccess(t -> log.info(
                        "API token {} ({}) for user {} created by {}",
                        t.metadata().prefix(),
                        t.metadata().name(),
                        t.metadata().username(),
                        p.user().username()))
                .onSuccess(t -> Json.send(ctx, 201, t.metadata().toJson().put("token", t.token())))
                .onFailure(ctx::fail);
    }
}
