package dev.pca;

import java.io.File;
import java.util.Objects;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

/** The one way ITs build their deployment: the whole core, its schema and its libraries. */
public final class Deployments {
  private Deployments() {}

  public static WebArchive core(String name) {
    var pom = Maven.resolver().loadPomFromFile("pom.xml");
    File[] libraries =
        pom.importCompileAndRuntimeDependencies().resolve().withTransitivity().asFile();
    File[] assertions = pom.resolve("org.assertj:assertj-core").withoutTransitivity().asFile();
    WebArchive archive =
        ShrinkWrap.create(WebArchive.class, name + ".war")
            .addPackages(true, "dev.pca")
            .addAsResource("META-INF/persistence.xml")
            .addAsLibraries(libraries)
            .addAsLibraries(assertions)
            .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    File migrations = new File("src/main/resources/db/migration");
    for (File migration : Objects.requireNonNull(migrations.listFiles())) {
      archive.addAsResource(migration, "db/migration/" + migration.getName());
    }
    return archive;
  }
}
