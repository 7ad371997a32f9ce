-- Every state change of a case, and every underwriter action, leaves a row here.
-- The database itself refuses UPDATE, DELETE and TRUNCATE, whoever asks.

CREATE TABLE audit_log (
    audit_id     bigserial PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor        text NOT NULL DEFAULT current_user,
    case_id      bigint REFERENCES applications,
    action       text NOT NULL CHECK (action <> ''),
    detail       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_case ON audit_log (case_id, audit_id);

CREATE FUNCTION refuse_audit_log_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING HINT = 'record a correction as a new row instead';
END $$;
CREATE TRIGGER audit_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_log_change();
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_log_change();

-- Case submissions and status changes are audited by the database, so no code path can forget.
CREATE FUNCTION audit_application_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (case_id, action, detail)
        VALUES (NEW.case_id, 'case_submitted',
                jsonb_build_object('merchant_id', NEW.merchant_id,
                                   'requested_amount_cny', NEW.requested_amount_cny));
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO audit_log (case_id, action, detail)
        VALUES (NEW.case_id, 'status_changed',
                jsonb_build_object('from', OLD.status, 'to', NEW.status,
                                   'lease_owner', NEW.lease_owner));
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER applications_audit
    AFTER INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION audit_application_change();
