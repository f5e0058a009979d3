package dev.gatehouse.it.war;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The test WARs, built as an application would ship: the Gatehouse jar and jjwt in
 * {@code WEB-INF/lib} (copied to {@code target/war-libs} by the build), the application's classes,
 * and {@code META-INF/microprofile-config.properties}. No Jakarta API, Yasson or Tyrus: the servers
 * provide them.
 */
final class Wars {
    /** The HS256 secret every deployment verifies with (its tokens come from {@link Tokens}). */
    static final String SECRET = "integration-test-secret-of-at-least-256-bits!!";

    /** The secret the nodes of a test cluster sign their backplane messages with. */
    static final String CLUSTER_SECRET = "cluster-test-secret-of-at-least-32-bytes";

    /** The audience the refusal deployment requires. */
    static final String AUDIENCE = "gatehouse-it";

    private Wars() {
    }

    /** Configuration with the tests' HS256 secret and nothing else. */
    static Map<String, String> withKey() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("gatehouse.jwt.secret", SECRET);
        return config;
    }

    /** A WAR named {@code name.war} (context root {@code /name}) with this configuration and these classes. */
    static WebArchive war(String name, Map<String, String> config, Class<?>... classes) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(classes)
                .addAsLibraries(libraries())
                .addAsResource(new StringAsset(properties(config)), "META-INF/microprofile-config.properties");
    }

    /** The jars an application puts in WEB-INF/lib: Gatehouse and jjwt with gson. */
    static File[] libraries() {
        File dir = new File(System.getProperty("gatehouse.war-libs", "target/war-libs"));
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || jars.length < 5) {
            throw new IllegalStateException("Expected Gatehouse and jjwt jars in " + dir.getAbsolutePath()
                    + " (maven-dependency-plugin copies them), found " + Arrays.toString(jars));
        }
        return jars;
    }

    /**
     * The {@code examples/war} chat WAR as the build produced it, named {@code name.war}, with the
     * tests' key and {@code settings} added to its microprofile-config.properties, and {@code libraries}.
     */
    static WebArchive exampleChat(String name, Map<String, String> settings, File... libraries) {
        File war = new File(System.getProperty("gatehouse.example-war", "target/example/gatehouse-example-war.war"));
        WebArchive chat = ShrinkWrap.create(WebArchive.class, name + ".war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
                .addAsLibraries(libraries);
        String config = "/WEB-INF/classes/META-INF/microprofile-config.properties";
        String text;
        try (InputStream in = chat.get(config).getAsset().openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> added = withKey();
        added.putAll(settings);
        chat.delete(config);
        return chat.add(new StringAsset(text + "\n" + properties(added)), config);
    }

    /**
     * The jars the build copied for a backplane, as an application adds them: those in the folder
     * of the system property {@code gatehouse.<artifact>-libs}, one of them {@code gatehouse-<artifact>}.
     */
    static File[] backplaneLibraries(String artifact) {
        File dir = new File(System.getProperty("gatehouse." + artifact + "-libs", "target/" + artifact + "-libs"));
        File[] jars = dir.listFiles((d, n) -> n.endsWith(".jar"));
        if (jars == null || Arrays.stream(jars).noneMatch(j -> j.getName().startsWith("gatehouse-" + artifact))) {
            throw new IllegalStateException("Expected gatehouse-" + artifact + " in " + dir.getAbsolutePath()
                    + " (maven-dependency-plugin copies it), found " + Arrays.toString(jars));
        }
        return jars;
    }

    private static String properties(Map<String, String> config) {
        return config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
