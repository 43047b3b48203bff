ALTER TABLE "purchases" ADD COLUMN "first_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "use_settled_until" timestamp with time zone;