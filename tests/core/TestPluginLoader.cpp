#include <QtTest>

#include <fstream>
#include <sstream>

#include "PluginLoader.h"

using namespace aviary;
namespace fs = std::filesystem;

class TestPluginLoader : public QObject {
  Q_OBJECT

 private:
  static const PluginRecord* record(const PluginRegistry& registry, const std::string& file) {
    for (const auto& r : registry.records())
      if (r.manifest.manifestPath.filename() == file + ".plugin.json") return &r;
    return nullptr;
  }
  static PluginRegistry loadFixtures() {
    return PluginLoader({fs::path(AVIARY_BINARY_DIR) / "fixture-plugins",
                         fs::path(AVIARY_BINARY_DIR) / "fixture-plugins-duplicate"})
        .load();
  }
  static void expectFailure(const PluginRegistry& registry, const std::string& file,
                            const std::string& reasonPart, const std::string& fileNamed) {
    const PluginRecord* r = record(registry, file);
    QVERIFY2(r != nullptr, file.c_str());
    QCOMPARE(r->state, PluginState::Failed);
    QVERIFY2(r->reason.find(reasonPart) != std::string::npos, r->reason.c_str());
    QVERIFY2(r->file.filename().string() == fileNamed, r->file.c_str());
  }

 private slots:
  void goodPluginLoadsAndAssesses() {
    const auto registry = loadFixtures();
    const auto source = registry.find("fixture_good");
    QVERIFY(source != nullptr);
    QCOMPARE(source->version(), std::string("9.9.9"));
    QCOMPARE(source->abiVersion(), kEvidenceAbiVersion);
    const Evidence evidence = source->assess({"c1", "m1", "shop", "2026-01-01", "", "{}"});
    QVERIFY(evidence.ok());
    QCOMPARE(evidence.features.at("fixture_value"), 42.0);
    QCOMPARE(evidence.sourceId, std::string("fixture_good"));
  }

  void wrongAbiInManifestIsRefusedBeforeLoading() {
    expectFailure(loadFixtures(), "fixture_wrong_abi_manifest",
                  "built for ABI 99, this host is ABI", "fixture_wrong_abi_manifest.plugin.json");
  }

  void wrongAbiInBinaryIsRefused() {
    expectFailure(loadFixtures(), "fixture_wrong_abi_binary", "built for ABI 99",
                  "libfixture_wrong_abi_binary.so");
  }

  void missingFactoryIsRefused() {
    expectFailure(loadFixtures(), "fixture_no_factory", "no factory", "libfixture_no_factory.so");
  }

  void duplicateIdIsRefused() {
    const auto registry = loadFixtures();
    expectFailure(registry, "fixture_duplicate", "duplicate id 'fixture_good'",
                  "fixture_duplicate.plugin.json");
    QVERIFY(registry.find("fixture_good") != nullptr);  // the first one still works
  }

  void missingLibraryAndBadManifestAreRefused() {
    const auto registry = loadFixtures();
    expectFailure(registry, "fixture_missing_library", "library not found", "libnot_there.so");
    expectFailure(registry, "fixture_bad_json", "not a JSON object",
                  "fixture_bad_json.plugin.json");
  }

  void throwingFactoryIsRefused() {
    expectFailure(loadFixtures(), "fixture_factory_throws", "fixture refuses to be created",
                  "libfixture_factory_throws.so");
  }

  void throwingAssessmentBecomesFailedEvidence() {
    const auto registry = loadFixtures();
    const auto source = registry.find("fixture_throwing");
    QVERIFY(source != nullptr);
    const Evidence evidence = source->assess({"c1", "m7", "shop", "2026-01-01", "", "{}"});
    QCOMPARE(evidence.status, Evidence::Status::Failed);
    QVERIFY2(evidence.error.find("fixture exploded on m7") != std::string::npos,
             evidence.error.c_str());
    const auto batch =
        source->assessBatch({{"c1", "a", "", "", "", ""}, {"c2", "b", "", "", "", ""}});
    QCOMPARE(batch.size(), std::size_t(2));
    QCOMPARE(batch[1].status, Evidence::Status::Failed);
  }

  void allowListRestrictsWhatLoads() {
    const auto registry = PluginLoader({fs::path(AVIARY_BINARY_DIR) / "fixture-plugins"},
                                       std::set<std::string>{"fixture_throwing"})
                              .load();
    QVERIFY(registry.find("fixture_good") == nullptr);
    QVERIFY(registry.find("fixture_throwing") != nullptr);
    QCOMPARE(record(registry, "fixture_good")->state, PluginState::Disabled);
  }

