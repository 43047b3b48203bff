ALTER TABLE "workspaces" ADD COLUMN "previous_publishable_key" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "previous_publishable_key_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "previous_secret_key_hash" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "previous_secret_key_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "previous_identity_secret_enc" text;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "previous_identity_secret_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "workspaces_previous_publishable_key_idx" ON "workspaces" USING btree ("previous_publishable_key");--> statement-breakpoint
CREATE INDEX "workspaces_previous_secret_key_hash_idx" ON "workspaces" USING btree ("previous_secret_key_hash");