ALTER TABLE "console_users" ADD COLUMN "totp_secret" text;--> statement-breakpoint
ALTER TABLE "console_users" ADD COLUMN "two_step_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "console_users" ADD COLUMN "totp_used_step" integer;--> statement-breakpoint
ALTER TABLE "console_users" ADD COLUMN "recovery_code_hashes" text[] DEFAULT '{}'::text[] NOT NULL;