CREATE TABLE "segment_skips" (
	"workspace_id" text NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"message_id" text NOT NULL,
	"type" text NOT NULL,
	"event" text,
	"reason" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segment_skips_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "segment_skips_newest_idx" ON "segment_skips" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);