-- Least-privilege roles. Log-in users are granted one of these:
--   aviary_underwriter  reads cases and evidence, records decisions and notes;
--                       cannot change rules, models or migrations; sees personal ID
--                       numbers masked unless also granted aviary_pii_reader
--   aviary_admin        operates the platform: merchants, models, rule sets; reads all;
--                       cannot edit the audit log (nobody can)
--   aviary_worker       decides queued cases
--   aviary_pii_reader   may read personal ID numbers unmasked

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['aviary_admin', 'aviary_underwriter', 'aviary_worker',
                                     'aviary_pii_reader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        END IF;
    END LOOP;
END $$;

CREATE VIEW merchant_directory AS
SELECT merchant_id, name, segment, uscc, owner_name,
       CASE
           WHEN owner_id_number IS NULL THEN NULL
           WHEN pg_has_role(current_user, 'aviary_pii_reader', 'MEMBER') THEN owner_id_number
           ELSE left(owner_id_number, 3)
                || repeat('*', greatest(length(owner_id_number) - 7, 0))
                || right(owner_id_number, 4)
       END AS owner_id_number,
       industry, address, created_at
  FROM merchants;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO aviary_admin, aviary_underwriter, aviary_worker, aviary_pii_reader;

GRANT SELECT ON merchant_directory TO aviary_admin, aviary_underwriter, aviary_worker;
GRANT SELECT ON merchants TO aviary_pii_reader;

-- admin
GRANT SELECT ON applications, application_status_transitions, evidence_runs, decisions,
                documents, models, rule_sets, audit_log, schema_history TO aviary_admin;
GRANT SELECT (merchant_id, name, segment, uscc, owner_name, industry, address, created_at)
    ON merchants TO aviary_admin;
GRANT INSERT, UPDATE ON merchants, models, rule_sets TO aviary_admin;
GRANT INSERT ON audit_log TO aviary_admin;

-- worker
GRANT SELECT, INSERT ON merchants, applications, evidence_runs, decisions, documents,
                        audit_log TO aviary_worker;
GRANT UPDATE (status, lease_owner, lease_expires_at, attempts, updated_at)
    ON applications TO aviary_worker;
GRANT SELECT ON models, rule_sets, application_status_transitions TO aviary_worker;
GRANT INSERT ON models, rule_sets TO aviary_worker;  -- registers the model a decision used

-- underwriter
GRANT SELECT ON applications, application_status_transitions, evidence_runs, decisions,
                documents, models, rule_sets, audit_log TO aviary_underwriter;
GRANT SELECT (merchant_id, name, segment, uscc, owner_name, industry, address, created_at)
    ON merchants TO aviary_underwriter;
GRANT UPDATE (status, updated_at) ON applications TO aviary_underwriter;
GRANT INSERT ON decisions, audit_log TO aviary_underwriter;

GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO aviary_admin, aviary_worker, aviary_underwriter;
