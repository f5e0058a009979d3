package dev.gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code bom/pom.xml} lists every published module of the reactor, and nothing else: a module added
 * to the build and forgotten in the BOM (or one made unpublished and left in it) fails here. Published
 * means a jar or war that does not set {@code maven.deploy.skip} to true, as the parent pom says.
 */
class BomTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void bomListsEveryPublishedModuleAndNothingElse() throws Exception {
        Set<String> published = new TreeSet<>();
        for (Element pom : reactorPoms(ROOT)) {
            String packaging = text(pom, "packaging", "jar");
            Element properties = child(pom, "properties");
            boolean skipped = properties != null && "true".equals(text(properties, "maven.deploy.skip", "false"));
            if (!packaging.equals("pom") && !skipped) {
                published.add(text(pom, "artifactId", null));
            }
        }
        assertEquals(published, managed(bom()).keySet(),
                "bom/pom.xml's dependencyManagement must list exactly the published modules " + published);
    }

    @Test
    void bomManagesGatehouseArtifactsOnlyAtTheReactorsVersion() throws Exception {
        Element root = pom(ROOT);
        Element bom = bom();
        assertEquals(text(root, "groupId", null), text(bom, "groupId", null));
        assertEquals(text(root, "version", null), text(bom, "version", null), "the BOM's version is the reactor's");
        // A parent would hand every importer the versions of third-party libraries it manages.
        assertTrue(child(bom, "parent") == null, "the BOM has no parent");
        managed(bom).forEach((artifactId, dependency) -> {
            assertEquals(text(root, "groupId", null), text(dependency, "groupId", null), artifactId);
            assertEquals("${project.version}", text(dependency, "version", null), artifactId);
        });
    }

    private static Element bom() throws Exception {
        return pom(ROOT.resolve("bom"));
    }

    /** The BOM's managed dependencies by artifactId. */
    private static Map<String, Element> managed(Element bom) {
        Map<String, Element> byArtifactId = new TreeMap<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            byArtifactId.put(text(dependency, "artifactId", null), dependency);
        }
        return byArtifactId;
    }

    /** The poms of the modules under {@code dir}'s pom, recursively (not the aggregator itself). */
    private static List<Element> reactorPoms(Path dir) throws Exception {
        List<Element> poms = new ArrayList<>();
        Element modules = child(pom(dir), "modules");
        for (Element module : modules == null ? List.<Element>of() : children(modules, "module")) {
            Path moduleDir = dir.resolve(module.getTextContent().trim());
            poms.add(pom(moduleDir));
            poms.addAll(reactorPoms(moduleDir));
        }
        return poms;
    }

    private static Element pom(Path dir) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("pom.xml").toFile()).getDocumentElement();
    }

    private static String text(Element parent, String name, String otherwise) {
        Element element = child(parent, name);
        return element == null ? otherwise : element.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }
}
