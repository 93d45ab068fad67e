package io.agentdeck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of docs/architecture.md (§2), stated as rules the build enforces. */
class ArchitectureTest {
    private static JavaClasses classes;
    /** Production and test classes: the rules about the window hold for its tests too. */
    private static JavaClasses classesWithTests;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.agentdeck");
        classesWithTests = new ClassFileImporter().importPackages("io.agentdeck");
    }

    @Test
    void viewModelsKnowNoNodes() {
        // ViewModels hold state and properties; what is drawn, and how, is the views' business.
        noClasses()
                .that()
                .resideInAPackage("io.agentdeck.ui.viewmodel..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javafx.scene..")
                .check(classesWithTests);
    }

    @Test
    void theWindowDoesNotUseTheLocalApi() {
        // The window talks to the engine directly; its tests start the app through io.agentdeck.testing.
        noClasses()
                .that()
                .resideInAPackage("io.agentdeck.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.agentdeck.api..")
                .check(classesWithTests);
    }

    @Test
    void engineKnowsNothingOfUiServerOrDatabase() {
        noClasses()
                .that()
                .resideInAPackage("io.agentdeck.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javafx..", "io.javalin..", "org.hibernate..", "jakarta.persistence..", "org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Root")
                .definedBy("io.agentdeck")
                .layer("Config")
                .definedBy("io.agentdeck.config..")
                .layer("Engine")
                .definedBy("io.agentdeck.engine..")
                .layer("Persistence")
                .definedBy("io.agentdeck.persistence..")
                .layer("Api")
                .definedBy("io.agentdeck.api..")
                .layer("Ui")
                .definedBy("io.agentdeck.ui..")
                .whereLayer("Root")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Api")
                .mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Persistence")
                .mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Ui")
                .mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Config")
                .mayOnlyBeAccessedByLayers("Root", "Api", "Ui")
                .check(classes);
    }

    @Test
    void engineDoesNotReachIntoOtherLayers() {
        noClasses()
                .that()
                .resideInAPackage("io.agentdeck.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.agentdeck.api..",
                        "io.agentdeck.ui..",
                        "io.agentdeck.persistence..",
                        "io.agentdeck.config..")
                .check(classes);
    }

    @Test
    void onlyTheIndexAdapterTouchesLucene() {
        // The knowledge index is a storage adapter behind engine.knowledge.index.PassageIndex: the engine and the
        // other layers know the port only, so a server mode can put the vectors elsewhere (ADR 16).
        noClasses()
                .that()
                .resideOutsideOfPackage("io.agentdeck.persistence.index..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.lucene..")
                .check(classes);
    }

    @Test
    void onlyTheUiTouchesJavaFx() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.agentdeck.ui..", "io.agentdeck")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javafx..")
                .check(classes);
    }
}
