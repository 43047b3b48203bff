ALTER TABLE "decisions" ADD COLUMN "plan" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "segment" text;