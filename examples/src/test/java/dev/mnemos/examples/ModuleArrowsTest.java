package dev.mnemos.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The module arrows of DESIGN.md, checked on the compiled main classes of every module:
 *
 * <pre>
 * cli ──> agents ──> kernel ──> memory-tiers
 *   │        └────> tools-mcp ──> kernel
 *   └──> inference            (kernel never imports inference: it talks to a ChatModel)
 * examples ──> anything but cli internals
 * </pre>
 */
class ModuleArrowsTest {

    private static final String INFERENCE = "dev.mnemos.inference..";
    private static final String MEMORY = "dev.mnemos.memory..";
    private static final String KERNEL = "dev.mnemos.kernel..";
    private static final String TOOLS = "dev.mnemos.tools..";
    private static final String AGENTS = "dev.mnemos.agents..";
    private static final String CLI = "dev.mnemos.cli..";
    private static final String EXAMPLES = "dev.mnemos.examples..";

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // test-jars (tools-mcp's NpmPackages) are tests too
            .importPackages("dev.mnemos");

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(MAIN_CLASSES);
    }

    @Test
    void inference_imports_no_other_mnemos_module() {
        check(noClasses().that().resideInAPackage(INFERENCE)
                .should().dependOnClassesThat().resideInAnyPackage(MEMORY, KERNEL, TOOLS, AGENTS, CLI, EXAMPLES));
    }

    @Test
    void memory_tiers_import_no_other_mnemos_module() {
        check(noClasses().that().resideInAPackage(MEMORY)
                .should().dependOnClassesThat().resideInAnyPackage(INFERENCE, KERNEL, TOOLS, AGENTS, CLI, EXAMPLES));
    }

    @Test
    void kernel_sees_only_the_memory_tiers() {
        check(noClasses().that().resideInAPackage(KERNEL)
                .should().dependOnClassesThat().resideInAnyPackage(INFERENCE, TOOLS, AGENTS, CLI, EXAMPLES));
    }

    @Test
    void tools_see_only_the_kernel_and_the_memory_tiers() {
        check(noClasses().that().resideInAPackage(TOOLS)
                .should().dependOnClassesThat().resideInAnyPackage(INFERENCE, AGENTS, CLI, EXAMPLES));
    }

    @Test
    void agents_never_reach_the_inference_core_or_the_application() {
        check(noClasses().that().resideInAPackage(AGENTS)
                .should().dependOnClassesThat().resideInAnyPackage(INFERENCE, CLI, EXAMPLES));
    }

    @Test
    void nothing_but_the_application_reaches_into_it() {
        check(noClasses().that().resideOutsideOfPackage(CLI)
                .should().dependOnClassesThat().resideInAPackage(CLI));
    }

    @Test
    void no_module_outside_the_kernel_imports_its_impl_package() {
        check(noClasses().that().resideOutsideOfPackage(KERNEL)
                .should().dependOnClassesThat().resideInAPackage("dev.mnemos.kernel.impl.."));
    }

    @Test
    void no_package_is_split_across_modules() {
        Map<String, TreeSet<String>> modulesByPackage = new TreeMap<>();
        for (JavaClass type : MAIN_CLASSES) {
            String location = type.getSource().map(source -> source.getUri().toString()).orElse("?");
            modulesByPackage.computeIfAbsent(type.getPackageName(), p -> new TreeSet<>()).add(moduleOf(location));
        }
        assertThat(modulesByPackage).allSatisfy((pkg, modules) -> assertThat(modules).as(pkg).hasSize(1));
    }

    /** The module a class file came from: {@code .../kernel/target/classes/...} or {@code .../mnemos-kernel-0.1.0.jar!...}. */
    private static String moduleOf(String location) {
        int classes = location.indexOf("/target/classes/");
        if (classes >= 0) {
            String before = location.substring(0, classes);
            return before.substring(before.lastIndexOf('/') + 1);
        }
        int jar = location.indexOf(".jar!");
        return jar >= 0 ? location.substring(location.lastIndexOf('/', jar) + 1, jar) : location;
    }
}
