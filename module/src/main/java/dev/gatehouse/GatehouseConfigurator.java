package dev.gatehouse;

import dev.gatehouse.internal.GatehouseRuntime;
import dev.gatehouse.internal.endpoint.EndpointDelegate;
import dev.gatehouse.internal.endpoint.HandshakeRequestView;
import dev.gatehouse.internal.endpoint.ProgrammaticEndpoint;
import dev.gatehouse.internal.lifecycle.Handoffs;
import dev.gatehouse.internal.war.WarDeployment;
import dev.gatehouse.spi.Verification;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Checks every handshake before the upgrade completes (PROTOCOL.md §1): selects the plain
 * subprotocol, verifies the token and leaves the outcome for the endpoint. Never throws. Where the
 * container lets Gatehouse answer the upgrade itself (standalone, or a servlet filter) a refused
 * handshake never reaches this class; elsewhere the endpoint answers it in diagnostic style.
 */
public class GatehouseConfigurator extends ServerEndpointConfig.Configurator {
    /** The runtime; in a WAR found at the first handshake, after the application started. */
    private volatile GatehouseRuntime runtime;

    /** Called by the container in a WAR; uses the Gatehouse the application deployed. */
    public GatehouseConfigurator() {
    }

    GatehouseConfigurator(Gatehouse gatehouse) {
        this.runtime = gatehouse.runtime();
    }

    GatehouseRuntime runtime() {
        GatehouseRuntime r = runtime;
        if (r == null) {
            r = WarDeployment.runtime();
            runtime = r;
        }
        return r;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        try {
            return runtime().gate().negotiateSubprotocol(requested);
        } catch (RuntimeException e) {
            return ""; // not deployed: modifyHandshake records the refusal
        }
    }

    /** Always true: the origin is checked with the token, so that the refusal has its own status. */
    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    /**
     * Leaves the handshake's verdict for the endpoint: the one the handshake filter (standalone, or
     * a WAR's servlet filter) handed on, so that a token is verified once per upgrade, else its own
     * check's.
     */
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Verification verification;
        try {
            HandshakeRequestView view = new HandshakeRequestView(request);
            Handoffs.Entry handed = runtime().handoffs().take(view.header("Sec-WebSocket-Key").orElse(null));
            if (handed != null) {
                verification = handed.verification();
                config.getUserProperties().put(EndpointDelegate.ON_OPEN, handed.onOpen());
            } else {
                long start = System.nanoTime();
                verification = runtime().gate().check(view);
                runtime().diagnosed(verification, start);
            }
        } catch (RuntimeException e) {
            verification = Verification.rejected(ErrorCode.INVALID_TOKEN, "Token could not be verified");
        }
        config.getUserProperties().put(EndpointDelegate.VERIFICATION, verification);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass == ProgrammaticEndpoint.class) {
            return endpointClass.cast(new ProgrammaticEndpoint(new EndpointDelegate(runtime())));
        }
        return super.getEndpointInstance(endpointClass);
    }
}
