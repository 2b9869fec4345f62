package org.centralita.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.centralita.server.auth.ApiTokenStore;
import org.centralita.server.auth.SessionStore;
import org.centralita.server.auth.SessionStore.BrowserSession;
import org.centralita.server.config.ServerConfig.HttpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener: security headers, sessions, the route table with its access checks, JSON errors,
 * and the web UI's static files.
 *
 * <p>For every row of the route table, before the handler runs: the caller is resolved from an API
 * token ({@code Authorization: Bearer ctk_...}) or the session cookie; 401 if the row needs a signed-in
 * user and there is none; 403 if the role is not allowed; 403 if a session-authenticated request that
 * changes state lacks the session's CSRF token in {@value #CSRF_HEADER}.
 *
 * <p>Browser sessions are rows of {@link SessionStore} (in the database, so they survive a restart and are shared by
 * every server on the same database), named by the {@value #SESSION_COOKIE} cookie.
 */
public final class HttpVerticle extends VerticleBase {
    /** Header carrying the CSRF token on state-changing browser requests. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Name of the session cookie. */
    public static final String SESSION_COOKIE = "centralita_session";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);

    private final HttpConfig config;
    private final List<RouteSpec> routes;
    private static final String SESSION_KEY = "centralita.session";
    private static final String SECURE_COOKIES_KEY = "centralita.secureCookies";
    private static final String BODY_LIMIT_KEY = "centralita.bodyLimit";

    /**
     * Largest body of a route anyone may call without signing in (the sign-in request: a user name and a password
     * fit in far less).
     */
    public static final long ANONYMOUS_BODY_LIMIT = 16 * 1024;
    /** How often expired and idle sessions are removed from the database. */
    private static final long PURGE_MILLIS = 10 * 60 * 1000L;

    private final SessionStore sessions;
    private final ApiTokenStore tokens;
    private HttpServer server;
    private long purgeTimer = -1;

    /** Creates the verticle; {@link #actualPort()} is known once it has started. */
    public HttpVerticle(HttpConfig config, List<RouteSpec> routes, SessionStore sessions, ApiTokenStore tokens) {
        this.config = config;
        this.routes = List.copyOf(routes);
        this.sessions = sessions;
        this.tokens = tokens;
    }

    /** Returns the browser session of a signed-in request made with the session cookie, if it is one. */
    public static Optional<BrowserSession> session(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(SESSION_KEY));
    }

    /** Returns the session cookie's value sent with the request, if any (also on public routes). */
    public static Optional<String> sessionCookie(RoutingContext ctx) {
        Cookie c = ctx.request().getCookie(SESSION_COOKIE);
        return c == null || c.getValue().isEmpty() ? Optional.empty() : Optional.of(c.getValue());
    }

    /** Sets the session cookie to {@code id} (HttpOnly, SameSite=Strict, Secure per {@code http.secure-cookies}). */
    public static void setSessionCookie(RoutingContext ctx, String id) {
        ctx.response().addCookie(cookie(ctx, id));
    }

    /** Tells the browser to forget the session cookie. */
    public static void clearSessionCookie(RoutingContext ctx) {
        ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
    }

    private static Cookie cookie(RoutingContext ctx, String value) {
        return Cookie.cookie(SESSION_COOKIE, value)
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(Boolean.TRUE.equals(ctx.get(SECURE_COOKIES_KEY)));
    }

    @Override
    public Future<?> start() {
        Router router = router();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setCompressionSupported(true);
        if (config.tls().enabled()) {
            options.setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(config.tls().certFile().toString())
                            .setKeyPath(config.tls().keyFile().toString()));
        }
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .recover(e -> Future.failedFuture(new org.centralita.server.ServerException(
                        "http.port: cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(),
                        e)))
                .onSuccess(s -> {
                    server = s;
                    purgeTimer = vertx.setPeriodic(PURGE_MILLIS, id -> sessions.purgeExpired()
                            .onFailure(e -> log.warn("Removing expired sessions failed: {}", e.getMessage())));
                    log.info(
                            "HTTP listening on {}://{}:{}",
                            config.tls().enabled() ? "https" : "http",
                            config.host(),
                            s.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        if (purgeTimer >= 0) {
            vertx.cancelTimer(purgeTimer);
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** Returns the bound port (useful with {@code http.port: 0}); -1 before start. */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private Router router() {
        Router router = Router.router(vertx);
        if (config.behindProxy()) {
            // Client address and scheme from Forwarded / X-Forwarded-* (only trust them behind a proxy:
            // the sign-in rate limit counts failures per client address).
            router.allowForward(AllowForwardHeaders.ALL);
        }
        router.route().handler(this::securityHeaders);
        // Nothing of an API request's body is read before its route's access check: the request is paused here and
        // resumed only by the body reader of a route that takes a body (after the check), by an upload handler, or
        // to drop what a route without a body was sent.
        router.route("/api/*").handler(ctx -> {
            ctx.request().pause();
            ctx.next();
        });
        BodyHandler signedInBodies =
                BodyHandler.create(false).setBodyLimit(config.maxBodySize()).setHandleFileUploads(false);
        BodyHandler anonymousBodies =
                BodyHandler.create(false).setBodyLimit(ANONYMOUS_BODY_LIMIT).setHandleFileUploads(false);
        for (RouteSpec spec : routes) {
            Route route = router.route(spec.method(), spec.path());
            route.handler(ctx -> gate(ctx, spec));
            if (spec.bodyExpected()) {
                boolean signedIn = spec.access().authenticated();
                route.handler(ctx -> {
                    ctx.put(BODY_LIMIT_KEY, signedIn ? config.maxBodySize() : ANONYMOUS_BODY_LIMIT);
                    (signedIn ? signedInBodies : anonymousBodies).handle(ctx);
                });
            } else if (!spec.streamsBody()) {
                route.handler(ctx -> {
                    ctx.request().resume(); // a body sent to a route that takes none is dropped, never kept
                    ctx.next();
                });
            }
            // upload routes (streamsBody): the handler streams the still-paused body itself, with its own limit
            route.handler(spec.handler());
        }
        router.route("/api/*").handler(ctx -> ctx.fail(new ApiException(404, "not_found", "no such API route")));
        router.route("/*")
                .handler(StaticHandler.create("webroot")
                        .setIndexPage("index.html")
                        .setCachingEnabled(true)
                        .setMaxAgeSeconds(60));
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> sendError(ctx, 404, "not_found", "not found: " + ctx.normalizedPath()));
        router.errorHandler(
                405,
                ctx -> sendError(
                        ctx,
                        405,
                        "method_not_allowed",
                        ctx.request().method() + " is not allowed on " + ctx.normalizedPath()));
        return router;
    }

    private void securityHeaders(RoutingContext ctx) {
        ctx.put(SECURE_COOKIES_KEY, config.secureCookies());
        var h = ctx.response().headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.set("Permissions-Policy", "camera=(), geolocation=(), payment=(), usb=()");
        if (config.tls().enabled()) {
            h.set("Strict-Transport-Security", "max-age=31536000");
        }
        if (ctx.normalizedPath().startsWith("/api/")) {
            h.set("Cache-Control", "no-store");
        }
        ctx.next();
    }

    private void gate(RoutingContext ctx, RouteSpec spec) {
        if (!spec.access().authenticated()) {
            ctx.next();
            return;
        }
        resolve(ctx).onFailure(ctx::fail).onSuccess(principal -> {
            if (principal.isEmpty()) {
                ctx.fail(new ApiException(401, "unauthenticated", "sign in or send an API token"));
                return;
            }
            Principal p = principal.get();
            if (!spec.access().allows(p.user().role())) {
                ctx.fail(new ApiException(
                        403,
                        "forbidden",
                        "role " + p.user().role().id() + " may not " + spec.method() + " " + spec.path()));
                return;
            }
            if (!p.viaToken() && changesState(spec.method()) && !csrfMatches(ctx)) {
                ctx.fail(new ApiException(
                        403, "csrf_token_invalid", "missing or wrong " + CSRF_HEADER + " header; reload the page"));
                return;
            }
            if (p.user().mustChangePassword() && !spec.path().startsWith("/api/auth/")) {
                ctx.fail(new ApiException(
                        403, "password_change_required", "choose a new password before using the application"));
                return;
            }
            ctx.put(Principal.KEY, p);
            ctx.next();
        });
    }

    private Future<Optional<Principal>> resolve(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Future.failedFuture(
                        new ApiException(401, "unauthenticated", "Authorization must be Bearer <API token>"));
            }
            return tokens.authenticate(auth.substring(7).trim()).map(u -> u.map(user -> new Principal(user, true)));
        }
        Optional<String> cookie = sessionCookie(ctx);
        if (cookie.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        // Unknown, expired, idle, revoked, or the user is disabled/deleted: signed out (the cookie is cleared).
        return sessions.resolve(cookie.get()).map(found -> {
            if (found.isEmpty()) {
                clearSessionCookie(ctx);
                return Optional.empty();
            }
            ctx.put(SESSION_KEY, found.get().session());
            return Optional.of(new Principal(found.get().user(), false));
        });
    }

    private static boolean changesState(HttpMethod m) {
        return !(m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS));
    }

    private static boolean csrfMatches(RoutingContext ctx) {
        BrowserSession session = ctx.get(SESSION_KEY);
        String expected = session == null ? null : session.csrfToken();
        String given = ctx.request().getHeader(CSRF_HEADER);
        return expected != null
                && given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        if (f instanceof ApiException a) {
            sendError(ctx, a.status(), a.code(), a.getMessage());
            return;
        }
        int status = f instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
        switch (status) {
            case 413 -> {
                Long limit = ctx.get(BODY_LIMIT_KEY);
                long bytes = limit == null ? config.maxBodySize() : limit;
                sendError(
                        ctx,
                        413,
                        "payload_too_large",
                        ctx.get(Principal.KEY) == null && limit != null
                                ? "request body exceeds the limit of " + size(bytes) + " (" + bytes
                                        + " bytes) for requests without a signed-in user"
                                : "request body exceeds the limit of " + size(bytes) + " (" + bytes
                                        + " bytes, http.max-body-size)");
            }
            case 400 -> sendError(ctx, 400, "bad_request", message(f, "bad request"));
            case 401 -> sendError(ctx, 401, "unauthenticated", "sign in or send an API token");
            case 403 -> sendError(ctx, 403, "forbidden", "forbidden");
            case 404 -> sendError(ctx, 404, "not_found", "not found: " + ctx.normalizedPath());
            default -> {
                if (status >= 400 && status < 500) {
                    sendError(ctx, status, "client_error", message(f, "request refused"));
                } else {
                    String ref = UUID.randomUUID().toString().substring(0, 8);
                    log.error("HTTP {} {} failed (ref {})", ctx.request().method(), ctx.normalizedPath(), ref, f);
                    sendError(ctx, 500, "internal_error", "internal error, reference " + ref + " in the server log");
                }
            }
        }
    }

    private static String message(Throwable f, String fallback) {
        return f == null || f.getMessage() == null ? fallback : f.getMessage();
    }

    /** Formats a byte count as KB or MB (binary, as in the configuration): 1048576 → "1 MB", 16384 → "16 KB". */
    static String size(long bytes) {
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private static void sendError(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().headWritten()) {
            if (!ctx.response().ended()) {
                ctx.response().reset();
            }
            return;
        }
        HttpServerRequest req = ctx.request();
        if (req.isEnded() || !hasBody(req)) {
            if (!req.isEnded()) {
                req.resume(); // nothing to read but the end of the request
            }
            Json.send(ctx, status, Json.error(code, message));
            return;
        }
        // A refused request whose body was not read (no access, over a limit): answer at once and close the
        // connection instead of reading what the client is still sending.
        boolean http1 = req.version() != HttpVersion.HTTP_2;
        if (http1) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().endHandler(v -> req.connection().close());
        }
        Json.send(ctx, status, Json.error(code, message));
    }

    private static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}
