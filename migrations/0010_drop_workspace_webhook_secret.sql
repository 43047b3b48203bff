-- The workspace-wide webhook secret signed nothing: deliveries are signed with each endpoint's own
-- secret (webhook_endpoints). It was handed out at creation and on rotation all the same, so a host
-- verifying with it rejected every delivery. The code no longer reads or writes it. The column is
-- only made optional here, so instances still running the previous release (which select it)
-- keep working during a rolling deploy; a later release drops it.
ALTER TABLE "workspaces" ALTER COLUMN "webhook_secret_enc" DROP NOT NULL;
