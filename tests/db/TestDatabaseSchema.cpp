#include <QtTest>

#include <pqxx/pqxx>

#include "TestDatabaseCluster.h"

using namespace aviary;

// The rules the schema itself enforces: append-only audit, case life cycle, roles, masking.
class TestDatabaseSchema : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;

  void execAs(const std::string& role, const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work tx(connection);
    if (!role.empty()) tx.exec("SET ROLE " + connection.quote_name(role));
    tx.exec(sql);
    tx.commit();
  }
  std::string queryAs(const std::string& role, const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::work tx(connection);
    if (!role.empty()) tx.exec("SET ROLE " + connection.quote_name(role));
    const auto value = tx.exec1(sql)[0];
    return value.is_null() ? "NULL" : value.as<std::string>();
  }
  bool refused(const std::string& role, const std::string& sql) {
    try {
      execAs(role, sql);
      return false;
    } catch (const pqxx::sql_error&) {
      return true;
    }
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("schema");
    execAs("",
           "INSERT INTO merchants (merchant_id, name, segment, owner_id_number) VALUES "
           "('M1', 'Li Restaurant', 'shop', '11010519491231002X')");
    execAs("",
           "INSERT INTO applications (idempotency_key, merchant_id, requested_amount_cny, "
           "case_file) VALUES ('k1', 'M1', 50000, '{}')");
  }
  void cleanupTestCase() { cluster_.reset(); }

  void submissionIsAudited() {
    QCOMPARE(queryAs("", "SELECT count(*) FROM audit_log WHERE action = 'case_submitted'"),
             std::string("1"));
  }

  void auditLogRefusesUpdateDeleteAndTruncate() {
    QVERIFY(refused("", "UPDATE audit_log SET action = 'tampered'"));
    QVERIFY(refused("", "DELETE FROM audit_log"));
    QVERIFY(refused("", "TRUNCATE audit_log"));
    QCOMPARE(queryAs("", "SELECT count(*) FROM audit_log WHERE action = 'tampered'"),
             std::string("0"));
    QVERIFY(!refused("", "INSERT INTO audit_log (action) VALUES ('note')"));
  }

  void statusLifeCycleIsEnforcedAndAudited() {
    QVERIFY(
        refused("", "UPDATE applications SET status = 'overridden' WHERE idempotency_key = 'k1'"));
    execAs("", "UPDATE applications SET status = 'processing' WHERE idempotency_key = 'k1'");
    execAs("", "UPDATE applications SET status = 'referred' WHERE idempotency_key = 'k1'");
    QCOMPARE(queryAs("",
                     "SELECT string_agg(detail->>'to', ',' ORDER BY audit_id) FROM audit_log "
                     "WHERE action = 'status_changed'"),
             std::string("processing,referred"));
  }

  void overrideNeedsAReason() {
    QVERIFY(refused("",
                    "INSERT INTO decisions (case_id, kind, outcome) "
                    "SELECT case_id, 'override', 'approve' FROM applications"));
    QVERIFY(!refused("",
                     "INSERT INTO decisions (case_id, kind, outcome, reason) SELECT case_id, "
                     "'override', 'approve', 'documents verified by phone' FROM applications"));
  }

  void oneAutomaticDecisionPerCase() {
    execAs("",
           "INSERT INTO decisions (case_id, kind, outcome) SELECT case_id, 'automatic', "
           "'refer' FROM applications");
    QVERIFY(refused("",
                    "INSERT INTO decisions (case_id, kind, outcome) SELECT case_id, "
                    "'automatic', 'approve' FROM applications"));
  }

  void underwriterCannotChangeRulesModelsOrMigrations() {
    const std::string role = "aviary_underwriter";
    QVERIFY(refused(role,
                    "INSERT INTO rule_sets (name, version, sha256, content) "
                    "VALUES ('x', '1', 'h', 'c')"));
    QVERIFY(refused(role, "UPDATE models SET version = '2'"));
    QVERIFY(refused(role, "DELETE FROM schema_history"));
    QVERIFY(refused(role, "CREATE TABLE sneaky (x int)"));
    QVERIFY(refused(role, "SELECT owner_id_number FROM merchants"));
    QVERIFY(!refused(role, "INSERT INTO audit_log (action) VALUES ('underwriter_note')"));
  }

  void adminCannotEditTheAuditLog() {
    QVERIFY(refused("aviary_admin", "UPDATE audit_log SET detail = '{}'"));
    QVERIFY(refused("aviary_admin", "DELETE FROM audit_log"));
    QVERIFY(!refused("aviary_admin",
                     "INSERT INTO rule_sets (name, version, sha256, content) "
                     "VALUES ('policy', '9', 'h', 'c')"));
  }

  void personalIdIsMaskedUnlessTheRoleAllows() {
    QCOMPARE(queryAs("aviary_underwriter",
                     "SELECT owner_id_number FROM merchant_directory WHERE merchant_id = 'M1'"),
             std::string("110***********002X"));
    execAs("",
           "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'senior_uw') "
           "THEN CREATE ROLE senior_uw NOLOGIN IN ROLE aviary_underwriter, aviary_pii_reader; "
           "END IF; END $$");
    QCOMPARE(queryAs("senior_uw",
                     "SELECT owner_id_number FROM merchant_directory WHERE merchant_id = 'M1'"),
             std::string("11010519491231002X"));
  }
};

QTEST_GUILESS_MAIN(TestDatabaseSchema)
#include "TestDatabaseSchema.moc"
