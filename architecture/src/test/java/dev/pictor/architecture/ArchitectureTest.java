package dev.pictor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of {@code docs/ARCHITECTURE.md}, checked on the compiled main classes of
 * every library module, the CLI ({@code pictor-cli}) and the examples ({@code pictor-examples}). A
 * failure names the class and the dependency that crosses a boundary.
 */
class ArchitectureTest {
  /** The packages of {@code pictor-api}: exact names, its sub-packages belong to other modules. */
  private static final String[] API = {
    "dev.pictor",
    "dev.pictor.face",
    "dev.pictor.image",
    "dev.pictor.model",
    "dev.pictor.spi",
    "dev.pictor.style"
  };

  /** The layers of the library modules: what the CLI and the examples may use. */
  private static final String[] LIBRARY_LAYERS = {
    "api",
    "optimize",
    "onnx",
    "forge",
    "opencv",
    "recognition",
    "pgvector",
    "learning",
    "style",
    "models"
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importLibraryClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pictor");
  }

  private static LayeredArchitecture modules() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("api")
        .definedBy(API)
        .layer("optimize")
        .definedBy("dev.pictor.optimize..")
        .layer("onnx")
        .definedBy("dev.pictor.onnx..")
        .layer("forge")
        .definedBy("dev.pictor.forge..")
        .layer("opencv")
        .definedBy("dev.pictor.image.opencv..")
        .layer("recognition")
        .definedBy("dev.pictor.recognition..")
        .layer("pgvector")
        .definedBy("dev.pictor.pgvector..")
        .layer("learning")
        .definedBy("dev.pictor.learning..")
        .layer("style")
        .definedBy(
            "dev.pictor.style.fast..", "dev.pictor.style.gatys..", "dev.pictor.style.provider..")
        .layer("models")
        .definedBy("dev.pictor.models..")
        .layer("cli")
        .definedBy("dev.pictor.cli..")
        .layer("examples")
        .definedBy("dev.pictor.examples..");
  }

  @Test
  void everyLibraryModuleWasImported() {
    for (String pkg :
        new String[] {
          "dev.pictor.optimize",
          "dev.pictor.onnx",
          "dev.pictor.forge",
          "dev.pictor.image.opencv",
          "dev.pictor.recognition",
          "dev.pictor.pgvector",
          "dev.pictor.learning",
          "dev.pictor.style.gatys",
          "dev.pictor.models",
          "dev.pictor.cli",
          "dev.pictor.examples"
        }) {
      assertThat(classes.stream().anyMatch(c -> c.getPackageName().equals(pkg)))
          .as("classes of " + pkg + " on the test class path")
          .isTrue();
    }
  }

  /**
   * What each module may use, as the table in docs/ARCHITECTURE.md. No library module may use the
   * CLI or the examples, and the examples may not use the CLI.
   */
  static ArchRule moduleDependencies() {
    return modules()
        .whereLayer("api")
        .mayOnlyAccessLayers("api")
        .whereLayer("optimize")
        .mayOnlyAccessLayers("optimize")
        .whereLayer("onnx")
        .mayOnlyAccessLayers("api")
        .whereLayer("forge")
        .mayOnlyAccessLayers("api", "onnx")
        .whereLayer("opencv")
        .mayOnlyAccessLayers("api")
        .whereLayer("recognition")
        .mayOnlyAccessLayers("api")
        .whereLayer("pgvector")
        .mayOnlyAccessLayers("api")
        .whereLayer("learning")
        .mayOnlyAccessLayers("api", "optimize", "onnx", "opencv", "recognition")
        .whereLayer("style")
        .mayOnlyAccessLayers("api", "optimize", "onnx", "forge", "opencv")
        .whereLayer("models")
        .mayOnlyAccessLayers("api")
        .whereLayer("cli")
        .mayOnlyAccessLayers(LIBRARY_LAYERS)
        .whereLayer("examples")
        .mayOnlyAccessLayers(LIBRARY_LAYERS);
  }

  /** The API names nothing but the JDK, SLF4J and itself: no engine, no image library. */
  static ArchRule apiDependencies() {
    return classes()
        .that()
        .resideInAnyPackage(API)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(concat(API, "java..", "org.slf4j.."));
  }

  /** An {@code internal} package is used only below the package that holds it. */
  static ArchRule internalPackages() {
    return classes().should(useInternalsOnlyOfTheirOwnPackageTree());
  }

  @Test
  void modulesDependOnlyOnTheModulesTheArchitectureAllows() {
    moduleDependencies().check(classes);
  }

  @Test
  void theApiDependsOnNoEngineOrLibrary() {
    apiDependencies().check(classes);
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirOwnModule() {
    internalPackages().check(classes);
  }

  /** Each rule fails on a class that breaks it (test fixtures, not part of any module). */
  @Test
  void eachRuleCatchesABreach() {
    JavaClasses recognition = fixture("dev.pictor.recognition.BoundaryBreakingRecognition");
    assertThatThrownBy(() -> moduleDependencies().check(recognition))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BoundaryBreakingRecognition")
        .hasMessageContaining("OrtRuntime");
    JavaClasses api = fixture("dev.pictor.model.BoundaryBreakingApi");
    assertThatThrownBy(() -> apiDependencies().check(api))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("OrtEnvironment");
    JavaClasses fast = fixture("dev.pictor.style.fast.BoundaryBreakingFastStyle");
    assertThatThrownBy(() -> internalPackages().check(fast))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("gatys.internal.PixelAdam");
    JavaClasses example = fixture("dev.pictor.examples.BoundaryBreakingExample");
    assertThatThrownBy(() -> moduleDependencies().check(example))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BoundaryBreakingExample")
        .hasMessageContaining("PictorCli");
  }

  private static JavaClasses fixture(String name) {
    try {
      return new ClassFileImporter().importClasses(Class.forName(name));
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name, e);
    }
  }

  /**
   * A class may use a {@code P.internal..} class only if it lives under {@code P} itself: {@code
   * dev.pictor.style.gatys.internal} is for {@code dev.pictor.style.gatys..} alone.
   */
  private static ArchCondition<JavaClass> useInternalsOnlyOfTheirOwnPackageTree() {
    return new ArchCondition<>("use internal packages only of their own package tree") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          String target = d.getTargetClass().getPackageName();
          int internal = target.indexOf(".internal");
          if (!target.startsWith("dev.pictor.") || internal < 0) {
            continue;
          }
          String owner = target.substring(0, internal);
          String from = origin.getPackageName();
          if (!(from.equals(owner) || from.startsWith(owner + "."))) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
