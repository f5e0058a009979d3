package dev.gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatehouse.client.harness.ServerPerClass;
import dev.gatehouse.client.harness.Tokens;
import dev.gatehouse.client.harness.Waits;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A listener or subscriber that throws breaks nothing: the client goes on and later callbacks still come. */
class ListenerThatThrowsIT extends ServerPerClass {
    @Test
    void throwingCallbacksAreIgnored() {
        AtomicInteger frames = new AtomicInteger();
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice"))
                .listener(new GatehouseClient.Listener() {
                    @Override
                    public void onFrame(Frame frame) {
                        frames.incrementAndGet();
                        throw new IllegalStateException("listener bug");
                    }

                    @Override
                    public void onWelcome(Welcome welcome) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build();
        AtomicInteger echoes = new AtomicInteger();
        client.on("echo", f -> {
            throw new IllegalStateException("subscriber bug");
        });
        client.on("echo", f -> echoes.incrementAndGet()); // still called after the one before it threw
        try {
            Waits.await(client.connect());
            Waits.await(client.request("echo", null));
            Waits.await(client.request("echo", null));
            assertEquals(2, echoes.get());
            assertEquals(3, frames.get());
            assertEquals(GatehouseClient.State.READY, client.state());
        } finally {
            Waits.await(client.close());
        }
    }

    @Test
    void unsubscribedListenerIsNotCalledAgain() {
        GatehouseClient client = GatehouseClient.builder(server.uri()).token(Tokens.valid("alice")).build();
        AtomicInteger echoes = new AtomicInteger();
        Runnable unsubscribe = client.on("echo", f -> echoes.incrementAndGet());
        try {
            Waits.await(client.connect());
            Waits.await(client.request("echo", null));
            unsubscribe.run();
            Waits.await(client.request("echo", null));
            assertEquals(1, echoes.get());
        } finally {
            Waits.await(client.close());
        }
    }
}
