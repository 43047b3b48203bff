-- The workspace-wide webhook secret signed nothing: deliveries are signed with each endpoint's own
-- secret (webhook_endpoints). It was handed out at creation and on rotation all the same, so a host
-- verifying with it rejected every delivery. Dropped with the credential field.
ALTER TABLE "workspaces" DROP COLUMN "webhook_secret_enc";
