package io.mpathvx.it.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The project's boundaries, checked on the production classes of every module: the simulator stays out of the
 * product except through the one factory that chooses the kernel, modules depend downward only (event-core under
 * uevent, dmevent, reconciler and checkers, all of them under api), and only the loop package (FdPoller, SocketPeer) touches Vert.x/Netty internals.
 */
class ArchitectureTest {
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // event-core's testkit
            .importPackages("io.mpathvx");

    @Test
    void onlyKernelPortsKnowsTheSimulatedKernel() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.mpathvx.core.sim..")
                .and().doNotHaveFullyQualifiedName("io.mpathvx.api.KernelPorts")
                .should().dependOnClassesThat().resideInAPackage("io.mpathvx.core.sim..")
                .because("a behaviour that works only against the simulator is not known to work");
        rule.check(PRODUCTION);
    }

    @Test
    void eventCoreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("io.mpathvx.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mpathvx.uevent..", "io.mpathvx.dm..",
                        "io.mpathvx.reconciler..", "io.mpathvx.checkers..", "io.mpathvx.api..")
                .check(PRODUCTION);
    }

    @Test
    void theEngineModulesDoNotKnowTheDaemonOrEachOther() {
        noClasses().that().resideInAnyPackage("io.mpathvx.uevent..", "io.mpathvx.dm..", "io.mpathvx.reconciler..",
                        "io.mpathvx.checkers..")
                .should().dependOnClassesThat().resideInAPackage("io.mpathvx.api..")
                .check(PRODUCTION);
        noClasses().that().resideInAPackage("io.mpathvx.reconciler..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mpathvx.uevent..", "io.mpathvx.checkers..",
                        "io.mpathvx.dm..")
                .because("the reconciler plans against the kernel ports of event-core; the daemon wires dm in")
                .check(PRODUCTION);
    }

    @Test
    void onlyTheLoopPackageTouchesVertxAndNettyInternals() {
        noClasses().that().resideOutsideOfPackage("io.mpathvx.core.loop..")
                .and().resideInAPackage("io.mpathvx..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.vertx.core.internal..",
                        "io.vertx.core.impl..")
                .because("the event loop's internals change between Vert.x releases: FdPoller and SocketPeer adapt to them")
                .check(PRODUCTION);
    }

    @Test
    void theCheckersDoNotReachIntoTheReconciler() {
        noClasses().that().resideInAPackage("io.mpathvx.checkers..")
                .should().dependOnClassesThat().resideInAnyPackage("io.mpathvx.reconciler..", "io.mpathvx.uevent..",
                        "io.mpathvx.dm..")
                .check(PRODUCTION);
    }
}
