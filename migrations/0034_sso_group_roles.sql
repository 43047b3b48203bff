ALTER TABLE "workspace_sso" ADD COLUMN "groups_claim" text DEFAULT 'groups' NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_sso" ADD COLUMN "group_roles" jsonb DEFAULT '[]'::jsonb NOT NULL;