  void sourceOutlivesRegistry() {
    std::shared_ptr<GuardedEvidenceSource> source;
    {
      const auto registry = loadFixtures();
      source = registry.find("fixture_good");
    }
    // The registry is gone; the library must still be loaded behind the source.
    QCOMPARE(source->assess({"c", "m", "", "", "", "", nullptr}).features.at("fixture_value"),
             42.0);
  }

  void aPluginForAnotherHostOrCompilerIsRefusedFromItsManifest() {
    const auto registry = loadFixtures();
    expectFailure(registry, "fixture_old_host",
                  "built for Aviary 0.0.1 up to (not including) 0.1.0",
                  "fixture_old_host.plugin.json");
    expectFailure(registry, "fixture_other_compiler", "built with MSVC",
                  "fixture_other_compiler.plugin.json");
  }

  void aPluginThatCannotStartIsRefused() {
    expectFailure(loadFixtures(), "fixture_start_throws",
                  "starting the source failed: fixture cannot find its model",
                  "libfixture_start_throws.so");
  }

  void aPluginGetsItsHostContextAndAddsCommands() {
    const auto registry = loadFixtures();
    const auto source = registry.find("fixture_good");
    QVERIFY(source != nullptr);
    // Its own resource folder beside its manifest, and the shared workers.
    const auto evidence = source->assess({"c", "m", "", "", "", "", nullptr});
    std::map<std::string, std::string> facts;
    for (const auto& fact : evidence.facts) facts[fact.name] = fact.value;
    QCOMPARE(fs::path(facts["resources"]),
             fs::path(AVIARY_BINARY_DIR) / "fixture-plugins" / "fixture_good");
    QVERIFY(std::stoi(facts["workers"]) >= 1);
    QCOMPARE(source->commands().size(), std::size_t(1));
    QCOMPARE(source->commands()[0].name, std::string("echo"));
    std::ostringstream out, err;
    QCOMPARE(source->runCommand("echo", {"a", "b"}, out, err), 0);
    QCOMPARE(out.str(), std::string("a b \n"));
    QCOMPARE(source->runCommand("nope", {}, out, err), 2);
    QVERIFY(err.str().find("no command 'nope'") != std::string::npos);
    QVERIFY(source->interview({"c", "m", "", "", "", "", nullptr}, {}).empty());
  }

  void manifestsAreReadWithoutRunningPluginCode() {
    const auto manifests =
        PluginLoader({fs::path(AVIARY_BINARY_DIR) / "fixture-plugins"}).manifests();
    QVERIFY(std::any_of(manifests.begin(), manifests.end(),
                        [](const PluginManifest& m) { return m.id == "fixture_factory_throws"; }));
  }

  // "view" names the source's workbench module beside the manifest; the host never opens it.
  void aManifestNamesItsViewOrNone() {
    const fs::path good =
        fs::path(AVIARY_BINARY_DIR) / "fixture-plugins" / "fixture_good.plugin.json";
    QVERIFY(PluginManifest::read(good).view.empty());
    auto json = nlohmann::json::parse(std::ifstream(good));
    QTemporaryDir folder;
    const fs::path path = fs::path(folder.path().toStdString()) / "viewed.plugin.json";
    json["view"] = "libviewed_view.so";
    std::ofstream(path) << json.dump();
    QCOMPARE(PluginManifest::read(path).viewPath(), path.parent_path() / "libviewed_view.so");
    json["view"] = 7;
    std::ofstream(path) << json.dump();
    try {
      PluginManifest::read(path);
      QFAIL("a view that is not a file name was accepted");
    } catch (const std::runtime_error& error) {
      QVERIFY2(std::string(error.what()).find("\"view\"") != std::string::npos, error.what());
    }
  }

  void realPluginsLoad() {
    const auto registry = PluginLoader({fs::path(AVIARY_BINARY_DIR) / "plugins"}).load();
    std::stringstream built(AVIARY_BUILT_PLUGINS);
    for (std::string id; std::getline(built, id, ',');) {
      const auto source = registry.find(id);
      QVERIFY2(source != nullptr, id.c_str());
      QVERIFY(!source->description().features.empty());
      for (const auto& feature : source->description().features) QVERIFY(!feature.meaning.empty());
    }
    QVERIFY(registry.failures().empty());
  }
};

QTEST_GUILESS_MAIN(TestPluginLoader)
#include "TestPluginLoader.moc"
