package dev.gatehouse.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.NormalScope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the library's own classes, checked on the compiled main classes:
 * internal stages do not depend on each other in a circle, and no class of the API package is in a
 * dependency cycle with an internal class (the API is implemented by the internals, never the other
 * way round). Nested and anonymous classes count as their top-level class. MicroProfile Health, which
 * a server may not provide, is used by the WAR's readiness bean alone, which nothing refers to, so that
 * the rest loads without it; and that bean is the only one in the jar's bean archive.
 */
class DependencyRulesTest {
    /** Its class may not load (no MicroProfile Health); META-INF/beans.xml excludes it then. */
    private static final String READINESS_BEAN = "dev.gatehouse.internal.war.GatehouseReadiness";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.gatehouse");

    @Test
    void internalStagesAreFreeOfCycles() {
        slices().matching("dev.gatehouse.internal.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noApiClassIsInACycleWithAnInternalClass() {
        Map<String, Set<String>> graph = topLevelGraph();
        List<Set<String>> mixed = stronglyConnected(graph).stream()
                .filter(c -> c.stream().anyMatch(DependencyRulesTest::isApi) && c.stream().anyMatch(n -> !isApi(n)))
                .toList();
        assertEquals(List.of(), mixed, "cycles between the API package and internals");
    }

    @Test
    void onlyTheReadinessBeanUsesMicroProfileHealthAndNothingRefersToIt() {
        noClasses().that().doNotHaveFullyQualifiedName(READINESS_BEAN)
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.microprofile.health..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(READINESS_BEAN)
                .check(MAIN);
    }

    @Test
    void theReadinessBeanIsTheOnlyClassWithAScopeSoTheOnlyBeanOfTheJar() {
        noClasses().that().doNotHaveFullyQualifiedName(READINESS_BEAN)
                .should().beMetaAnnotatedWith(NormalScope.class).orShould().beAnnotatedWith(Dependent.class)
                .check(MAIN);
    }

    private static boolean isApi(String className) {
        return className.startsWith("dev.gatehouse.") && className.indexOf('.', "dev.gatehouse.".length()) < 0;
    }

    /** Top-level class → the top-level classes of dev.gatehouse it depends on. */
    private static Map<String, Set<String>> topLevelGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (JavaClass c : MAIN) {
            if (c.getName().equals("module-info")) {
                continue;
            }
            Set<String> targets = graph.computeIfAbsent(topLevel(c), k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                if (target.getPackageName().startsWith("dev.gatehouse") && !topLevel(target).equals(topLevel(c))) {
                    targets.add(topLevel(target));
                }
            }
        }
        return graph;
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    /** Tarjan's algorithm: the components of more than one class. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                visit(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components.stream().filter(c -> c.size() > 1).collect(Collectors.toList());
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
