package dev.gatehouse.it.war;

import java.io.File;
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

    private static String properties(Map<String, String> config) {
        return config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
