package dev.gatehouse.jms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the backplane names at the broker, and what it shows of a URL. */
class NamesTest {

    @Test
    void aNodesSelectorLeavesOutItsOwnMessagesWhateverItsId() {
        assertEquals("gatehouse_node <> 'ws-1'", Names.selector("ws-1"));
        assertEquals("gatehouse_node <> 'o''brien'", Names.selector("o'brien"));
    }

    @Test
    void aDurableSubscriptionIsNamedAfterTheTopicAndTheNode() {
        assertEquals("gatehouse.chat.ws-1", Names.subscription("chat", "ws-1"));
    }

    @Test
    void aUrlIsShownWithoutUserInformationOrQuery() {
        assertEquals("tcp://broker:61616", Names.withoutCredentials("tcp://broker:61616?user=a&password=b"));
        assertEquals("http-remoting://broker:8080", Names.withoutCredentials("http-remoting://u:p@broker:8080"));
        assertEquals("(tcp://a:1,tcp://b:2)", Names.withoutCredentials("(tcp://a:1,tcp://b:2)?ha=true"));
    }
}
