-- Decision governance: maker-checker releases of rule sets and models, champion/challenger
-- experiments, repayment outcomes and back-test results.

-- A rule set or model proposed by one admin and made live by another. The database itself
-- records who did what (session_user, never a value the client sends) and refuses an
-- approval by the proposer, so no client can skip the second pair of eyes.
CREATE TABLE releases (
    release_id   bigserial PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('rules', 'model')),
    version      text NOT NULL CHECK (version <> ''),
    rule_set_id  bigint REFERENCES rule_sets,
    model_id     bigint REFERENCES models,
    note         text NOT NULL CHECK (btrim(note) <> ''),
    checks       jsonb NOT NULL DEFAULT '[]',  -- the static checks' findings at proposal
    proposed_by  text NOT NULL DEFAULT session_user,
    proposed_at  timestamptz NOT NULL DEFAULT now(),
    approved_by  text,
    approved_at  timestamptz,
    retired_at   timestamptz,  -- a later approval of the same kind replaced it
    UNIQUE (kind, version),
    CHECK ((kind = 'rules') = (rule_set_id IS NOT NULL)),
    CHECK ((kind = 'model') = (model_id IS NOT NULL)),
    CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
    CHECK (approved_by IS NULL OR approved_by <> proposed_by),
    CHECK (retired_at IS NULL OR approved_at IS NOT NULL)
);
-- At most one live release of each kind.
CREATE UNIQUE INDEX releases_one_live_per_kind ON releases (kind)
    WHERE approved_at IS NOT NULL AND retired_at IS NULL;

CREATE FUNCTION enforce_release_maker_checker() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.proposed_by := session_user;
        NEW.proposed_at := now();
        NEW.approved_by := NULL;
        NEW.approved_at := NULL;
        NEW.retired_at := NULL;
        RETURN NEW;
    END IF;
    IF NEW.kind IS DISTINCT FROM OLD.kind OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.rule_set_id IS DISTINCT FROM OLD.rule_set_id
       OR NEW.model_id IS DISTINCT FROM OLD.model_id
       OR NEW.proposed_by IS DISTINCT FROM OLD.proposed_by
       OR NEW.proposed_at IS DISTINCT FROM OLD.proposed_at
       OR NEW.note IS DISTINCT FROM OLD.note OR NEW.checks IS DISTINCT FROM OLD.checks THEN
        RAISE EXCEPTION 'release % was proposed as it is: propose a new version instead',
            OLD.version;
    END IF;
    IF OLD.approved_at IS NULL AND NEW.approved_at IS NOT NULL THEN
        IF session_user = OLD.proposed_by THEN
            RAISE EXCEPTION '% proposed % version % and cannot also approve it', session_user,
                OLD.kind, OLD.version
                USING HINT = 'another admin must approve it (maker-checker)';
        END IF;
        NEW.approved_by := session_user;
        NEW.approved_at := now();
    ELSIF NEW.approved_at IS DISTINCT FROM OLD.approved_at
          OR NEW.approved_by IS DISTINCT FROM OLD.approved_by THEN
        RAISE EXCEPTION 'the approval of % version % cannot be changed', OLD.kind, OLD.version;
    END IF;
    IF OLD.retired_at IS NOT NULL AND NEW.retired_at IS DISTINCT FROM OLD.retired_at THEN
        RAISE EXCEPTION '% version % was retired and stays retired', OLD.kind, OLD.version;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER releases_maker_checker
    BEFORE INSERT OR UPDATE ON releases
    FOR EACH ROW EXECUTE FUNCTION enforce_release_maker_checker();
CREATE FUNCTION refuse_release_removal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'releases are kept for the record: % is not allowed', TG_OP
        USING HINT = 'propose a new version; a later approval retires the live one';
END $$;
CREATE TRIGGER releases_no_delete
    BEFORE DELETE ON releases
    FOR EACH ROW EXECUTE FUNCTION refuse_release_removal();
CREATE TRIGGER releases_no_truncate
    BEFORE TRUNCATE ON releases
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_release_removal();

-- Champion and challenger: a reproducible share of new cases goes to the challenger.
CREATE TABLE experiments (
    experiment_id           bigserial PRIMARY KEY,
    challenger_rules        bigint NOT NULL REFERENCES releases,
    challenger_model        bigint REFERENCES releases,
    share                   double precision NOT NULL CHECK (share > 0 AND share < 1),
    salt                    text NOT NULL,  -- with the case's key, picks its arm
    note                    text,
    started_by              text NOT NULL DEFAULT session_user,
    started_at              timestamptz NOT NULL DEFAULT now(),
    stopped_by              text,
    stopped_at              timestamptz
);
CREATE UNIQUE INDEX experiments_one_running ON experiments ((true)) WHERE stopped_at IS NULL;

-- What a case started with: the releases live at submission and, during an experiment, its
-- arm. A case keeps them however long it waits for a decision.
ALTER TABLE applications
    ADD COLUMN rules_release  bigint REFERENCES releases,
    ADD COLUMN model_release  bigint REFERENCES releases,
    ADD COLUMN experiment_id  bigint REFERENCES experiments,
    ADD COLUMN arm            text CHECK (arm IN ('champion', 'challenger')),
    ADD CHECK ((experiment_id IS NULL) = (arm IS NULL));
ALTER TABLE decisions
    ADD COLUMN experiment_id  bigint REFERENCES experiments,
    ADD COLUMN arm            text CHECK (arm IN ('champion', 'challenger'));
CREATE INDEX decisions_created ON decisions (created_at);
CREATE INDEX decisions_experiment ON decisions (experiment_id) WHERE experiment_id IS NOT NULL;

-- Repayment as the lender observes it, one row per case and observation date.
CREATE TABLE outcomes (
    outcome_id   bigserial PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES applications,
    as_of        date NOT NULL,
    status       text NOT NULL CHECK (status IN ('current', 'late_30', 'late_90', 'default',
                                                 'repaid')),
    source       text NOT NULL DEFAULT '',
    imported_by  text NOT NULL DEFAULT session_user,
    imported_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, as_of)
);

-- Each case's repayment so far: bad once it was ever 90 days late or in default (the
-- usual definition of default in credit risk).
CREATE VIEW case_outcomes AS
SELECT case_id,
       max(as_of) AS last_as_of,
       (array_agg(status ORDER BY as_of DESC))[1] AS last_status,
       bool_or(status IN ('late_90', 'default')) AS bad
  FROM outcomes
 GROUP BY case_id;

CREATE TABLE backtests (
    backtest_id     bigserial PRIMARY KEY,
    rule_set_name   text NOT NULL,
    rule_set_version text NOT NULL,
    rule_set_sha256 text NOT NULL,
    model_sha256    text,  -- NULL: each case's own stored model
    since           date,
    segment         text,
    summary         jsonb NOT NULL,
    run_by          text NOT NULL DEFAULT session_user,
    run_at          timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT ON releases, experiments, outcomes, case_outcomes, backtests
    TO aviary_admin, aviary_underwriter, aviary_worker;
GRANT INSERT, UPDATE ON releases, experiments, outcomes TO aviary_admin;
GRANT INSERT ON backtests TO aviary_admin;
GRANT SELECT, INSERT ON decisions TO aviary_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO aviary_admin, aviary_worker, aviary_underwriter;
