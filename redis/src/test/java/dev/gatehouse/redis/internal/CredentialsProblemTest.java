package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CredentialsProblemTest {

    @Test
    void refusedCredentialsAreRecognizedThroughLettucesWrapping() {
        assertEquals("WRONGPASS", LettuceBackplane.credentialsProblem(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."))));
        assertEquals("NOAUTH", LettuceBackplane.credentialsProblem(
                new RedisCommandExecutionException("NOAUTH HELLO must be called with the client already authenticated")));
    }

    @Test
    void anUnreachableRedisIsNoCredentialsProblem() {
        assertNull(LettuceBackplane.credentialsProblem(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused"))));
        assertNull(LettuceBackplane.credentialsProblem(new RedisCommandExecutionException("LOADING Redis is loading")));
    }
}
