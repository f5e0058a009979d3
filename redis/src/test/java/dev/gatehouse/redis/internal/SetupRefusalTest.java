package dev.gatehouse.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class SetupRefusalTest {

    @Test
    void refusedCredentialsAreRecognizedThroughLettucesWrapping() {
        assertEquals("WRONGPASS", LettuceBackplane.refusal(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("WRONGPASS invalid username-password pair or user is disabled."))));
        assertEquals("NOAUTH", LettuceBackplane.refusal(
                new RedisCommandExecutionException("NOAUTH HELLO must be called with the client already authenticated")));
    }

    @Test
    void anUnreachableRedisIsNoCredentialsProblem() {
        assertNull(LettuceBackplane.refusal(new RedisConnectionException("Unable to connect",
                new ConnectException("Connection refused"))));
        assertNull(LettuceBackplane.refusal(new RedisCommandExecutionException("LOADING Redis is loading")));
        assertNull(LettuceBackplane.refusal(null));
    }

    @Test
    void otherSetupErrorsAreRefusalsToo() {
        assertEquals("ERR", LettuceBackplane.refusal(new RedisConnectionException("Unable to connect",
                new RedisCommandExecutionException("ERR DB index is out of range"))));
    }
}
