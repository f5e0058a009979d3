package dev.gatehouse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.ConfigurationException;
import dev.gatehouse.Connection;
import dev.gatehouse.Connections;
import dev.gatehouse.Handles;
import dev.gatehouse.MessageContext;
import dev.gatehouse.ReplyErrorCode;
import dev.gatehouse.Requires;
import dev.gatehouse.Rooms;
import dev.gatehouse.internal.routing.Route;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The annotation scanner: what each kind of {@link Handles} method becomes, and every mistake it
 * refuses when the bean is added, naming the class and method.
 */
class HandlerMethodsTest {

    public record Send(String room, String text) { }

    public record Sent(String room, int length) { }

    /** A bean with one method of every shape. */
    @RolesAllowed("chat")
    public static class Chat {
        final List<Object> calls = new ArrayList<>();

        @Handles("chat.send")
        public Sent send(Send send, MessageContext ctx) {
            calls.add(send);
            return new Sent(send.room(), send.text().length());
        }

        @Handles(value = "chat.join", reply = "chat.joined")
        public CompletionStage<Map<String, String>> join(Connection connection, JsonObject data) {
            calls.add(connection);
            return CompletableFuture.completedFuture(Map.of("room", data.getString("room")));
        }

        @Handles("chat.leave")
        public void leave(Rooms rooms) {
            calls.add(rooms);
        }

        @Handles("chat.nothing")
        public Sent nothing(Send send) {
            return null;
        }

        @PermitAll
        @Handles(value = "chat.read", scopes = "chat:read")
        public CompletionStage<Void> read(Connections everyone) {
            calls.add(everyone);
            return null;
        }

        @RolesAllowed("admin")
        @Handles("chat.delete")
        public void delete() {
            throw new IllegalStateException("not today");
        }
    }

    @Test
    void eachMethodIsARouteOfItsTypeWithItsPayloadClassAndAsyncWhenItReturnsAStage() {
        Map<String, Route> routes = routes(new Chat());
        assertEquals(Set.of("chat.send", "chat.join", "chat.leave", "chat.nothing", "chat.read", "chat.delete"),
                routes.keySet());
        assertEquals(Send.class, routes.get("chat.send").payloadType());
        assertEquals(JsonObject.class, routes.get("chat.join").payloadType());
        assertNull(routes.get("chat.leave").payloadType(), "no payload parameter: data is not bound");
        assertFalse(routes.get("chat.send").async());
        assertTrue(routes.get("chat.join").async());
        assertEquals(Chat.class.getName() + "#send", routes.get("chat.send").handler());
    }

    @Test
    void theReturnValueIsTheReplyOfTheFramesOwnTypeUnlessTheAnnotationNamesOne() throws Exception {
        Chat chat = new Chat();
        Map<String, Route> routes = routes(chat);
        Context ctx = new Context();
        assertNull(routes.get("chat.send").invoker().invoke(new Send("lobby", "hello"), ctx));
        assertEquals(List.of("chat.send " + new Sent("lobby", 5)), ctx.replies);

        Context joining = new Context();
        CompletionStage<?> stage = routes.get("chat.join").invoker()
                .invoke(Json.createObjectBuilder().add("room", "lobby").build(), joining);
        stage.toCompletableFuture().join();
        assertEquals(List.of("chat.joined {room=lobby}"), joining.replies);
        assertEquals(List.of(joining.connection()), chat.calls.subList(1, 2), "the Connection parameter");
    }

    @Test
    void voidNullAndAStageOfVoidSendNoReplyAndContextParametersComeFromTheFramesContext() throws Exception {
        Chat chat = new Chat();
        Map<String, Route> routes = routes(chat);
        Context ctx = new Context();
        routes.get("chat.leave").invoker().invoke(null, ctx);
        routes.get("chat.nothing").invoker().invoke(new Send("lobby", "x"), ctx);
        assertNull(routes.get("chat.read").invoker().invoke(null, ctx));
        assertEquals(List.of(), ctx.replies);
        assertEquals(List.of(ctx.rooms(), ctx.connections()), chat.calls);
    }

