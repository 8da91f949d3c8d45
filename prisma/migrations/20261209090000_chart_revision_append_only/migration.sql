-- A chart's history of changes (who changed an allergy, a problem or a vital,
-- from what to what) is what a clinician and an auditor read back later: once
-- written, a revision never changes and is never removed, like the audit trail
-- (refuse_change_to_append_only_table is the audit trail's).
CREATE TRIGGER "ChartRevision_append_only"
    BEFORE UPDATE OR DELETE ON "ChartRevision"
    FOR EACH ROW EXECUTE FUNCTION "refuse_change_to_append_only_table"();

CREATE TRIGGER "ChartRevision_no_truncate"
    BEFORE TRUNCATE ON "ChartRevision"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_to_append_only_table"();
