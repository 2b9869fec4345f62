package org.centralita.dialer.runtime;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.centralita.gateway.agi.AgiHandler;
import org.centralita.gateway.agi.AgiSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FastAGI {@code inbound}: a caller the IVR transfers to a person. The IVR's call context comes in the channel
 * variable {@code CENTRALITA_IVR_CONTEXT} (JSON); the caller takes the first free agent ahead of outbound calls
 * and hears ringback until bridged.
 */
final class InboundHandler implements AgiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    private final DialerRuntime runtime;

    InboundHandler(DialerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Future<Void> handle(AgiSession session) {
        String channel = session.request().channel();
        return session.getVariable(DialerRuntime.IVR_CONTEXT_VARIABLE)
                .map(v -> context(v.orElse(""), channel))
                .compose(ctx -> runtime.inboundAtAgi(
                        channel, ctx.put("callerId", session.request().callerId())))
                .compose(released ->
                        session.exec("Playtones", "ring").compose(r -> Contexts.on(runtime.context(), released)))
                .compose(reason -> {
                    LOG.debug("inbound {}: hold ended ({})", channel, reason);
                    return reason.equals("bridged")
                            ? session.exec("Wait", String.valueOf(ConnectHandler.HANDOVER_SECONDS))
                                    .<Void>mapEmpty()
                            : Future.<Void>succeededFuture();
                });
    }

    private static JsonObject context(String json, String channel) {
        if (json.isBlank()) {
            return new JsonObject();
        }
        try {
            return new JsonObject(json);
        } catch (DecodeException e) {
            LOG.warn("inbound {}: IVR context is not JSON; passed on as text", channel);
            return new JsonObject().put("text", json);
        }
    }
}