    @Test
    void whatTheMethodThrowsReachesTheRouterAsIs() {
        Route delete = routes(new Chat()).get("chat.delete");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> delete.invoker().invoke(null, new Context()));
        assertEquals("not today", e.getMessage());
    }

    @Test
    void rolesAllowedOnTheMethodWinsOverTheClassPermitAllLiftsItAndScopesAdd() {
        Map<String, Route> routes = routes(new Chat());
        assertEquals(Requires.groups("chat"), routes.get("chat.send").requires(), "the class's roles");
        assertEquals(Requires.groups("admin"), routes.get("chat.delete").requires(), "the method's roles");
        assertEquals(Requires.scopes("chat:read"), routes.get("chat.read").requires(), "@PermitAll, then the scopes");
    }

    @Test
    void aCdiProxyThatSubclassesTheBeanIsScannedThroughItsSuperclassAndCallsGoThroughTheProxy() throws Exception {
        List<String> proxied = new ArrayList<>();
        Chat proxy = new Chat() { // as Weld's client proxy: overrides every method, without annotations
            @Override
            public Sent send(Send send, MessageContext ctx) {
                proxied.add("send");
                return super.send(send, ctx);
            }
        };
        Route send = routes(proxy).get("chat.send");
        send.invoker().invoke(new Send("lobby", "hi"), new Context());
        assertEquals(List.of("send"), proxied);
    }

    @Test
    void aCdiProxyWhoseOverridesCarryTheAnnotationsButNotTheGenericTypesIsScannedAsItsBeanClass() throws Exception {
        List<String> proxied = new ArrayList<>();
        Chat proxy = new Chat() { // as Weld's client proxy on Payara: the annotations copied, the generic types erased
            @Override
            @Handles(value = "chat.join", reply = "chat.joined")
            @SuppressWarnings({"rawtypes", "unchecked"})
            public CompletionStage join(Connection connection, JsonObject data) {
                proxied.add("join");
                return super.join(connection, data);
            }
        };
        assertThrows(ConfigurationException.class, () -> new RuntimeBuilder().handlers(proxy), "scanned as itself");

        Map<String, Route> routes = new java.util.LinkedHashMap<>();
        HandlerMethods.routes(proxy, Chat.class).forEach(r -> routes.put(r.type(), r));
        Route join = routes.get("chat.join");
        assertEquals(Chat.class.getName() + "#join", join.handler());
        Context context = new Context();
        ((CompletionStage<?>) join.invoker().invoke(Json.createObjectBuilder().add("room", "lobby").build(), context))
                .toCompletableFuture().join();
        assertEquals(List.of("join"), proxied);
        assertEquals(List.of("chat.joined {room=lobby}"), context.replies);
        new RuntimeBuilder().handlers(proxy, Chat.class); // what CdiBeans adds
    }

    // Every refusal names the class and method.

    public static class TwoForOneType {
        @Handles("chat.send")
        public void a(Send s) { }

        @Handles("chat.send")
        public void b(Send s) { }
    }

    public static class TwoPayloads {
        @Handles("chat.send")
        public void send(Send s, Sent t) { }
    }

    public static class StringPayload {
        @Handles("chat.send")
        public void send(String text) { }
    }

    public static class ListPayload {
        @Handles("chat.send")
        public void send(List<Send> all) { }
    }

    public static class NoConstructor {
        public NoConstructor(int x) { }
    }

    public static class UnconstructablePayload {
        @Handles("chat.send")
        public void send(NoConstructor x) { }
    }

    public static class StringReply {
        @Handles("chat.send")
        public String send(Send s) {
            return "ok";
        }
    }

    public static class WildcardStage {
        @Handles("chat.send")
        public CompletionStage<?> send(Send s) {
            return null;
        }
    }

    public static class ObjectReply {
        @Handles("chat.send")
        public Object send(Send s) {
            return null;
        }
    }

    public static class NotPublic {
        @Handles("chat.send")
        void send(Send s) { }
    }

    public static class Static {
        @Handles("chat.send")
        public static void send(Send s) { }
    }

    public static class Reserved {
        @Handles("ping")
        public void ping() { }
    }

    public static class BadType {
        @Handles("Chat Send")
        public void send() { }
    }

    public static class Denied {
        @DenyAll
        @Handles("chat.send")
        public void send() { }
    }

    public static class Leaver {
        @Handles("chat.leave")
        public void leave() { }
    }

    public static class NoMethods {
        public void send() { }
    }

    @Test
    void twoMethodsForOneTypeAreRefused() {
        refused(new TwoForOneType(), "#b", "handles 'chat.send'");
    }

    @Test
    void twoPayloadParametersAreRefused() {
        refused(new TwoPayloads(), "#send", "are both a payload");
    }

    @Test
    void aPayloadThatIsNotAJsonObjectIsRefused() {
        refused(new StringPayload(), "#send", "String cannot be bound");
        refused(new ListPayload(), "#send", "List cannot be bound");
        refused(new UnconstructablePayload(), "#send", "no-argument constructor");
    }

    @Test
    void aReturnTypeThatCannotBeAReplyIsRefused() {
        refused(new StringReply(), "#send", "cannot be a reply");
        refused(new WildcardStage(), "#send", "does not say which class");
        refused(new ObjectReply(), "#send", "does not say which class");
    }

    @Test
    void aMethodThatIsNotAPublicInstanceMethodIsRefused() {
        refused(new NotPublic(), "#send", "public instance method");
        refused(new Static(), "#send", "public instance method");
    }

    @Test
    void aReservedOrInvalidTypeIsRefusedNamingTheMethod() {
        refused(new Reserved(), "#ping", "not a valid handler type");
        refused(new BadType(), "#send", "not a valid handler type");
    }

    @Test
    void denyAllIsRefusedRatherThanIgnored() {
        refused(new Denied(), "#send", "@DenyAll");
    }

    @Test
    void aBeanWithoutHandlesMethodsIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new RuntimeBuilder().handlers(new NoMethods()));
        assertTrue(e.getMessage().contains(NoMethods.class.getName()), e.getMessage());
    }

    @Test
    void aTypeTakenByAnotherBeanIsRefusedNamingBoth() {
        RuntimeBuilder builder = new RuntimeBuilder().handlers(new Chat());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> builder.handlers(new Leaver()));
        assertTrue(e.getMessage().startsWith(Leaver.class.getName() + "#leave"), e.getMessage());
        assertTrue(e.getMessage().contains("handled by " + Chat.class.getName() + "#leave"), e.getMessage());
    }

    @RolesAllowed("admin")
    public static class Guarded {
        @Handles("ops.restart")
        public void restart() { }
    }

    @Test
    void aRoleTheJvmDroppedForWantOfTheAnnotationsClassFailsInsteadOfOpeningTheMethodToAll() throws Exception {
        // Guarded loaded where jakarta.annotation is missing, as standalone without jakarta.annotation-api.
        ClassLoader withoutAnnotationApi = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("jakarta.annotation.")) {
                    throw new ClassNotFoundException(name);
                }
                if (!name.equals(Guarded.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    try (var in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        return defineClass(name, bytes, 0, bytes.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
            }
        };
        Class<?> guarded = withoutAnnotationApi.loadClass(Guarded.class.getName());
        assertEquals(0, guarded.getAnnotations().length, "the JVM dropped @RolesAllowed");
        Object bean = guarded.getConstructor().newInstance();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> HandlerMethods.routes(bean));
        assertTrue(e.getMessage().contains("jakarta.annotation-api"), e.getMessage());
    }

    private static void refused(Object bean, String method, String why) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new RuntimeBuilder().handlers(bean));
        assertTrue(e.getMessage().startsWith(bean.getClass().getName() + method), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static Map<String, Route> routes(Object bean) {
        Map<String, Route> routes = new java.util.LinkedHashMap<>();
        HandlerMethods.routes(bean).forEach(r -> routes.put(r.type(), r));
        return routes;
    }

    /** A frame's context that records replies; its connection, rooms and connections are placeholders. */
    private static final class Context implements MessageContext {
        final List<String> replies = new ArrayList<>();
        private final Connection connection = placeholder(Connection.class);
        private final Rooms rooms = placeholder(Rooms.class);
        private final Connections connections = placeholder(Connections.class);

        /** An object of the interface that is only itself: equal to itself alone, and nothing else. */
        private static <T> T placeholder(Class<T> type) {
            return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                    (p, m, a) -> switch (m.getName()) {
                        case "equals" -> p == a[0];
                        case "hashCode" -> System.identityHashCode(p);
                        case "toString" -> type.getSimpleName();
                        default -> throw new UnsupportedOperationException(m.getName());
                    }));
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public Optional<String> messageId() {
            return Optional.of("1");
        }

        @Override
        public boolean reply(String type, Object data) {
            replies.add(type + " " + data);
            return true;
        }

        @Override
        public boolean replyError(ReplyErrorCode code, String message) {
            replies.add(code + " " + message);
            return true;
        }

        @Override
        public int sendToOtherConnections(String type, Object data) {
            return 0;
        }

        @Override
        public Rooms rooms() {
            return rooms;
        }

        @Override
        public Connections connections() {
            return connections;
        }
    }
}
